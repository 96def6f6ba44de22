"""Cases as the console shows them, the queue's filters and order, and deadline recompute."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from bot.cases import CaseStore
from bot.cases.store import cases
from bot.clock import now as clock_now
from bot.dialogue.decisions import decision_for

PAGE_SIZE = 25
AT_RISK_SHARE = 0.25  # less than a quarter of the time to the deadline left
AT_RISK_FLOOR = timedelta(hours=1)  # or less than an hour, whatever the target
FILTERS = ("severity", "case_type", "program", "language", "source", "status", "criterion")


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class CaseView:
    """One case row with what the console derives from it; times aware (UTC)."""

    number: str
    conversation_id: str
    created_at: datetime
    language: str
    customer_timezone: str
    country: str | None
    program: str | None
    role: str | None
    product: str | None
    version: str | None
    severity: int | None
    case_type: str | None
    deadline: datetime | None
    status: str
    source: str
    triage: dict[str, Any]
    decisions: list[dict[str, Any]]
    fields: dict[str, Any]
    missing: list[str]
    messages: list[str]
    extra: dict[str, Any]
    turns: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CaseView:
        extra = dict(row.get("extra") or {})
        return cls(
            number=row["case_number"], conversation_id=row["conversation_id"],
            created_at=_aware(row["created_at"]) or clock_now(),
            language=row["language"], customer_timezone=row["customer_timezone"],
            country=row["country"], program=row["program"], role=row["role"],
            product=row["product"], version=row["version"], severity=row["severity"],
            case_type=row["case_type"], deadline=_aware(row["deadline"]),
            status=row["status"] or "open",
            # `source` and the call's turns come with voice cases; chat cases predate them
            source=row.get("source") or "chat",
            triage=dict(row["triage"] or {}), decisions=list(row["decisions"] or []),
            fields=dict(row["fields"] or {}), missing=list(row["missing"] or []),
            messages=list(row["messages"] or []), extra=extra,
            turns=list(row.get("turns") or extra.get("turns") or []),
        )

    @property
    def suggested_severity(self) -> int | None:
        return self.triage.get("severity")

    @property
    def suggested_case_type(self) -> str | None:
        return self.triage.get("case_type")

    @property
    def criteria(self) -> list[dict[str, str]]:
        return list(self.triage.get("criteria") or [])

    @property
    def criterion(self) -> str:
        """The matched policy criteria, in English, for the staff."""
        return "; ".join(c.get("en", "") for c in self.criteria) or "-"

    @property
    def description(self) -> str:
        """The words the bot triaged: the problem description."""
        return str(self.triage.get("text") or (self.messages[0] if self.messages else ""))

    def time_left(self, now: datetime) -> timedelta | None:
        return None if self.deadline is None else self.deadline - now

    def urgency(self, now: datetime) -> str:
        """breached, at_risk, on_time, no_deadline or closed."""
        left = self.time_left(now)
        if self.status == "closed":
            return "closed"
        if left is None:
            return "no_deadline"
        if left <= timedelta(0):
            return "breached"
        window = (self.deadline or now) - self.created_at
        if left <= max(AT_RISK_FLOOR, window * AT_RISK_SHARE):
            return "at_risk"
        return "on_time"

    def matches(self, wanted: Mapping[str, str]) -> bool:
        """True when the case has every value asked for (strings, as a query string gives)."""
        have = {"severity": str(self.severity), "case_type": self.case_type,
                "program": self.program, "language": self.language, "source": self.source,
                "status": self.status}
        for key, value in wanted.items():
            if key == "criterion":
                if value not in {c.get("id") for c in self.criteria}:
                    return False
            elif have.get(key) != value:
                return False
        return True


def load_cases(store: CaseStore, number: str | None = None) -> list[CaseView]:
    """Every case (or the one numbered `number`) as a view."""
    query = sa.select(cases).where(cases.c.case_number.is_not(None))
    if number is not None:
        query = query.where(cases.c.case_number == number)
    with store.engine.connect() as conn:
        return [CaseView.from_row(r) for r in conn.execute(query).mappings().all()]


def queue_order(views: list[CaseView], now: datetime) -> list[CaseView]:
    """Open cases by time left (breached first), then open ones without a deadline, then
    closed ones, newest first among those."""

    def key(view: CaseView) -> tuple[int, float]:
        left = view.time_left(now)
        if view.status == "closed":
            return (2, -view.created_at.timestamp())
        if left is None:
            return (1, view.created_at.timestamp())
        return (0, left.total_seconds())

    return sorted(views, key=key)


def recompute_deadline(view: CaseView, severity: int, case_type: str) -> datetime | None:
    """The first-response deadline the policy gives this case at its original opening time
    with a new severity and type (None where the policy sets no target)."""
    slots = {
        "program": view.program, "role": view.role, "country": view.country,
        "timezone": view.customer_timezone, "language": view.language,
        "product": view.product, "version": view.version, "severity": str(severity),
        "case_type": case_type, "triage": view.triage,
    }
    return decision_for(slots, view.created_at).sla.deadline
