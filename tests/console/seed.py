"""Cases for console tests, built with the real tier rules so their deadlines are real."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from bot.cases import CaseRecord, CaseStore
from bot.dialogue.decisions import decision_for, decision_log

PASSWORD = "correct horse battery staple"


def seed_case(store: CaseStore, conversation_id: str, text: str, *, severity: int = 3,
              case_type: str = "technical", language: str = "en", program: str = "premium",
              country: str = "US", tz: str = "America/New_York",
              opened: datetime | None = None, source: str = "chat",
              extra: dict[str, Any] | None = None) -> CaseRecord:
    """Store one case as a hand-off would (decisions and deadline from the policy)."""
    opened = opened or datetime.now(timezone.utc) - timedelta(minutes=5)
    triage = {"severity": severity, "severity_confidence": 0.71, "case_type": case_type,
              "case_type_confidence": 0.93, "needs_review": False, "language": language,
              "criteria": [{"id": f"crit_{severity}", "en": f"criterion for {severity}",
                            "ja": f"基準{severity}"}], "text": text}
    slots = {"program": program, "role": "case_administrator", "country": country,
             "timezone": tz, "language": language, "severity": str(severity),
             "case_type": case_type, "triage": triage}
    decision = decision_for(slots, opened)
    return store.save(CaseRecord(
        conversation_id=conversation_id, seq=0, created_at=opened, language=language,
        customer_timezone=tz, country=country, program=program, role="case_administrator",
        product="VBR", version="12.1", severity=severity, case_type=case_type, triage=triage,
        decisions=decision_log(decision), fields={"email": "it@example.com"},
        missing=["phone"], messages=[text], deadline=decision.sla.deadline,
        target=None, source=source, extra=extra or {},
    ))
