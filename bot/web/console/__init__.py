"""The staff review console at `/console`: queue, case pages, review, take-over, learning."""

from __future__ import annotations

from sanic import Sanic

from bot.settings import Settings
from bot.web.console import admin, auth, case, queue
from bot.web.console.context import Console


def add_console(app: Sanic, settings: Settings) -> None:
    """Mount every console route on `app`, with its services in `app.ctx.console`."""
    app.ctx.console = Console.build(settings)
    for module in (auth, queue, case, admin):
        app.blueprint(module.bp)


__all__ = ["add_console"]
