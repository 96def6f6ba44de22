"""The action server: Rasa SDK's app for `actions/`, on loopback, for the Rasa server only.

`rasa run actions` listens on every interface and runs whatever any client posts; a forged
`action_handoff` call could write a case. Here every call but `/health` must carry the
shared secret that the Rasa server sends (`token` in endpoints.yml), bodies are limited and
checked, and errors never echo the request (which holds the whole conversation).
Run with `python -m bot.action_server`.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.lifeline import die_with_supervisor
from bot.settings import load_settings

log = logging.getLogger("bot.action_server")
BODY_MAX_BYTES = 2 * 1024 * 1024  # a long conversation's tracker, with room to spare


def _error(code: str, status: int) -> HTTPResponse:
    return response.json({"error": code, "message": code.replace("_", " ")}, status=status)


def build_app(secret: str) -> Sanic:
    """Rasa SDK's app with the secret check, body checks and quiet errors added."""
    app = create_app("actions", cors_origins="")
    app.config.REQUEST_MAX_SIZE = BODY_MAX_BYTES

    @app.middleware("request")
    async def guard(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        given = request.args.get("token") or ""
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return _error("unauthorized", 401)
        if request.method == "POST" and not _valid_call(request.body):
            return _error("invalid_action_call", 400)
        return None

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            log.error("action call failed: %s", type(exception).__name__)
            return _error("action_failed", 500)
        return _error("bad_request", status)

    return app


def _valid_call(body: bytes) -> bool:
    """An action call is a JSON object naming an action and carrying a tracker object, and
    a domain object when there is one (with `enable_selective_domain` in endpoints.yml Rasa
    sends the domain only to the actions that need it: form validation)."""
    try:
        call: Any = json.loads(body)
    except ValueError:
        return False
    return (isinstance(call, dict) and isinstance(call.get("next_action"), str)
            and isinstance(call.get("tracker"), dict)
            and isinstance(call.get("domain", {}), dict))


def main() -> None:
    """Serve on settings.actions_host (127.0.0.1) at settings.actions_port."""
    die_with_supervisor()
    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = build_app(settings.action_secret())
    app.run(host=settings.actions_host, port=settings.actions_port, workers=1, access_log=False,
            motd=False)


if __name__ == "__main__":
    main()
