"""Web front (Sanic): the customer chat page and the staff review console at `/console`.

`build_app` is the one application; `python -m bot.web` serves it, and `start_web` starts
that as a child process (so the web server never shares Rasa's event loop or signals).
"""

from __future__ import annotations

from bot.settings import Settings
from bot.web.app import build_app
from bot.web.process import WebProcess


def start_web(settings: Settings) -> WebProcess:
    """Serve `build_app` in its own process on `settings.host`:`settings.web_port` (0 picks
    a free port); `.port` is the bound port, `.stop()` ends it."""
    return WebProcess(settings).start()


__all__ = ["WebProcess", "build_app", "start_web"]
