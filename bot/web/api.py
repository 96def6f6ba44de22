"""API routes: `POST /api/transcripts` (finished calls from a voice platform)."""

from __future__ import annotations

import asyncio
from functools import partial

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

from bot.settings import Settings
from bot.transcripts import intake

# The largest call the intake takes, plus room for a multipart envelope's headers.
MAX_BODY = intake.BODY_MAX_BYTES + 64 * 1024


def add_api_routes(app: Sanic, settings: Settings) -> None:
    """Mount the framework-neutral intake handler; it blocks (HTTP to Rasa, SQLite), so it
    runs in a worker thread, off the event loop."""

    async def transcripts(request: Request) -> HTTPResponse:
        hint = request.args.get("filename") or request.headers.get("content-type")
        status, body = await asyncio.get_running_loop().run_in_executor(
            None, partial(intake.handle, request.body or b"", hint, dict(request.headers),
                          settings=settings))
        return json(body, status=status)

    app.add_route(transcripts, "/api/transcripts", methods=["POST"], name="api_transcripts")
