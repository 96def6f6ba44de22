"""Web front: the customer chat page now, the staff review console at `/console` later.

`build_app` is the one routes table; a new part mounts itself there, e.g.
`app.mount("/console", console_handler)`.
"""

from __future__ import annotations

from bot.settings import Settings
from bot.web.chat import SocketChannel, add_chat_routes
from bot.web.server import WebApp, WebServer


def build_app(settings: Settings) -> WebApp:
    """Every route the web server answers."""
    app = WebApp()
    add_chat_routes(app, settings, SocketChannel.from_credentials())
    return app


def start_web(settings: Settings) -> WebServer:
    """Serve `build_app` on `settings.host`:`settings.web_port` (0 picks a free port)."""
    return WebServer(build_app(settings), settings.host, settings.web_port).start()


__all__ = ["WebServer", "build_app", "start_web"]
