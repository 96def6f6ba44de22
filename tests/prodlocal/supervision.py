"""Supervision of a topology from a thread of its own, for tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from bot.prodlocal.topology import ProdLocal


@contextmanager
def supervised(topology: ProdLocal) -> Iterator[None]:
    """Restart exited servers from one thread that lives as long as they do: Linux sends a
    child its parent-death signal when the *thread* that started it ends."""
    done = threading.Event()

    def loop() -> None:
        while not done.wait(0.2):
            topology.supervise()

    thread = threading.Thread(target=loop, name="supervisor", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
