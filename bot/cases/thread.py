"""A case's message thread after hand-off: append-only, one row per message.

The bot no longer pauses a conversation at hand-off: every later customer message is added
here (and staff replies too), so nothing the customer writes is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from bot.cases.store import CaseStore, metadata

AUTHORS = ("customer", "staff", "bot")

case_messages = sa.Table(
    "case_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_number", sa.String(16), nullable=False, index=True),
    sa.Column("at", sa.DateTime, nullable=False),  # UTC, naive in the database
    sa.Column("author", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)


@dataclass(frozen=True)
class CaseMessage:
    """One message of a case's thread; `at` is timezone-aware (UTC)."""

    case_number: str
    at: datetime
    author: str
    text: str


class CaseThread:
    """Append to and read the thread of a case in `store`'s database."""

    def __init__(self, store: CaseStore) -> None:
        self.engine = store.engine

    def append(self, case_number: str, author: str, text: str, at: datetime) -> CaseMessage:
        """Add one message; raises ValueError for an unknown author or a naive time."""
        if author not in AUTHORS:
            raise ValueError(f"author must be one of {AUTHORS}, not {author!r}")
        if at.tzinfo is None:
            raise ValueError("message times must be timezone-aware")
        utc = at.astimezone(timezone.utc)
        with self.engine.begin() as conn:
            conn.execute(sa.insert(case_messages).values(
                case_number=case_number, at=utc.replace(tzinfo=None), author=author, text=text,
            ))
        return CaseMessage(case_number, utc, author, text)

    def messages(self, case_number: str) -> list[CaseMessage]:
        """The thread of one case, oldest first."""
        query = (sa.select(case_messages).where(case_messages.c.case_number == case_number)
                 .order_by(case_messages.c.id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            CaseMessage(r["case_number"], r["at"].replace(tzinfo=timezone.utc), r["author"],
                        r["text"])
            for r in rows
        ]
