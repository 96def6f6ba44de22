"""Staff review of cases: an append-only audit log, and case changes written with their entry.

Every change staff make (confirm, override, contact attempt, close, message, hand-back) is
one `case_audit` row: who, when, what it was before, what it is after, and why. Rows are only
ever inserted; the case's current severity, type, deadline and status live in `cases`, and
each update there happens in the same transaction as its audit row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from bot.cases.store import CaseStore, cases, metadata

ACTIONS = ("confirm", "override", "contact", "close", "message", "handback")
REVIEW_ACTIONS = ("confirm", "override")
CHANGEABLE = ("severity", "case_type", "deadline", "status")

case_audit = sa.Table(
    "case_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_number", sa.String(16), nullable=False, index=True),
    sa.Column("at", sa.DateTime, nullable=False),  # UTC, naive in the database
    sa.Column("actor", sa.String(32), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("before", sa.JSON, nullable=False),
    sa.Column("after", sa.JSON, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
)


@dataclass(frozen=True)
class AuditEntry:
    """One audit row; `before`/`after` hold JSON values (times as ISO 8601 UTC strings)."""

    case_number: str
    at: datetime
    actor: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc).isoformat() if value.tzinfo is None \
            else value.astimezone(timezone.utc).isoformat()
    return value


def _column_value(name: str, value: Any) -> Any:
    if name == "deadline" and value is not None:
        if value.tzinfo is None:
            raise ValueError("deadlines must be timezone-aware")
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


class CaseReview:
    """Write staff changes to cases with their audit entries, and read the log back."""

    def __init__(self, store: CaseStore) -> None:
        self.engine = store.engine

    def change(self, case_number: str, actor: str, action: str, changes: Mapping[str, Any],
               reason: str, at: datetime, note: Mapping[str, Any] | None = None) -> AuditEntry:
        """Apply `changes` (columns of `cases`) and log them, in one transaction.

        `note` adds facts that are not case columns (a contact channel, a resolution kind) to
        the entry's `after`. Raises KeyError for an unknown case, ValueError for a bad action,
        column or naive time.
        """
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
        unknown = set(changes) - set(CHANGEABLE)
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}; only {CHANGEABLE}")
        if at.tzinfo is None:
            raise ValueError("audit times must be timezone-aware")
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(cases).where(cases.c.case_number == case_number)
                               ).mappings().first()
            if row is None:
                raise KeyError(case_number)
            before = {name: _json_value(row[name]) for name in changes}
            after = {name: _json_value(value) for name, value in changes.items()}
            if changes:
                conn.execute(sa.update(cases).where(cases.c.case_number == case_number).values(
                    **{name: _column_value(name, v) for name, v in changes.items()}))
            entry = AuditEntry(case_number, at.astimezone(timezone.utc), actor, action, before,
                               {**after, **(note or {})}, reason)
            conn.execute(sa.insert(case_audit).values(
                case_number=case_number, at=entry.at.replace(tzinfo=None), actor=actor,
                action=action, before=entry.before, after=entry.after, reason=reason))
        return entry

    def log(self, case_number: str) -> list[AuditEntry]:
        """The audit entries of one case, oldest first."""
        query = (sa.select(case_audit).where(case_audit.c.case_number == case_number)
                 .order_by(case_audit.c.id))
        with self.engine.connect() as conn:
            return [_entry(r) for r in conn.execute(query).mappings().all()]

    def reviewed(self) -> set[str]:
        """Numbers of the cases staff confirmed or overrode at least once."""
        query = sa.select(case_audit.c.case_number).where(
            case_audit.c.action.in_(REVIEW_ACTIONS)).distinct()
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars().all())


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(row["case_number"], row["at"].replace(tzinfo=timezone.utc), row["actor"],
                      row["action"], dict(row["before"]), dict(row["after"]), row["reason"])
