"""The bot's one clock: `now()`, which tests can set with TRIAGEBOT_FAKE_NOW.

With TRIAGEBOT_FAKE_NOW (an ISO time with a UTC offset, e.g. 2026-12-31T19:59:00+09:00)
the clock starts at that time the first time it is read in a process and then runs on at
the real rate, so a conversation pinned at 19:59 reaches 20:00 a minute later. A fake
clock must be asked for: `triagebot run --allow-fake-clock`, or TRIAGEBOT_ALLOW_FAKE_CLOCK=1
in the environment of a test's servers; `refuse_unasked_fake_clock` enforces that.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

from bot.settings import Settings, load_settings

_lock = threading.Lock()
# (the fake start time, time.monotonic() when it was first read)
_anchor: tuple[datetime, float] | None = None


class FakeClockRefused(RuntimeError):
    """TRIAGEBOT_FAKE_NOW is set where nobody asked for a fake clock."""


def now(settings: Settings | None = None) -> datetime:
    """The current time in UTC: the real clock, or the fake one when TRIAGEBOT_FAKE_NOW is set."""
    global _anchor
    fake = (settings or load_settings()).fake_now
    if fake is None:
        return datetime.now(timezone.utc)
    with _lock:
        if _anchor is None or _anchor[0] != fake:  # first read, or the variable changed
            _anchor = (fake, time.monotonic())
        started, at = _anchor
    return (started + timedelta(seconds=time.monotonic() - at)).astimezone(timezone.utc)


def refuse_unasked_fake_clock(settings: Settings, asked: bool = False) -> None:
    """Raise FakeClockRefused when a fake clock is set but neither `asked` (a command-line
    flag) nor TRIAGEBOT_ALLOW_FAKE_CLOCK=1 asked for it: production must run on real time."""
    if settings.fake_now is not None and not (asked or settings.allow_fake_clock):
        raise FakeClockRefused(
            f"TRIAGEBOT_FAKE_NOW={settings.fake_now.isoformat()} is set: deadlines would be "
            "computed from a fake time. Unset it, or pass --allow-fake-clock (tests: set "
            "TRIAGEBOT_ALLOW_FAKE_CLOCK=1 in the servers' environment)."
        )
