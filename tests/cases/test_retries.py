"""Transient database errors are retried with back-off; others fail at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from bot.cases import CaseStore
from bot.cases.engine import is_transient, retrying
from tests.cases.test_store import make_case


class PgLost(Exception):
    """Stands in for psycopg2's OperationalError (a dropped or refused connection)."""


def _operational(orig: Exception, invalidated: bool = False) -> OperationalError:
    return OperationalError("SELECT 1", {}, orig, connection_invalidated=invalidated)


CASES = [
    (_operational(PgLost("server closed the connection unexpectedly")), True),
    (_operational(sqlite3.OperationalError("database is locked")), True),
    (_operational(sqlite3.OperationalError("no such table: cases")), False),
    (_operational(sqlite3.OperationalError("no such table"), invalidated=True), True),
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
    (ProgrammingError("SELECT", {}, Exception("syntax error")), False),
    (ValueError("not a database error"), False),
]


@pytest.mark.parametrize(("err", "transient"), CASES)
def test_which_errors_are_transient(err: BaseException, transient: bool) -> None:
    assert is_transient(err) is transient


def test_a_transient_failure_is_retried_with_growing_pauses() -> None:
    pauses: list[float] = []
    calls = iter([_operational(PgLost("refused"))] * 4 + [None])

    def call() -> str:
        err = next(calls)
        if err:
            raise err
        return "stored"

    assert retrying(call, "test", budget=60, sleep=pauses.append) == "stored"
    assert pauses == [0.1, 0.2, 0.4, 0.8]


def test_a_permanent_failure_is_not_retried() -> None:
    pauses: list[float] = []

    def call() -> None:
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE"))

    with pytest.raises(IntegrityError):
        retrying(call, "test", sleep=pauses.append)
    assert pauses == []


def test_retries_stop_when_the_budget_is_spent() -> None:
    pauses: list[float] = []

    def call() -> None:
        raise _operational(PgLost("refused"))

    with pytest.raises(OperationalError):
        retrying(call, "test", budget=0.5, sleep=pauses.append)
    assert sum(pauses) <= 0.5 and pauses


def test_save_survives_a_dropped_connection_and_stores_one_case(tmp_path: Path,
                                                                monkeypatch) -> None:
    store = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    real_begin = store.engine.begin
    failures = [_operational(PgLost("terminating connection"), invalidated=True)]

    def flaky_begin():  # the first transaction loses its connection before commit
        if failures:
            raise failures.pop()
        return real_begin()

    monkeypatch.setattr(store.engine, "begin", flaky_begin)
    monkeypatch.setattr("bot.cases.engine.time.sleep", lambda _: None)
    saved = store.save(make_case("dropped", 0))
    assert saved.case_number
    assert [c.case_number for c in store.all()] == [saved.case_number]
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM cases")).scalar() == 1
