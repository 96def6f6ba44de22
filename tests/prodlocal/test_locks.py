"""The Redis lock store: one turn of a conversation at a time across replicas, in the order
the messages arrived; a dead holder's turn lapses, a slow one keeps its place; no Redis,
no turn."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError
from rasa.utils.endpoints import EndpointConfig

from bot.prodlocal.topology import ProdLocal
from bot.rasa_ext import locks
from bot.rasa_ext.locks import TicketLockStore
from bot.web.process import free_port


def replica(url: str) -> TicketLockStore:
    """A lock store as one Rasa replica creates it from endpoints.yml."""
    store = TicketLockStore(EndpointConfig(url=url))
    assert isinstance(store, TicketLockStore)
    return store


async def _turn(store: TicketLockStore, conversation: str, log: list[str], name: str,
                seconds: float) -> None:
    async with store.lock(conversation):
        log.append(f"start {name}")
        await asyncio.sleep(seconds)
        log.append(f"end {name}")


def test_turns_from_two_replicas_never_overlap_and_keep_arrival_order(
        stores: ProdLocal) -> None:
    async def scenario() -> list[str]:
        first, second = replica(stores.redis.url), replica(stores.redis.url)
        log: list[str] = []
        tasks = []
        for i in range(12):  # messages of one conversation, alternately to each replica
            store = first if i % 2 else second
            tasks.append(asyncio.create_task(_turn(store, "c-order", log, str(i), 0.02)))
            await asyncio.sleep(0.01)  # arrival order: each takes its ticket before the next
        await asyncio.gather(*tasks)
        return log

    log = asyncio.run(scenario())
    assert log == [f"{edge} {i}" for i in range(12) for edge in ("start", "end")]


def test_replicas_racing_for_one_conversation_take_turns(stores: ProdLocal) -> None:
    """Four replicas (threads with their own event loop and connection) at once: tickets
    are taken atomically, so no two turns ever overlap."""
    log: list[str] = []

    def one_replica(n: int) -> None:
        async def turns() -> None:
            store = replica(stores.redis.url)
            for i in range(8):
                await _turn(store, "c-race", log, f"{n}.{i}", 0.002)
        asyncio.run(turns())

    threads = [threading.Thread(target=one_replica, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(log) == 64
    pairs = list(zip(log[::2], log[1::2]))
    assert all(a.split()[0] == "start" and b == f"end {a.split()[1]}" for a, b in pairs), log


def test_other_conversations_do_not_wait(stores: ProdLocal) -> None:
    async def scenario() -> list[str]:
        store, log = replica(stores.redis.url), []
        slow = asyncio.create_task(_turn(store, "c-slow", log, "slow", 0.5))
        while "start slow" not in log:  # the slow turn holds its lock from here on
            await asyncio.sleep(0.01)
        await _turn(store, "c-fast", log, "fast", 0.0)
        await slow
        return log

    assert asyncio.run(scenario())[:3] == ["start slow", "start fast", "end fast"]


@pytest.fixture()
def short_lease(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(locks, "LEASE", 0.6)
    monkeypatch.setattr(locks, "RENEW_EVERY", 0.1)
    return 0.6


def test_a_dead_replicas_turn_lapses_after_its_lease(stores: ProdLocal,
                                                     short_lease: float) -> None:
    async def scenario() -> float:
        store = replica(stores.redis.url)
        counter, queue, lease = store._keys("c-dead")
        # A replica took a ticket and was killed: nobody renews or releases it.
        await store._issue(keys=[counter, queue, f"{lease}dead"],
                           args=["dead", int(short_lease * 1000), 60000])
        loop = asyncio.get_running_loop()
        began = loop.time()
        async with store.lock("c-dead"):
            return loop.time() - began

    waited = asyncio.run(scenario())
    assert short_lease * 0.8 <= waited <= short_lease * 3


def test_a_slow_turn_keeps_its_lock_past_the_lease(stores: ProdLocal,
                                                   short_lease: float) -> None:
    async def scenario() -> list[str]:
        first, second, log = replica(stores.redis.url), replica(stores.redis.url), []
        slow = asyncio.create_task(_turn(first, "c-long", log, "slow", short_lease * 3))
        await asyncio.sleep(0.05)
        await _turn(second, "c-long", log, "next", 0.0)
        await slow
        return log

    assert asyncio.run(scenario()) == ["start slow", "end slow", "start next", "end next"]


def test_a_turn_keeps_its_lock_while_its_event_loop_is_stalled(stores: ProdLocal,
                                                              short_lease: float) -> None:
    """A replica's loop blocks for seconds (its first message loads spaCy): its lease is
    renewed from another thread, so the turn neither fails nor lets the next one in."""
    async def scenario() -> list[str]:
        first, second, log = replica(stores.redis.url), replica(stores.redis.url), []

        async def stalled() -> None:
            async with first.lock("c-stall"):
                log.append("start stalled")
                time.sleep(short_lease * 3)  # noqa: ASYNC251 - the stall under test
                log.append("end stalled")

        task = asyncio.create_task(stalled())
        await asyncio.sleep(0.05)
        other = threading.Thread(target=lambda: asyncio.run(
            _turn(second, "c-stall", log, "next", 0.0)))
        other.start()
        await task
        other.join()
        return log

    assert asyncio.run(scenario()) == ["start stalled", "end stalled", "start next", "end next"]


def test_a_first_turn_connecting_behind_a_stalled_loop_gets_its_lock(
        stores: ProdLocal) -> None:
    """The first messages of a replica open their Redis connections while another turn
    blocks the loop for seconds (spaCy loading): no timeout may count that as Redis down."""
    async def scenario() -> list[str]:
        store, log = replica(stores.redis.url), []  # no connection opened yet

        async def stall() -> None:
            await asyncio.sleep(0)
            time.sleep(2.5)  # noqa: ASYNC251 - the stall under test

        await asyncio.gather(_turn(store, "c-first", log, "first", 0.0), stall())
        return log

    assert asyncio.run(scenario()) == ["start first", "end first"]


def test_no_redis_means_no_turn() -> None:
    async def scenario() -> None:
        async with replica(f"redis://127.0.0.1:{free_port()}/0").lock("c-down"):
            raise AssertionError("a turn ran without its lock")

    with pytest.raises(LockError, match="unreachable"):
        asyncio.run(scenario())


def test_without_a_redis_url_one_process_locks_in_memory(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIAGEBOT_REDIS_URL", "")
    assert isinstance(TicketLockStore(EndpointConfig(url="")), InMemoryLockStore)
    assert isinstance(TicketLockStore(None), InMemoryLockStore)
