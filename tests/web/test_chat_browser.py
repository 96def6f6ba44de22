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
    greeting = page.wait_bot_messages(1, REPLY_TIMEOUT)[0]  # a new conversation opens with it
    page.send("hello")
    reply = page.wait_bot_messages(2, REPLY_TIMEOUT)[1]
    assert not JAPANESE.search(greeting + reply)
    assert "support" in reply.lower()
    assert page.errors == []
    opening, event = user_events(page.conversation_id())
    assert opening["text"] == '/greet{"language":"en"}'  # the page's /get_started
    assert event["text"] == "hello"
    assert event["metadata"].items() >= {
        "timezone": "America/New_York", "locale": "en-US", "country": "US", "language": "en"
    }.items()


def test_japanese_greeting_in_a_fresh_session_gets_a_japanese_reply(
    new_context: NewContext, chat_url: str, user_events: Callable[[str], list[dict]],
) -> None:
    page = ChatPage(new_context("ja-JP", "Asia/Tokyo"), chat_url)
    # greeted in Japanese before writing anything: the browser's language is the first guess
    assert JAPANESE.search(page.wait_bot_messages(1, REPLY_TIMEOUT)[0])
    page.send("こんにちは")
    assert JAPANESE.search(page.wait_bot_messages(2, REPLY_TIMEOUT)[1])
    event = user_events(page.conversation_id())[-1]
    assert event["metadata"].items() >= {"timezone": "Asia/Tokyo", "country": "JP"}.items()


def test_reload_continues_the_same_conversation(
    new_context: NewContext, chat_url: str, user_events: Callable[[str], list[dict]],
) -> None:
    page = ChatPage(new_context(), chat_url)
    page.wait_bot_messages(1, REPLY_TIMEOUT)
    page.send("hello")
    before = page.wait_bot_messages(2, REPLY_TIMEOUT)
    session_id = page.session_id()
    page.reload()
    assert page.session_id() == session_id
    assert page.messages("bot") == before
    page.send("hello")
    page.wait_bot_messages(len(before) + 1, REPLY_TIMEOUT)
    texts = [e["text"] for e in user_events(page.conversation_id())]
    assert texts == ['/greet{"language":"en"}', "hello", "hello"]  # greeted once
