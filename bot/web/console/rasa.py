"""Talk into a customer's conversation through Rasa's HTTP API (token-protected)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import aiohttp

RELAY_ACTION = "action_relay_staff_message"
TIMEOUT = aiohttp.ClientTimeout(total=15)


class RasaUnavailable(RuntimeError):
    """Rasa did not take the request; the message says what it answered."""


class RasaConversations:
    """Deliver staff messages to a conversation and hand it back to the bot."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    async def _post(self, path: str, body: Any, query: str = "") -> None:
        url = f"{self.base_url}{path}?token={quote(self.token)}{query}"
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as http, \
                    http.post(url, json=body) as response:
                if response.status != 200:
                    detail = (await response.text())[:300]
                    raise RasaUnavailable(f"Rasa answered {response.status}: {detail}")
        except (aiohttp.ClientError, TimeoutError) as err:
            raise RasaUnavailable(f"Rasa server not reachable at {self.base_url}: {err}") from err

    async def _slot(self, conversation_id: str, name: str, value: Any) -> None:
        await self._post(f"/conversations/{quote(conversation_id, safe='')}/tracker/events",
                         [{"event": "slot", "name": name, "value": value}])

    async def send(self, conversation_id: str, text: str) -> None:
        """Utter `text` in the conversation, on the channel the customer last wrote from
        (socket.io: their chat page's session room)."""
        await self._slot(conversation_id, "staff_message", text)
        await self._post(f"/conversations/{quote(conversation_id, safe='')}/execute",
                         {"name": RELAY_ACTION}, "&output_channel=latest")

    async def hand_back(self, conversation_id: str) -> None:
        """The bot answers the customer again: the hand-off slot is cleared."""
        await self._slot(conversation_id, "handoff_case", None)
