"""Limits on the Rasa server itself, installed by the channels when the server starts.

Rasa builds its Sanic app internally; a blueprint listener is the one place where a
channel is handed that app, so the body-size limit and its JSON error are set there for
every route (webhooks and the HTTP API alike), and the HTTP API's conversation ids and
texts get the same checks as the channels' (`api_guard`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import InputError, check_sender, clean_text
from bot.settings import load_settings

log = logging.getLogger("bot.channels")
# Largest request body of any route, the HTTP API included (Sanic's default is 100 MB).
SERVER_BODY_MAX = 1024 * 1024


def install_server_limits(blueprint: Blueprint) -> None:
    """Set the server-wide limits when the app that mounts `blueprint` starts."""

    @blueprint.listener("before_server_start")
    async def limits(app: Sanic, _: Any) -> None:
        if getattr(app.ctx, "triagebot_limits", False):
            return  # both channels install this; once is enough
        app.ctx.triagebot_limits = True
        app.config.REQUEST_MAX_SIZE = SERVER_BODY_MAX
        app.error_handler.add(PayloadTooLarge, _too_large)
        app.register_middleware(api_guard(load_settings().max_message_chars), "request")


async def _too_large(request: Request, _: Exception) -> HTTPResponse:
    err = InputError("body_too_large", 413)
    lang = "ja" if request.headers.get("accept-language", "").lower().startswith("ja") else "en"
    return response.json(err.body(lang), status=413)


def api_guard(max_chars: int) -> Any:
    """Request middleware: HTTP API conversation ids and texts within the channels' limits."""

    async def guard(request: Request) -> HTTPResponse | None:
        parts = request.path.split("/")
        try:
            if len(parts) > 2 and parts[1] == "conversations":
                check_sender(parts[2], allow_reserved_prefix=True)
            if request.method == "POST" and (
                    request.path == "/model/parse" or request.path.endswith("/messages")):
                body = json.loads(request.body or b"null")
                if not isinstance(body, dict):
                    raise InputError("invalid_json")
                clean_text(body.get("text"), max_chars)
        except InputError as err:
            return response.json(err.body("en"), status=err.status)
        except ValueError:
            return response.json(InputError("invalid_json").body("en"), status=400)
        return None

    return guard


def quiet_log(event: str, sender_id: str) -> None:
    """Log a channel event without personal data: the sender id only as a short hash."""
    digest = hashlib.sha256(sender_id.encode("utf-8", "replace")).hexdigest()[:12]
    log.warning("%s (conversation %s)", event, digest)
