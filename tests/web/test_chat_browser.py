"""The chat page in headless Chromium, talking to the real Rasa and action servers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext

from .chatpage import ChatPage

pytestmark = pytest.mark.integration
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
REPLY_TIMEOUT = 60.0  # the first message after start-up also loads the model's graph
NewContext = Callable[..., BrowserContext]


def test_english_greeting_gets_an_english_reply(
    new_context: NewContext, chat_url: str, user_events: Callable[[str], list[dict]],
) -> None:
    page = ChatPage(new_context("en-US", "America/New_York"), chat_url)
    page.send("hello")
    reply = page.wait_bot_messages(1, REPLY_TIMEOUT)[0]
    assert not JAPANESE.search(reply)
    assert "support" in reply.lower()
    assert page.errors == []
    [event] = user_events(page.conversation_id())
    assert event["text"] == "hello"
    assert event["metadata"].items() >= {
        "timezone": "America/New_York", "locale": "en-US", "country": "US"
    }.items()


def test_japanese_greeting_in_a_fresh_session_gets_a_japanese_reply(
    new_context: NewContext, chat_url: str, user_events: Callable[[str], list[dict]],
) -> None:
    page = ChatPage(new_context("ja-JP", "Asia/Tokyo"), chat_url)
    assert page.messages("bot") == []
    page.send("こんにちは")
    assert JAPANESE.search(page.wait_bot_messages(1, REPLY_TIMEOUT)[0])
    [event] = user_events(page.conversation_id())
    assert event["metadata"].items() >= {"timezone": "Asia/Tokyo", "country": "JP"}.items()


def test_reload_continues_the_same_conversation(
    new_context: NewContext, chat_url: str, user_events: Callable[[str], list[dict]],
) -> None:
    page = ChatPage(new_context(), chat_url)
    page.send("hello")
    before = page.wait_bot_messages(1, REPLY_TIMEOUT)
    session_id = page.session_id()
    page.reload()
    assert page.session_id() == session_id
    assert page.messages("bot") == before
    page.send("hello")
    page.wait_bot_messages(len(before) + 1, REPLY_TIMEOUT)
    assert [e["text"] for e in user_events(page.conversation_id())] == ["hello", "hello"]
