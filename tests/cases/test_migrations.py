"""The case store's schema comes from its Alembic migrations, and matches the tables the
code queries; older databases are adopted; SQLite commits are durable."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.cases import CaseStore
from bot.cases.engine import make_engine
from bot.cases.migrate import current, downgrade, head, upgrade
from bot.cases.review import case_audit
from bot.cases.store import cases, metadata
from bot.cases.thread import case_messages
from bot.staff.accounts import staff
from bot.staff.sessions import staff_sessions
from tests.cases.test_store import make_case

# Every table of the case store's database, as the code defines them (imported so that
# the metadata compared below holds them all).
TABLES = {t.name for t in (cases, case_messages, case_audit, staff, staff_sessions)}


def schema_differences(engine: sa.engine.Engine) -> list:
    """What Alembic's autogenerate would change to make the database match the code."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_a_new_database_gets_every_table_at_the_newest_revision(tmp_path: Path) -> None:
    store = CaseStore(f"sqlite:///{tmp_path / 'new.db'}")
    assert current(store.engine) == head() == "0002"
    assert TABLES == set(metadata.tables)
    assert TABLES <= set(sa.inspect(store.engine).get_table_names())
    assert schema_differences(store.engine) == []


def test_the_handoff_key_is_unique_in_the_migrated_schema(tmp_path: Path) -> None:
    store = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    store.save(make_case("c1", 0))
    row = {"conversation_id": "c1", "seq": 0, "created_at": "2026-12-01 10:00:00",
           "language": "en", "customer_timezone": "UTC", "reason": "r", "status": "open",
           "triage": "{}", "decisions": "[]", "fields": "{}", "missing": "[]",
           "messages": "[]", "extra": "{}"}
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.text(f"INSERT INTO cases ({', '.join(row)}) VALUES "
                             f"({', '.join(':' + k for k in row)})"), row)


def test_a_database_made_before_migrations_is_adopted_with_its_rows(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'legacy.db'}", future=True)
    metadata.create_all(engine)  # how every table was made before Alembic
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO staff (username, password_hash, role, timezone, created_at) "
            "VALUES ('ana', 'x', 'admin', 'UTC', '2026-12-01 10:00:00')"))
    store = CaseStore(str(engine.url))
    assert current(store.engine) == head()
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT username FROM staff")).scalars().all() == ["ana"]
    assert schema_differences(store.engine) == []


def test_downgrade_to_empty_and_upgrade_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    assert upgrade(engine) == head()
    downgrade(engine, "base")
    assert current(engine) is None
    assert not TABLES & set(sa.inspect(engine).get_table_names())
    assert upgrade(engine) == head()
    assert schema_differences(engine) == []


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            CaseStore(url).save(make_case("same", 0))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [c.conversation_id for c in CaseStore(url).all()] == ["same"]


def test_sqlite_commits_are_durable(tmp_path: Path) -> None:
    store = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a database URL"):
        CaseStore("cases.db")
