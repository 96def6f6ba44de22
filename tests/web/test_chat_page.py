"""The chat page in headless Chromium against a stand-in Rasa (no trained model needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.web import start_web

from .chatpage import ChatPage, eventually
from .conftest import web_settings
from .fake_rasa import BUTTONS, FakeRasa

NewContext = Callable[..., BrowserContext]


@pytest.fixture(autouse=True)
def _only_this_tests_messages(fake_rasa: FakeRasa) -> None:
    """The stand-in lives for the session; each test must see only what its page sent."""
    fake_rasa.received.clear()


def last_received(fake: FakeRasa, message: str) -> dict[str, Any]:
    """What the page sent for `message` (waits for it to arrive)."""

    def arrived() -> dict[str, Any] | None:
        return next((d for d in reversed(fake.received) if d["message"] == message), None)

    return eventually(arrived, what=f"the page to send {message!r}")


def test_sends_text_with_session_and_customer_metadata(
    new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    page = ChatPage(new_context("en-US", "America/New_York"), fake_chat_url)
    page.send("hello")
    assert page.wait_bot_messages(1) == ["you said hello"]
    assert page.messages("user") == ["hello"]
    sent = last_received(fake_rasa, "hello")
    assert sent["session_id"] == page.session_id()
    assert sent["metadata"] == {"timezone": "America/New_York", "locale": "en-US", "country": "US",
                                "language": "en"}


def test_button_sends_its_payload_and_shows_its_title(
    new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    page = ChatPage(new_context(), fake_chat_url)
    page.send("my backup failed")
    page.wait_bot_messages(1)
    buttons = page.page.locator(".choices button")
    assert buttons.all_text_contents() == [b["title"] for b in BUTTONS]
    buttons.first.click()
    assert page.wait_bot_messages(2)[-1] == f"payload {BUTTONS[0]['payload']}"
    assert page.messages("user") == ["my backup failed", BUTTONS[0]["title"]]
    assert last_received(fake_rasa, BUTTONS[0]["payload"])["session_id"] == page.session_id()
    for button in buttons.all():
        expect(button).to_be_disabled()
    expect(page.page.locator("#message")).to_be_focused()
    assert page.errors == []


def test_reload_keeps_session_history_and_answered_buttons(
    new_context: NewContext, fake_chat_url: str
) -> None:
    page = ChatPage(new_context(), fake_chat_url)
    page.send("first")
    page.wait_bot_messages(1)
    page.page.locator(".choices button").first.click()
    page.wait_bot_messages(2)
    session_id, bot_before = page.session_id(), page.messages("bot")
    page.reload()
    assert page.session_id() == session_id
    assert page.messages("bot") == bot_before
    assert page.messages("user") == ["first", BUTTONS[0]["title"]]
    expect(page.page.locator(".choices button").first).to_be_disabled()
    page.send("second")  # replies still arrive: the reloaded page rejoined its session room
    assert page.wait_bot_messages(3)[-1] == "you said second"


def test_bot_text_is_shown_as_text_never_as_markup(
    new_context: NewContext, fake_chat_url: str
) -> None:
    page = ChatPage(new_context(), fake_chat_url)
    dialogs: list[str] = []
    page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.send('<img src=x onerror="alert(1)">')
    assert page.wait_bot_messages(1) == ['you said <img src=x onerror="alert(1)">']
    assert page.page.locator("#log img").count() == 0
    assert dialogs == []


def test_enter_sends_and_shift_enter_breaks_the_line(
    new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    page = ChatPage(new_context(), fake_chat_url)
    box = page.page.locator("#message")
    box.type("line one")
    box.press("Shift+Enter")
    box.type("line two")
    box.press("Enter")
    assert last_received(fake_rasa, "line one\nline two")
    expect(box).to_have_value("")


def test_japanese_browser_gets_japanese_chrome_and_can_switch(
    new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    page = ChatPage(new_context("ja-JP", "Asia/Tokyo"), fake_chat_url)
    html, send = page.page.locator("html"), page.page.locator("#send")
    expect(html).to_have_attribute("lang", "ja")
    expect(send).to_have_text("送信")
    page.send("こんにちは")
    assert page.wait_bot_messages(1) == ["you said こんにちは"]
    metadata = last_received(fake_rasa, "こんにちは")["metadata"]
    assert metadata == {"timezone": "Asia/Tokyo", "locale": "ja-JP", "country": "JP",
                        "language": "ja"}
    page.page.click("#lang-switch")
    expect(html).to_have_attribute("lang", "en")
    expect(send).to_have_text("Send")
    page.reload()  # the customer's choice outlives the reload
    expect(html).to_have_attribute("lang", "en")
    expect(send).to_have_text("Send")


def test_page_says_when_rasa_is_unreachable(new_context: NewContext, tmp_path: Path) -> None:
    server = start_web(web_settings(tmp_path, rasa_port=9))
    try:
        page = new_context().new_page()
        page.goto(server.url)
        expect(page.locator("#status")).to_have_attribute("data-state", "offline")
        expect(page.locator("#send")).to_be_disabled()
    finally:
        server.stop()
