"""The SQL tracker store without reading the whole conversation on every message.

Rasa's `SQLTrackerStore.retrieve` selects every event of the conversation's session and
turns each JSON row back into an event (at 280 events: 24 ms CPU, half of it parsing); its
`save` first counts the stored rows. `CachedTrackerStore` keeps each recent conversation's
events in memory with the highest row id it has seen, and asks the database only for rows
past that id: none, unless another replica wrote, and those are read and appended. Every
answer is the one Rasa's store would give (same events, same session cut by the latest
`SessionStarted` timestamp); a tracker handed out is built fresh, so a turn that fails
before it is saved leaves the cache as stored. A save first checks that the newest row is
still the one it knows, else it counts as Rasa does. Several replicas stay correct because
a conversation's turns never overlap (the lock store) and each turn starts by reading the
rows it has not seen.

On SQLite the file runs in WAL mode with `synchronous=NORMAL`: a commit is no longer an
fsync (21 ms on this disk, the largest part of a first turn), and a crash of the process
loses nothing; only an OS crash or power cut can drop the last turns. The case store, the
record the customer is told about, keeps fsyncing every commit (`bot/cases/engine.py`).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.rasa_ext.trackers import TrackerStore, _retrying

# Events kept in memory over all conversations: 2.6 KB each (measured), so about 80 MB, a
# hundred conversations that reached a hand-off or a thousand short ones; the least
# recently used are dropped (their next message reads them whole, as Rasa's store does).
CACHED_EVENTS = 30_000


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """The row Rasa's SQL store writes for `event` (`SQLTrackerStore.save`)."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name,
            "timestamp": data.get("timestamp"), "action_name": data.get("name"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "data": json.dumps(data)}


@dataclass
class _Session:
    """What Rasa's retrieve would return for a conversation, and how far the rows go."""

    events: list[Event]
    last_id: int  # highest row id of this conversation read or written
    started: float | None  # latest SessionStarted timestamp stored, None before any

    def add(self, events: Iterable[Event], last_id: int) -> None:
        """Rows stored after the ones known; cut at the latest session start, as Rasa's
        query does (`timestamp >= max(session_started.timestamp)`)."""
        new = list(events)
        starts = [e.timestamp for e in new if isinstance(e, SessionStarted)]
        if starts:
            self.started = max([*starts, *([self.started] if self.started is not None else [])])
        merged = [*self.events, *new]
        self.events = (merged if self.started is None
                       else [e for e in merged if e.timestamp >= self.started])
        self.last_id = max(self.last_id, last_id)


class CachedTrackerStore(TrackerStore):
    """`bot.rasa_ext.trackers.TrackerStore` reading and counting only what it has not seen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool), and the
            # last connection to close checkpoints the WAL with an fsync: keep them open.
            self.engine.dispose()
            self.engine = sa.create_engine(self.engine.url, poolclass=sa.pool.QueuePool,
                                           pool_pre_ping=True,
                                           connect_args={"check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._cached = 0

    def _keep(self, sender_id: str, session: _Session) -> None:
        """Remember `session`, forgetting the least recently used beyond CACHED_EVENTS."""
        self._forget(sender_id)
        self._sessions[sender_id] = session
        self._cached += len(session.events)
        while self._cached > CACHED_EVENTS and len(self._sessions) > 1:
            _, dropped = self._sessions.popitem(last=False)
            self._cached -= len(dropped.events)

    def _forget(self, sender_id: str) -> None:
        dropped = self._sessions.pop(sender_id, None)
        if dropped is not None:
            self._cached -= len(dropped.events)

    def _read(self, sender_id: str) -> _Session:
        """The conversation's session, from the cache plus newer rows, or read whole."""
        known = self._sessions.get(sender_id)
        with self.session_scope() as db:
            if known is None:
                rows = self._event_query(db, sender_id, fetch_events_from_all_sessions=False)
                found = _Session([], 0, None)
            else:
                rows = (db.query(self.SQLEvent)
                        .filter(self.SQLEvent.sender_id == sender_id,
                                self.SQLEvent.id > known.last_id)
                        .order_by(self.SQLEvent.id))
                found = _Session(list(known.events), known.last_id, known.started)
            fetched = [(row.id, json.loads(row.data)) for row in rows.all()]
        if fetched:
            found.add(deserialise_events([data for _, data in fetched]), fetched[-1][0])
        self._keep(sender_id, found)
        return found

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's tracker, as Rasa's SQL store returns it."""
        if self.domain is None:
            return await super().retrieve(sender_id)

        async def read() -> _Session:
            return self._read(sender_id)

        found = await _retrying(read, "reading a tracker")
        if not found.events:
            return None
        # A fresh tracker over the kept events: replaying them is cheap (0.4 ms at 280
        # events), parsing them is what Rasa's store spends its time on.
        return DialogueStateTracker.from_events(sender_id, list(found.events), self.domain.slots)

    def _write(self, tracker: DialogueStateTracker) -> bool:
        """Store the events past the known ones; False when the rows are not the ones known
        (then Rasa's own save counts them)."""
        known = self._sessions.get(tracker.sender_id)
        if known is None:
            return False
        new = list(tracker.events)[len(known.events):]
        table = self.SQLEvent.__table__
        newest = sa.select(sa.func.max(table.c.id)).where(table.c.sender_id == tracker.sender_id)
        with self.session_scope() as db:
            if (db.execute(newest).scalar() or 0) != known.last_id:
                return False
            if new:  # one statement for all rows, not one ORM object each
                db.execute(table.insert(), [_row(tracker.sender_id, e) for e in new])
                last_id = db.execute(newest).scalar() or 0
                db.commit()
            else:
                last_id = known.last_id
        self._forget(tracker.sender_id)  # counted out at its old size, before it grows
        known.add(new, last_id)
        self._keep(tracker.sender_id, known)
        return True

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events in one transaction, waiting out a restart."""
        if self.event_broker is not None:  # Rasa's save streams events; keep its path
            self._forget(tracker.sender_id)
            await super().save(tracker)
            return
        sender_id = tracker.sender_id

        async def attempt() -> None:
            try:
                if self._write(tracker):
                    return
            except BaseException:
                self._forget(sender_id)  # a retry counts the rows, as Rasa's save does
                raise
            self._forget(sender_id)
            await super(TrackerStore, self).save(tracker)

        await _retrying(attempt, "saving a tracker")
