"""The socket.io channel driven as a community Rasa widget (rasa-webchat) drives it, without
this project's page: its own session id first, the `/get_started` opening payload, metadata
under `customData`, and a reconnection that resumes the session."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import pytest
import socketio

from bot.settings import Settings

pytestmark = pytest.mark.integration
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CUSTOM_DATA = {"language": "ja", "timezone": "Asia/Tokyo", "country": "JP"}


async def _turn(url: str, asked_id: str, messages: list[str],
                custom_data: dict[str, Any]) -> tuple[str, list[list[dict[str, Any]]]]:
    """One connection: ask for session `asked_id`, send `messages` with `customData`;
    the session id the server confirmed and the replies to each message."""
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    client.on("session_confirm", confirmed.put_nowait)
    client.on("bot_uttered", replies.put_nowait)
    await client.connect(url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10)
    try:
        await client.emit("session_request", {"session_id": asked_id})
        session = await asyncio.wait_for(confirmed.get(), 10)
        answers = []
        for text in messages:
            await client.emit("user_uttered", {"message": text, "customData": custom_data,
                                               "session_id": session})
            got = [await asyncio.wait_for(replies.get(), 60)]
            while True:  # a turn may bring several messages; take those that follow closely
                try:
                    got.append(await asyncio.wait_for(replies.get(), 2))
                except asyncio.TimeoutError:
                    break
            answers.append(got)
        return session, answers
    finally:
        await client.disconnect()


def run_apart(coroutine: Any) -> Any:
    """`asyncio.run` in a thread of its own: once a browser test has run, Playwright's sync
    API keeps an event loop in the test thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture()
def turn(running_bot: Settings) -> Callable[..., tuple[str, list[list[dict[str, Any]]]]]:
    url = f"http://127.0.0.1:{running_bot.rasa_port}"
    return lambda asked, messages, data=CUSTOM_DATA: run_apart(
        _turn(url, asked, messages, data))


def _tracker(settings: Settings, session: str) -> dict[str, Any]:
    sender = "web-" + session.split(".")[0]
    url = (f"http://127.0.0.1:{settings.rasa_port}/conversations/{quote(sender)}/tracker"
           f"?token={quote(settings.auth_token())}")
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(json.load(response))


def test_opening_payload_greets_in_the_language_of_custom_data_and_session_resumes(
        turn: Callable[..., tuple[str, list[list[dict[str, Any]]]]],
        running_bot: Settings) -> None:
    own_id = uuid.uuid4().hex  # what rasa-webchat asks for: the server issues its own
    session, [greeting] = turn(own_id, ["/get_started"])
    assert session != own_id
    assert JAPANESE.search(greeting[0]["text"]) and "サポート" in greeting[0]["text"]
    resumed, [proposal] = turn(session, ["本番環境のバックアップジョブがすべて失敗しています"])
    assert resumed == session
    assert any("重大度" in r.get("text", "") for r in proposal)
    slots = _tracker(running_bot, session)["slots"]
    # customData told the country and zone: the dialogue will not ask for them
    assert (slots["language"], slots["country"], slots["timezone"]) == ("ja", "JP", "Asia/Tokyo")


def test_english_metadata_greets_in_english_and_a_japanese_customer_is_then_answered_in_japanese(
        turn: Callable[..., tuple[str, list[list[dict[str, Any]]]]]) -> None:
    _, [greeting, reply] = turn(uuid.uuid4().hex, ["/get_started", "こんにちは"],
                                {"language": "en", "timezone": "Europe/London"})
    assert not JAPANESE.search(greeting[0]["text"]) and "support" in greeting[0]["text"].lower()
    assert JAPANESE.search(reply[0]["text"])  # what the customer writes decides from then on
