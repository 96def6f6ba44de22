"""Case store on SQLAlchemy Core: SQLite by default, any SQLAlchemy URL (e.g. PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.cases.engine import make_engine, retrying
from bot.cases.migrate import ensure_schema
from bot.cases.model import CaseRecord
from bot.clock import now

metadata = sa.MetaData()
cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_number", sa.String(16), unique=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),  # UTC, naive in the database
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("customer_timezone", sa.String(64), nullable=False),
    sa.Column("country", sa.String(8)),
    sa.Column("program", sa.String(32)),
    sa.Column("role", sa.String(32)),
    sa.Column("product", sa.String(128)),
    sa.Column("version", sa.String(64)),
    sa.Column("severity", sa.Integer),
    sa.Column("case_type", sa.String(32)),
    sa.Column("deadline", sa.DateTime),  # UTC
    sa.Column("target", sa.String(128)),
    sa.Column("reason", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, default="open"),
    sa.Column("triage", sa.JSON, nullable=False),
    sa.Column("decisions", sa.JSON, nullable=False),
    sa.Column("fields", sa.JSON, nullable=False),
    sa.Column("missing", sa.JSON, nullable=False),
    sa.Column("messages", sa.JSON, nullable=False),
    sa.Column("extra", sa.JSON, nullable=False),
    sa.Column("source", sa.String(8), nullable=False, server_default="chat"),  # chat | voice
    sa.Column("dedupe_key", sa.String(128)),  # voice: content hash + call id
    sa.UniqueConstraint("conversation_id", "seq", name="one_case_per_handoff"),
    sa.Index("one_case_per_call", "dedupe_key", unique=True),
)
# The tables here describe the schema to queries; bot/cases/migrations creates it (a test
# compares the two).

CASE_NUMBER_BASE = 7_000_000  # case numbers are 8 digits starting with 0: 07000001 ...


def _utc_naive(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("case times must be timezone-aware")
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=timezone.utc)


class CaseStore:
    """Writes each hand-off once, in one transaction, and reads cases back."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        retrying(lambda: ensure_schema(self.engine), "case store migration")

    def save(self, case: CaseRecord) -> CaseRecord:
        """Store `case` and return it with its case number; a repeated hand-off is not stored
        twice: the case stored the first time is returned. A lost connection is retried
        (the insert and its number are one transaction, so no try leaves half a case)."""
        return retrying(lambda: self._save(case), f"saving the case of {case.conversation_id}")

    def _save(self, case: CaseRecord) -> CaseRecord:
        existing = self._find(case.conversation_id, case.seq)
        if existing:
            return existing
        row: dict[str, Any] = {
            "conversation_id": case.conversation_id, "seq": case.seq,
            "created_at": _utc_naive(case.created_at), "language": case.language,
            "customer_timezone": case.customer_timezone, "country": case.country,
            "program": case.program, "role": case.role, "product": case.product,
            "version": case.version, "severity": case.severity, "case_type": case.case_type,
            "deadline": _utc_naive(case.deadline), "target": case.target, "reason": case.reason,
            "status": case.status, "triage": case.triage, "decisions": case.decisions,
            "fields": case.fields, "missing": case.missing, "messages": case.messages,
            "extra": case.extra, "source": case.source, "dedupe_key": case.dedupe_key,
        }
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(sa.insert(cases).values(**row)).inserted_primary_key[0]
                number = f"{CASE_NUMBER_BASE + int(new_id):08d}"
                conn.execute(sa.update(cases).where(cases.c.id == new_id)
                             .values(case_number=number))
        except IntegrityError:  # a concurrent retry of the same hand-off won the race
            found = self._find(case.conversation_id, case.seq)
            if found is None:
                raise
            return found
        return replace(case, case_number=number)

    def save_call(self, case: CaseRecord) -> CaseRecord:
        """Store a voice call's case once per `dedupe_key`: a re-run of the same file returns
        the case stored the first time."""
        if not case.dedupe_key:
            raise ValueError("a call's case needs a dedupe_key (content hash + call id)")
        existing = self.find_call(case.dedupe_key)
        if existing:
            return existing
        # The key doubles as conversation id, so one_case_per_handoff also settles races.
        return self.save(replace(case, conversation_id=f"voice:{case.dedupe_key}", seq=0))

    def find_call(self, dedupe_key: str) -> CaseRecord | None:
        """The case of one voice call, if it was stored."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(cases).where(cases.c.dedupe_key == dedupe_key)
            ).mappings().first()
        return _record(row) if row else None

    def find(self, conversation_id: str, seq: int) -> CaseRecord | None:
        """The case of one hand-off, if it was stored."""
        return retrying(lambda: self._find(conversation_id, seq), "reading a case")

    def _find(self, conversation_id: str, seq: int) -> CaseRecord | None:
        query = sa.select(cases).where(
            cases.c.conversation_id == conversation_id, cases.c.seq == seq
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _record(row) if row else None

    def get(self, case_number: str) -> CaseRecord | None:
        """A case by its number."""
        return retrying(lambda: self._get(case_number), "reading a case")

    def _get(self, case_number: str) -> CaseRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(cases).where(cases.c.case_number == case_number)
            ).mappings().first()
        return _record(row) if row else None

    def all(self) -> list[CaseRecord]:
        """Every case, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(cases).order_by(cases.c.id)).mappings().all()
        return [_record(row) for row in rows]


def _record(row: Any) -> CaseRecord:
    return CaseRecord(
        conversation_id=row["conversation_id"], seq=row["seq"],
        created_at=_aware(row["created_at"]) or now(),
        language=row["language"], customer_timezone=row["customer_timezone"],
        country=row["country"], program=row["program"], role=row["role"],
        product=row["product"], version=row["version"], severity=row["severity"],
        case_type=row["case_type"], triage=_json(row["triage"]),
        decisions=_json(row["decisions"]), fields=_json(row["fields"]),
        missing=_json(row["missing"]), messages=_json(row["messages"]),
        deadline=_aware(row["deadline"]), target=row["target"], reason=row["reason"],
        case_number=row["case_number"], extra=_json(row["extra"]),
        source=row["source"], status=row["status"], dedupe_key=row["dedupe_key"],
    )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@lru_cache(maxsize=4)
def open_store(url: str) -> CaseStore:
    """One store per URL per process (engines pool connections)."""
    return CaseStore(url)
