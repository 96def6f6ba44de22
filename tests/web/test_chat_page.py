"""The chat page in headless Chromium against a stand-in Rasa (no trained model needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.settings import load_settings
from bot.web import start_web

from .chatpage import ChatPage
from .fake_rasa import BUTTONS, FakeRasa
from .webdriver import Browser, wait_for

OpenBrowser = Callable[..., Browser]


def last_received(fake: FakeRasa, message: str) -> dict[str, Any]:
    """What the page sent for `message` (waits for it to arrive)."""

    def arrived() -> dict[str, Any] | None:
        return next((d for d in reversed(fake.received) if d["message"] == message), None)

    return wait_for(arrived, what=f"the page to send {message!r}")


def test_sends_text_with_session_and_customer_metadata(
    open_browser: OpenBrowser, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    page = ChatPage(open_browser("en-US", "America/New_York"), fake_chat_url)
    page.send("hello")
    assert page.wait_bot_messages(1) == ["you said hello"]
    assert page.messages("user") == ["hello"]
    sent = last_received(fake_rasa, "hello")
    assert sent["session_id"] == page.session_id()
    assert sent["metadata"] == {"timezone": "America/New_York", "locale": "en-US", "country": "US"}


def test_button_sends_its_payload_and_shows_its_title(
    open_browser: OpenBrowser, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    browser = open_browser()
    page = ChatPage(browser, fake_chat_url)
    page.send("my backup failed")
    page.wait_bot_messages(1)
    assert browser.texts(".choices button") == [b["title"] for b in BUTTONS]
    browser.click(".choices button")
    assert page.wait_bot_messages(2)[-1] == f"payload {BUTTONS[0]['payload']}"
    assert page.messages("user") == ["my backup failed", BUTTONS[0]["title"]]
    assert last_received(fake_rasa, BUTTONS[0]["payload"])["session_id"] == page.session_id()
    assert browser.run("return [...document.querySelectorAll('.choices button')]"
                       ".every(b => b.disabled)")
    assert browser.run("return document.activeElement.id") == "message"
    assert browser.console_errors() == []


def test_reload_keeps_session_history_and_answered_buttons(
    open_browser: OpenBrowser, fake_chat_url: str
) -> None:
    browser = open_browser()
    page = ChatPage(browser, fake_chat_url)
    page.send("first")
    page.wait_bot_messages(1)
    browser.click(".choices button")
    page.wait_bot_messages(2)
    session_id, bot_before = page.session_id(), page.messages("bot")
    page.reload()
    assert page.session_id() == session_id
    assert page.messages("bot") == bot_before
    assert page.messages("user") == ["first", BUTTONS[0]["title"]]
    assert browser.run("return document.querySelector('.choices button').disabled")
    page.send("second")  # replies still arrive: the reloaded page rejoined its session room
    assert page.wait_bot_messages(3)[-1] == "you said second"


def test_bot_text_is_shown_as_text_never_as_markup(
    open_browser: OpenBrowser, fake_chat_url: str
) -> None:
    browser = open_browser()
    page = ChatPage(browser, fake_chat_url)
    page.send('<img src=x onerror="document.title=1">')
    assert page.wait_bot_messages(1) == ['you said <img src=x onerror="document.title=1">']
    assert browser.run("return document.querySelectorAll('#log img').length") == 0


def test_enter_sends_and_shift_enter_breaks_the_line(
    open_browser: OpenBrowser, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    browser = open_browser()
    ChatPage(browser, fake_chat_url)
    enter, shift, release = "\ue007", "\ue008", "\ue000"
    browser.type("#message", f"line one{shift}{enter}{release}line two{enter}")
    assert last_received(fake_rasa, "line one\nline two")
    assert browser.run("return document.getElementById('message').value") == ""


def test_japanese_browser_gets_japanese_chrome_and_can_switch(
    open_browser: OpenBrowser, fake_chat_url: str, fake_rasa: FakeRasa
) -> None:
    browser = open_browser("ja-JP", "Asia/Tokyo")
    page = ChatPage(browser, fake_chat_url)
    lang = "return [document.documentElement.lang, document.getElementById('send').textContent]"
    assert browser.run(lang) == ["ja", "送信"]
    page.send("こんにちは")
    assert page.wait_bot_messages(1) == ["you said こんにちは"]
    metadata = last_received(fake_rasa, "こんにちは")["metadata"]
    assert metadata == {"timezone": "Asia/Tokyo", "locale": "ja-JP", "country": "JP"}
    browser.click("#lang-switch")
    assert browser.run(lang) == ["en", "Send"]
    page.reload()  # the customer's choice outlives the reload
    assert browser.run(lang) == ["en", "Send"]


def test_page_says_when_rasa_is_unreachable(open_browser: OpenBrowser) -> None:
    with_dead_rasa = replace(load_settings(), host="127.0.0.1", rasa_port=9, web_port=0)
    server = start_web(with_dead_rasa)
    try:
        browser = open_browser()
        browser.get(f"http://127.0.0.1:{server.port}/")
        wait_for(lambda: browser.run("return document.getElementById('status').dataset.state")
                 == "offline", what="the page to report the lost connection")
        assert browser.run("return document.getElementById('send').disabled")
    finally:
        server.stop()
