"""`CachedTrackerStore` answers as Rasa's SQL tracker store does, reading only new rows.

Two cached stores (two replicas) and Rasa's own `SQLTrackerStore` share one SQLite file;
after every step of random conversations (turns saved or lost, sessions restarted,
clocks that repeat or go back) each cached store must return what Rasa's returns.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext import tracker_cache
from bot.rasa_ext.tracker_cache import CachedTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, describe_issue]
slots:
  language: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  severity: {type: text, influence_conversation: false, mappings: [{type: custom}]}
""")
SENDERS = ["alice", "bob", "chika"]


LOOP = asyncio.new_event_loop()  # the stores' calls are coroutines; one loop for them all


def run(coro: Any) -> Any:
    return LOOP.run_until_complete(coro)


def dump(tracker: DialogueStateTracker | None) -> list[dict[str, Any]] | None:
    return None if tracker is None else [e.as_dict() for e in tracker.events]


class Clock:
    """Event timestamps that mostly rise, sometimes repeat and now and then go back."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.now = rng, 1_000_000.0

    def __call__(self) -> float:
        self.now += self.rng.choice([1.0, 1.0, 1.0, 0.0, -0.5])
        return self.now


def new_events(rng: random.Random, clock: Clock) -> list[Event]:
    if rng.random() < 0.15:  # a session restart
        return [ActionExecuted("action_session_start", timestamp=clock()),
                SessionStarted(timestamp=clock()), ActionExecuted("action_listen",
                                                                  timestamp=clock())]
    pick = [lambda: UserUttered(f"message {rng.random():.4f}", {"name": "greet"},
                                timestamp=clock()),
            lambda: ActionExecuted("utter_greet", timestamp=clock()),
            lambda: SlotSet("language", rng.choice(["en", "ja"]), timestamp=clock())]
    return [rng.choice(pick)() for _ in range(rng.randint(1, 4))]


@pytest.fixture()
def stores(tmp_path: Path) -> tuple[list[CachedTrackerStore], SQLTrackerStore]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    replicas = [CachedTrackerStore(domain=DOMAIN, host=url) for _ in range(2)]
    return replicas, SQLTrackerStore(domain=DOMAIN, host=url)


def random_conversations(seed: int, cached_url: str, rasa_url: str, steps: int = 100) -> None:
    """The same steps in two worlds, two cached replicas on `cached_url` and two of Rasa's
    stores on `rasa_url`: after every step both databases hold the same conversations."""
    worlds: list[list[Any]] = [[CachedTrackerStore(domain=DOMAIN, host=cached_url)
                                for _ in range(2)],
                               [SQLTrackerStore(domain=DOMAIN, host=rasa_url) for _ in range(2)]]
    reader = SQLTrackerStore(domain=DOMAIN, host=cached_url)
    held: list[dict[tuple[int, str], DialogueStateTracker]] = [{}, {}]
    rng, clock = random.Random(seed), Clock(random.Random(seed + 100))
    for _ in range(steps):
        replica, sender = rng.randrange(2), rng.choice(SENDERS)
        stale = (replica, sender) in held[0] and rng.random() < 0.2
        added = [e.as_dict() for e in new_events(rng, clock)]
        save = rng.random() < 0.85  # else the turn fails before its save
        for world, trackers in zip(worlds, held):
            store = world[replica]
            # A stale turn goes on from a tracker read before the other replica wrote.
            tracker = (trackers[replica, sender] if stale
                       else run(store.retrieve(sender)) or store.init_tracker(sender))
            for event in deserialise_events(added):
                tracker.update(event)
            trackers[replica, sender] = tracker
            if save:
                run(store.save(tracker))
        for cached in worlds[0]:  # the cache's count is that of the events it keeps
            assert cached._cached == sum(len(k.events) for k in cached._sessions.values())
        for other in SENDERS:  # what is stored, read by Rasa's store: the replicas' caches
            expected = dump(run(worlds[1][0].retrieve(other)))  # stay as they are
            assert dump(run(reader.retrieve(other))) == expected
            if rng.random() < 0.1:  # now and then, what each replica answers
                assert [dump(run(r.retrieve(other))) for r in worlds[0]] == [expected] * 2


@pytest.mark.parametrize("seed", range(4))
def test_random_conversations_match_rasas_store(seed: int, tmp_path: Path) -> None:
    random_conversations(seed, f"sqlite:///{tmp_path / 'cached.db'}",
                         f"sqlite:///{tmp_path / 'rasa.db'}")


@pytest.mark.parametrize("seed", range(2))
def test_a_small_cache_forgets_and_still_matches(seed: int, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracker_cache, "CACHED_EVENTS", 8)  # fewer than one conversation
    random_conversations(seed, f"sqlite:///{tmp_path / 'cached.db'}",
                         f"sqlite:///{tmp_path / 'rasa.db'}", steps=60)


def test_the_least_recently_used_conversation_is_dropped(
        stores: tuple[list[CachedTrackerStore], SQLTrackerStore],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tracker_cache, "CACHED_EVENTS", 5)
    (store, _), _ = stores
    for sender in SENDERS:  # three conversations of three events each
        assert run(store.retrieve(sender)) is None
        tracker = store.init_tracker(sender)
        for text in ("a", "b", "c"):
            tracker.update(UserUttered(text, {"name": "greet"}))
        run(store.save(tracker))
    assert list(store._sessions) == [SENDERS[-1]] and store._cached == 3


def test_a_warm_cache_parses_no_stored_event_again(
        stores: tuple[list[CachedTrackerStore], SQLTrackerStore],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (store, _), _ = stores
    assert run(store.retrieve("dana")) is None  # as Rasa does before creating a tracker
    tracker = store.init_tracker("dana")
    for text in ("hello", "our backups fail"):
        tracker.update(UserUttered(text, {"name": "greet"}))
        tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    parsed: list[int] = []
    real = tracker_cache.deserialise_events

    def counting(rows: list[dict[str, Any]]) -> list[Event]:
        parsed.append(len(rows))
        return real(rows)

    monkeypatch.setattr(tracker_cache, "deserialise_events", counting)
    loaded = run(store.retrieve("dana"))
    assert loaded is not None and len(loaded.events) == 4 and parsed == []
    assert loaded is not run(store.retrieve("dana"))  # each caller gets its own tracker


def test_a_lost_turn_is_not_remembered(
        stores: tuple[list[CachedTrackerStore], SQLTrackerStore]) -> None:
    (store, _), rasa = stores
    tracker = store.init_tracker("eve")
    tracker.update(UserUttered("hello", {"name": "greet"}))
    run(store.save(tracker))
    lost = run(store.retrieve("eve"))
    lost.update(SlotSet("severity", "1"))  # the turn fails: no save
    again = run(store.retrieve("eve"))
    assert dump(again) == dump(run(rasa.retrieve("eve"))) and again.get_slot("severity") is None


def test_sqlite_runs_in_wal_mode(stores: tuple[list[CachedTrackerStore], SQLTrackerStore]
                                 ) -> None:
    (store, _), _ = stores
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
