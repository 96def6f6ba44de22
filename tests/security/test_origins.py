"""Browsers may call the Rasa server only from the configured origins (the chat page's)."""

from __future__ import annotations

import json

import pytest
import socketio

from bot.settings import Settings
from tests import run_async
from tests.security.corpus import send

pytestmark = pytest.mark.integration
EVIL = "http://evil.example"


def _cors(settings: Settings, origin: str) -> str | None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", settings.rasa_port, timeout=10)
    body = json.dumps({"sender": "cors-check", "message": "hello"})
    conn.request("POST", "/webhooks/rest/webhook", body,
                 {"Origin": origin, "Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("Access-Control-Allow-Origin")


def test_cors_allows_the_chat_page_only(running_bot: Settings) -> None:
    [page, *_] = running_bot.allowed_origins
    assert _cors(running_bot, page) == page
    assert _cors(running_bot, EVIL) in (None, "")


async def _connect(settings: Settings, origin: str) -> bool:
    client = socketio.AsyncClient()
    try:
        await client.connect(f"http://127.0.0.1:{settings.rasa_port}", headers={"Origin": origin},
                             transports=["polling"], wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        return False
    await client.disconnect()
    return True


def test_socketio_refuses_other_origins(running_bot: Settings) -> None:
    assert run_async(_connect(running_bot, running_bot.allowed_origins[0]))
    assert not run_async(_connect(running_bot, EVIL))


def test_api_conversation_ids_are_checked(running_bot: Settings) -> None:
    token = running_bot.auth_token()
    base = f"http://127.0.0.1:{running_bot.rasa_port}/conversations"
    status, body = send(f"{base}/{'x' * 300}/tracker?token={token}", None, method="GET")
    assert status == 400 and json.loads(body)["error"] == "invalid_sender"
    status, _ = send(f"{base}/fine-id/tracker?token={token}", None, method="GET")
    assert status == 200
