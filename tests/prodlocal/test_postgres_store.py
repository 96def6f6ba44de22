"""The case store on PostgreSQL: the same migrations, a hand-off key that holds between
processes, durable commits, and saves that wait out a database restart."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time

import sqlalchemy as sa

from bot.cases import CaseStore
from bot.cases.migrate import current, head
from bot.prodlocal.topology import ProdLocal
from tests.cases.test_migrations import schema_differences
from tests.cases.test_store import make_case


def test_migrations_build_the_same_schema_on_postgresql(pg_url: str) -> None:
    store = CaseStore(pg_url)
    assert store.engine.dialect.name == "postgresql"
    assert current(store.engine) == head()
    assert schema_differences(store.engine) == []


def test_commits_wait_for_the_disk(pg_url: str) -> None:
    with CaseStore(pg_url).engine.connect() as conn:
        assert conn.execute(sa.text("SHOW synchronous_commit")).scalar() == "on"
        assert conn.execute(sa.text("SHOW fsync")).scalar() == "on"


def _save_after(url: str, barrier: multiprocessing.synchronize.Barrier,
                numbers: multiprocessing.Queue) -> None:
    store = CaseStore(url)
    barrier.wait()
    numbers.put(store.save(make_case("twice", 3)).case_number)


def test_two_processes_saving_one_handoff_store_one_case(pg_url: str) -> None:
    CaseStore(pg_url)  # migrated before the race
    spawn = multiprocessing.get_context("spawn")
    barrier, numbers = spawn.Barrier(4), spawn.Queue()
    workers = [spawn.Process(target=_save_after, args=(pg_url, barrier, numbers))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    given = {numbers.get(timeout=5) for _ in workers}
    cases = CaseStore(pg_url).all()
    assert len(given) == 1 and [c.case_number for c in cases] == list(given)


def _restart(stores: ProdLocal, stopped: threading.Event) -> None:
    """Fast-shutdown PostgreSQL; the supervisor starts it again, as in production."""
    server = stores.servers["postgres"]
    old = server.proc
    assert old is not None
    old.send_signal(signal.SIGINT)
    old.wait(30)
    stopped.set()
    deadline = time.monotonic() + 60
    while (server.proc is old or not server.alive) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_saves_during_a_restart_wait_for_it_and_lose_nothing(stores: ProdLocal,
                                                              pg_url: str) -> None:
    store = CaseStore(pg_url)
    store.save(make_case("before", 0))  # the pool holds a connection the restart kills
    stopped = threading.Event()
    restarter = threading.Thread(target=_restart, args=(stores, stopped))
    restarter.start()
    stopped.wait(30)
    saved = [store.save(make_case(f"during-{i}", 0)).case_number for i in range(5)]
    restarter.join()
    assert stores.servers["postgres"].restarts >= 1
    stored = {c.conversation_id: c.case_number for c in store.all()}
    assert [stored[f"during-{i}"] for i in range(5)] == saved
    assert len(stored) == 6
