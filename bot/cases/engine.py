"""Database engines for the case store: durable writes, and retries on transient errors.

A case the customer was told about must survive a crash: SQLite runs in WAL mode with
`synchronous=FULL` (each commit is fsynced), PostgreSQL with `synchronous_commit=on` for
every session whatever the server's default. Connections are checked before use, so a
restarted database costs one failed ping, not a failed hand-off.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger("bot.cases")
T = TypeVar("T")
# A PostgreSQL restart or fail-over takes a few seconds; a hand-off waits this long at most.
RETRY_BUDGET = 30.0
RETRY_FIRST = 0.1
RETRY_CAP = 2.0
SQLITE_BUSY_MS = 10_000  # several processes write one file: wait for the lock, do not fail


class StoreUrlError(ValueError):
    """TRIAGEBOT_CASES_URL is not a database URL; the message shows one that is."""


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def make_engine(url: str) -> sa.engine.Engine:
    """An engine for `url` (sqlite:///PATH or postgresql://...) with durable commits."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as err:
        raise StoreUrlError(f"case store URL {url!r} is not a database URL; write e.g. "
                          "sqlite:///var/cases.db or postgresql://user@host/db") from err
    kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"options": "-c synchronous_commit=on", "connect_timeout": 5}
    return sa.create_engine(parsed, **kwargs)


def is_transient(err: BaseException) -> bool:
    """Whether `err` may go away on its own: a lost or refused connection, a busy SQLite."""
    if not isinstance(err, DBAPIError):
        return False
    if err.connection_invalidated:
        return True
    if not isinstance(err, OperationalError):
        return False  # integrity and programming errors repeat on every try
    if isinstance(err.orig, sqlite3.OperationalError):
        text = str(err.orig).lower()
        return "locked" in text or "busy" in text
    return True  # PostgreSQL raises OperationalError for connection-level failures only


def retrying(call: Callable[[], T], what: str, budget: float = RETRY_BUDGET,
             sleep: Callable[[float], None] = time.sleep) -> T:
    """`call()`, tried again with doubling pauses while it fails transiently, for at most
    `budget` seconds; the last error is raised."""
    start = time.monotonic()
    waited = 0.0  # counted apart from the clock, so a test's `sleep` keeps the budget too
    pause = RETRY_FIRST
    attempt = 1
    while True:
        try:
            return call()
        except DBAPIError as err:
            spent = max(waited, time.monotonic() - start)
            if not is_transient(err) or spent + pause > budget:
                raise
            log.warning("%s failed (%s), attempt %d; retrying in %.1f s", what,
                        type(err.orig).__name__, attempt, pause)
        sleep(pause)
        waited += pause
        pause = min(RETRY_CAP, pause * 2)
        attempt += 1
