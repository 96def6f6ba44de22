"""Helpers for the integration tests; `running_bot` itself lives in tests/conftest.py."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest

from bot.settings import Settings


@pytest.fixture()
def say(running_bot: Settings) -> Callable[[str, str], list[dict]]:
    """Send one message over the REST channel and return the bot's replies."""

    def _say(sender: str, text: str) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{running_bot.rasa_port}/webhooks/rest/webhook",
            data=json.dumps({"sender": sender, "message": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            return list(json.load(response))

    return _say
