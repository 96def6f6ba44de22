"""Rasa's SQL tracker store with a URL, checked connections and retries on lost ones.

`tracker_store: type: bot.rasa_ext.trackers.TrackerStore`, `url: ${TRIAGEBOT_TRACKER_URL}`
in endpoints.yml: a SQLite file by default, `postgresql://...` in production, the same
class either way. While PostgreSQL restarts, reads and writes of a tracker wait (with
back-off, at most `RETRY_BUDGET` seconds) instead of failing the turn; a write is one
transaction that adds only the events not stored yet, so trying it again is safe.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from bot.cases.engine import RETRY_CAP, RETRY_FIRST, is_transient
from bot.settings import load_settings

log = logging.getLogger("bot.rasa_ext.trackers")
T = TypeVar("T")
RETRY_BUDGET = 20.0  # shorter than the case store's: a customer is waiting for this turn


async def _retrying(call: Callable[[], Awaitable[T]], what: str) -> T:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RETRY_BUDGET
    pause = RETRY_FIRST
    while True:
        try:
            return await call()
        except sa.exc.DBAPIError as err:
            if not is_transient(err) or loop.time() + pause > deadline:
                raise
            log.warning("%s failed (%s); retrying in %.1f s", what, type(err.orig).__name__,
                        pause)
        await asyncio.sleep(pause)
        pause = min(RETRY_CAP, pause * 2)


class TrackerStore(SQLTrackerStore):
    """SQL tracker store from one URL (`host` as Rasa passes it, else the settings)."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        url = host or load_settings().tracker_store_url
        super().__init__(domain=domain, host=url, **kwargs)
        # Rasa's engine does not ping pooled connections: after a database restart every
        # pooled connection would fail one request each.
        rasa_engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        rasa_engine.dispose()
        options = create_engine_kwargs(rasa_engine.url)
        if rasa_engine.dialect.name == "postgresql":
            options["connect_args"] = {**options.get("connect_args", {}), "connect_timeout": 5}
        self.engine = sa.create_engine(rasa_engine.url, pool_pre_ping=True, **options)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's tracker, waiting out a database restart."""
        return await _retrying(lambda: super(TrackerStore, self).retrieve(sender_id),
                               "reading a tracker")

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """Every session's events, waiting out a database restart."""
        return await _retrying(
            lambda: super(TrackerStore, self).retrieve_full_tracker(conversation_id),
            "reading a tracker")

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events in one transaction, waiting out a restart."""
        await _retrying(lambda: super(TrackerStore, self).save(tracker), "saving a tracker")

    async def keys(self) -> Iterable[str]:
        """Every conversation id, waiting out a database restart."""
        return await _retrying(lambda: super(TrackerStore, self).keys(), "listing trackers")
