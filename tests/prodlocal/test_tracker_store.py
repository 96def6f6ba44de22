"""Rasa's tracker store on PostgreSQL through one URL: trackers round-trip, and reads and
writes wait out a database restart instead of failing the turn."""

from __future__ import annotations

import asyncio
import threading

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.prodlocal.topology import ProdLocal
from bot.rasa_ext.trackers import TrackerStore
from tests.prodlocal.test_postgres_store import _restart


def _tracker(sender: str, texts: list[str]) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, [])
    for text in texts:
        tracker.update(UserUttered(text))
        tracker.update(ActionExecuted("action_listen"))
    return tracker


def test_a_tracker_round_trips_through_postgresql(pg_url: str) -> None:
    store = TrackerStore(domain=Domain.empty(), host=pg_url)
    assert store.engine.dialect.name == "postgresql"
    asyncio.run(store.save(_tracker("t-1", ["hello", "こんにちは"])))
    loaded = asyncio.run(store.retrieve("t-1"))
    assert loaded is not None
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == ["hello",
                                                                              "こんにちは"]


def test_saving_during_a_restart_waits_and_stores_each_event_once(stores: ProdLocal,
                                                                  pg_url: str) -> None:
    store = TrackerStore(domain=Domain.empty(), host=pg_url)
    asyncio.run(store.save(_tracker("t-2", ["before"])))
    stopped = threading.Event()
    restarter = threading.Thread(target=_restart, args=(stores, stopped))
    restarter.start()
    stopped.wait(30)
    asyncio.run(store.save(_tracker("t-2", ["before", "during"])))
    restarter.join()
    loaded = asyncio.run(store.retrieve("t-2"))
    assert loaded is not None
    assert [e.text for e in loaded.events if isinstance(e, UserUttered)] == ["before", "during"]
