"""Failed-login limits per account and per client address, in memory (one web process)."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW = 15 * 60.0  # seconds
MAX_PER_ACCOUNT = 5  # then that account waits, whatever address tries it
MAX_PER_ADDRESS = 20  # then that address waits, whatever account it tries


class LoginLimiter:
    """Count failures in a sliding window; `retry_after` > 0 means refuse the attempt."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        now, times = self._clock(), self._failures[key]
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return times

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until this account or address may try again (0: now)."""
        waits = [0.0]
        for key, limit in ((f"user:{username}", MAX_PER_ACCOUNT),
                           (f"addr:{address}", MAX_PER_ADDRESS)):
            times = self._recent(key)
            if len(times) >= limit:
                waits.append(times[0] + WINDOW - self._clock())
        return int(max(waits)) + (1 if max(waits) > 0 else 0)

    def failed(self, username: str, address: str) -> None:
        """Record one failed attempt."""
        now = self._clock()
        self._failures[f"user:{username}"].append(now)
        self._failures[f"addr:{address}"].append(now)

    def succeeded(self, username: str) -> None:
        """A right password clears the account's count (not the address's)."""
        self._failures.pop(f"user:{username}", None)
