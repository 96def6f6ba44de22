"""Rasa's socket.io channel without a browser, as credentials.yml configures it.

With `session_persistence: true` Rasa sends replies to a room named by the session id; with
python-socketio 5.10+ joining that room silently fails (an un-awaited coroutine) and no reply
ever arrives. These tests guard the python-socketio<5.10 pin.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import socketio

from bot.settings import Settings
from bot.web.chat import SocketChannel

pytestmark = pytest.mark.integration
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
METADATA = {"timezone": "Asia/Tokyo", "locale": "ja-JP", "country": "JP"}


async def _exchange(url: str, session_id: str | None, text: str) -> tuple[str, list[dict[str, Any]]]:
    """Resume `session_id` (None: a new session) on a new connection, send `text`; return
    the session id the server confirmed and the replies."""
    channel = SocketChannel.from_credentials()
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue[str] = asyncio.Queue()
    replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    client.on("session_confirm", confirmed.put_nowait)
    client.on(channel.bot_message_evt, replies.put_nowait)
    # Long-polling only: python-engineio 4.15's client websocket needs aiohttp>=3.10 (Rasa
    # pins <3.10). The browser tests cover the websocket transport.
    await client.connect(url, socketio_path=channel.path, transports=["polling"], wait_timeout=10)
    try:
        await client.emit("session_request", {"session_id": session_id})
        confirmed_id = await asyncio.wait_for(confirmed.get(), 10)
        message = {"message": text, "session_id": confirmed_id, channel.metadata_key: METADATA}
        await client.emit(channel.user_message_evt, message)
        received = [await asyncio.wait_for(replies.get(), 60)]
        while True:  # a turn may bring several messages; take those that follow closely
            try:
                received.append(await asyncio.wait_for(replies.get(), 2))
            except asyncio.TimeoutError:
                return confirmed_id, received
    finally:
        await client.disconnect()


def run_apart(coroutine: Any) -> Any:
    """`asyncio.run` in a thread of its own: once a browser test has run, Playwright's sync
    API keeps an event loop in the test thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture()
def exchange(
    running_bot: Settings,
) -> Callable[[str | None, str], tuple[str, list[dict[str, Any]]]]:
    url = f"http://127.0.0.1:{running_bot.rasa_port}"
    return lambda session_id, text: run_apart(_exchange(url, session_id, text))


def test_replies_arrive_in_the_session_room(
    exchange: Callable[[str | None, str], tuple[str, list[dict[str, Any]]]],
) -> None:
    _, replies = exchange(None, "hello")
    assert "support" in replies[0]["text"].lower()


def test_a_new_connection_continues_the_session_and_passes_metadata(
    exchange: Callable[[str | None, str], tuple[str, list[dict[str, Any]]]],
    user_events: Callable[[str], list[dict]],
) -> None:
    session, _ = exchange(None, "こんにちは")
    resumed, replies = exchange(session, "こんにちは")  # like a page reload: new socket
    assert resumed == session
    assert JAPANESE.search(replies[0]["text"])
    events = user_events("web-" + session.split(".")[0])
    assert [e["text"] for e in events] == ["こんにちは", "こんにちは"]
    assert all(e["metadata"].items() >= METADATA.items() for e in events)
