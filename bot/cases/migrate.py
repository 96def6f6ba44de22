"""The case store's schema: Alembic migrations in `bot/cases/migrations`, applied in order.

`triagebot db upgrade` runs them, and so does every start-up (`start_bot`, and any
`CaseStore` that finds its database behind): SQLite and PostgreSQL get their schema from
the same scripts. Several processes may start at once, so an upgrade holds a lock first
(PostgreSQL: an advisory lock; SQLite: a lock file beside the database).
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

log = logging.getLogger("bot.cases.migrate")
# Alembic announces each of its plugins at INFO, in every process that opens the store.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
# Any constant works; it names this project's migration lock among a server's advisory locks.
PG_LOCK_KEY = 0x7472_6961_6765  # "triage"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("bot.cases") / "migrations"))
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision the scripts define."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None, "bot/cases/migrations/versions holds no revision"
    return revision


def current(engine: sa.engine.Engine) -> str | None:
    """The revision the database is at; None before the first migration."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _sqlite_lock(engine: sa.engine.Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(Path(database).with_name(Path(database).name + ".migrate-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: sa.engine.Engine, revision: str = "head") -> str | None:
    """Apply every migration up to `revision` under the lock; returns the revision reached."""
    postgres = engine.dialect.name == "postgresql"
    lock = _sqlite_lock(engine) if engine.dialect.name == "sqlite" else _no_lock()
    with lock, engine.connect() as conn:
        if postgres:
            conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": PG_LOCK_KEY})
        try:
            config = _config()
            config.attributes["connection"] = conn
            before = MigrationContext.configure(conn).get_current_revision()
            command.upgrade(config, revision)
            conn.commit()
            after = MigrationContext.configure(conn).get_current_revision()
        finally:
            if postgres:
                conn.rollback()  # a failed migration leaves the transaction aborted
                conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": PG_LOCK_KEY})
                conn.commit()
    if before != after:
        log.info("case store migrated from %s to %s", before or "empty", after)
    return after


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


def downgrade(engine: sa.engine.Engine, revision: str) -> None:
    """Undo migrations down to `revision` ("base" for an empty database)."""
    with engine.connect() as conn:
        config = _config()
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()


def ensure_schema(engine: sa.engine.Engine) -> None:
    """Upgrade the database unless it is at the newest revision already (one query)."""
    if current(engine) != head():
        upgrade(engine)
