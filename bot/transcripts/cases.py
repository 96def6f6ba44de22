"""A call's record as a case for staff review (source voice, status pending_review)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.cases import CaseRecord, CaseStore
from bot.clock import now as clock_now
from bot.policy import load_policy

PENDING_REVIEW = "pending_review"


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def case_from_record(record: dict[str, Any], now: datetime | None = None) -> CaseRecord:
    """The case of one triaged call: the caller's words in `messages`, every turn (agent's
    too) in `extra["turns"]`."""
    created = _moment(record.get("started_at")) or now or clock_now()
    fields = dict(record.get("fields") or {})
    criterion = record.get("criterion")
    return CaseRecord(
        conversation_id=f"voice:{record['dedupe_key']}", seq=0, created_at=created,
        language=record.get("language") or "en",
        customer_timezone=record.get("timezone") or "UTC", country=record.get("country"),
        program=record.get("program"), role=None, product=fields.get("product"),
        version=fields.get("version"), severity=record.get("severity"),
        case_type=record.get("case_type"),
        triage={"severity": record.get("severity"),
                "severity_confidence": record.get("severity_confidence"),
                "case_type": record.get("case_type"),
                "case_type_confidence": record.get("case_type_confidence"),
                "criteria": [criterion] if criterion else [],
                "needs_review": record.get("needs_review", True)},
        decisions=[], fields=fields, missing=list(record.get("missing") or []),
        messages=[t["text"] for t in record.get("turns") or [] if t.get("role") == "caller"],
        deadline=_moment(record.get("deadline")), target=record.get("deadline_target"),
        reason="voice call",
        extra={"turns": record.get("turns") or [], "file": record.get("file"),
               "call_id": record.get("id"), "format": record.get("format"),
               "agent_speakers": record.get("agent_speakers") or [],
               "caller_text": record.get("caller_text"), "warnings": record.get("warnings") or [],
               "needs_review": record.get("needs_review", True),
               "policy_version": load_policy().version},
        source="voice", status=PENDING_REVIEW, dedupe_key=record["dedupe_key"],
    )


def store_call(store: CaseStore, record: dict[str, Any]) -> dict[str, Any]:
    """Store the call's case once (a re-run returns the first case) and name it in the record."""
    case = store.save_call(case_from_record(record))
    return {**record, "case_number": case.case_number}
