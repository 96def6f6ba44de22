"""The embeddable widget on the example page, in headless Chromium against a stand-in Rasa."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, expect

from bot.web import start_web

from .chatpage import WidgetPage, eventually
from .conftest import web_settings
from .fake_rasa import HANDOFF, OPENING, REFUSED, FakeRasa

NewContext = Callable[..., BrowserContext]
EXAMPLE = "embed-example.html"


@pytest.fixture(autouse=True)
def _only_this_tests_messages(fake_rasa: FakeRasa) -> None:
    fake_rasa.received.clear()


def received(fake: FakeRasa, message: str, count: int = 1) -> list[dict[str, Any]]:
    """What the widget sent as `message`, once it has arrived `count` times."""

    def arrived() -> list[dict[str, Any]] | None:
        found = [d for d in fake.received if d["message"] == message]
        return found if len(found) >= count else None

    return eventually(arrived, what=f"the widget to send {message!r} {count} time(s)")


def test_example_page_embeds_the_widget_with_one_tag_and_a_strict_csp(
        fake_chat_url: str) -> None:
    with urllib.request.urlopen(fake_chat_url + EXAMPLE, timeout=10) as response:
        page = response.read().decode()
        csp = response.headers["Content-Security-Policy"]
    assert page.count("<script src=") == 1 and 'src="/widget.js"' in page
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    with urllib.request.urlopen(fake_chat_url + "widget.js", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert b"attachShadow" in response.read()


def test_widget_opens_with_the_greeting_payload_and_sends_custom_data(
        new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa) -> None:
    widget = WidgetPage(new_context("ja-JP", "Asia/Tokyo"), fake_chat_url + EXAMPLE)
    [opening] = received(fake_rasa, OPENING)
    # The example page configures metadataKey "customData", as rasa-webchat sends it.
    assert opening["customData"] == {"timezone": "Asia/Tokyo", "locale": "ja-JP",
                                     "country": "JP", "language": "ja"}
    assert opening["session_id"] == widget.session_id()
    expect(widget.page.locator("#send")).to_have_text("送信")
    widget.send("こんにちは")
    assert widget.wait_bot_messages(1) == ["you said こんにちは"]
    assert widget.messages("user") == ["こんにちは"]  # the opening payload is never shown
    assert widget.errors == []


def test_reload_keeps_history_and_the_open_chat_and_greets_only_once(
        new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa) -> None:
    widget = WidgetPage(new_context(), fake_chat_url + EXAMPLE)
    widget.send("first")
    widget.wait_bot_messages(1)
    session = widget.session_id()
    widget.reload()
    assert widget.session_id() == session
    assert widget.messages("user") == ["first"] and widget.messages("bot") == ["you said first"]
    widget.send("second")
    assert widget.wait_bot_messages(2)[-1] == "you said second"
    assert len([d for d in fake_rasa.received if d["message"] == OPENING]) == 1


def test_customer_html_is_shown_as_text(new_context: NewContext, fake_chat_url: str) -> None:
    widget = WidgetPage(new_context(), fake_chat_url + EXAMPLE)
    dialogs: list[str] = []
    widget.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    typed = '<img src=x onerror="alert(1)"><b>bold</b>'
    widget.send(typed)
    widget.wait_bot_messages(1)
    assert widget.messages("user") == [typed]
    assert widget.page.locator("#log img, #log b").count() == 0
    assert dialogs == []


def test_a_refused_message_is_marked_and_can_be_resent(
        new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa) -> None:
    widget = WidgetPage(new_context(), fake_chat_url + EXAMPLE)
    widget.send(REFUSED)
    expect(widget.page.locator("#status")).to_have_attribute("data-state", "error")
    failed = widget.page.locator(".msg--failed")
    expect(failed).to_have_count(1)
    expect(failed.locator(".text")).to_have_text(REFUSED)
    assert widget.messages("bot") == []  # the refusal is the error state, not a bot bubble
    failed.locator(".tb-retry").click()
    received(fake_rasa, REFUSED, count=2)


def test_offline_chat_keeps_the_typed_text_for_resending(
        new_context: NewContext, tmp_path: Path) -> None:
    server = start_web(web_settings(tmp_path, rasa_port=9))
    try:
        page = new_context().new_page()
        page.goto(server.url + EXAMPLE)
        page.click("#launcher")
        expect(page.locator("#status")).to_have_attribute("data-state", "offline")
        expect(page.locator("#status")).to_contain_text("Connection lost")
        box = page.locator("#message")
        box.fill("my backup failed")
        box.press("Enter")
        expect(box).to_have_value("my backup failed")
        expect(page.locator("#unsent")).to_be_visible()
        expect(page.locator("#unsent")).to_contain_text("Not sent")
        expect(page.locator("#resend")).to_be_disabled()
    finally:
        server.stop()


def test_handoff_card_shows_the_case_in_local_time_and_copies(
        new_context: NewContext, fake_chat_url: str) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    widget = WidgetPage(context, fake_chat_url + EXAMPLE)
    widget.send(HANDOFF)
    card = widget.page.locator(".tb-card")
    expect(card).to_be_visible()

    def field(name: str) -> Locator:
        return card.locator(f'dd[data-field="{name}"]')

    expect(field("caseNumber")).to_have_text("07001234")
    # 10:59 UTC is 19:59 in Tokyo, shown with the zone
    expect(field("deadline")).to_contain_text("19:59")
    expect(field("deadline")).to_contain_text("(Asia/Tokyo)")
    expect(field("phone")).to_contain_text("0120 922 345")
    expect(field("supportLanguage")).to_have_text("Japanese")
    card.locator(".tb-copy").click()
    expect(card.locator(".tb-copied")).to_have_text("Copied")
    copied = widget.page.evaluate("navigator.clipboard.readText()")
    assert "07001234" in copied and "0120 922 345" in copied
    widget.reload()  # the card can be found again: kept, and linked from the top
    expect(widget.page.locator("#case-link")).to_have_text("Your case 07001234")
    widget.page.click("#case-link")
    expect(widget.page.locator(".tb-card")).to_be_focused()


def test_keyboard_enter_shift_enter_ime_and_escape(
        new_context: NewContext, fake_chat_url: str, fake_rasa: FakeRasa) -> None:
    widget = WidgetPage(new_context(), fake_chat_url + EXAMPLE)
    box = widget.page.locator("#message")
    expect(box).to_be_focused()  # opening the chat puts the cursor in the text box
    box.type("line one")
    box.press("Shift+Enter")
    box.type("line two")
    # Enter that confirms an IME conversion must not send
    box.dispatch_event("keydown", {"key": "Enter", "isComposing": True})
    expect(box).to_have_value("line one\nline two")
    box.press("Enter")
    received(fake_rasa, "line one\nline two")
    expect(box).to_have_value("")
    box.press("Escape")
    expect(widget.page.locator("#panel")).to_be_hidden()
    expect(widget.page.locator("#launcher")).to_be_focused()
    expect(widget.page.locator("#launcher")).to_have_attribute("aria-expanded", "false")
    widget.page.keyboard.press("Enter")
    expect(widget.page.locator("#panel")).to_be_visible()


def test_typing_an_answer_closes_the_buttons_before_it(
        new_context: NewContext, fake_chat_url: str) -> None:
    widget = WidgetPage(new_context(), fake_chat_url + EXAMPLE)
    widget.send("my backup failed")
    widget.wait_bot_messages(1)
    expect(widget.page.locator(".choices button").first).to_be_enabled()
    widget.send("severity 2 please")  # typed instead of clicked
    widget.wait_bot_messages(2)
    buttons = widget.page.locator(".msg--bot").first.locator(".choices button")
    for button in buttons.all():
        expect(button).to_be_disabled()
    expect(widget.page.locator(".msg--bot").last.locator(".choices button").first).to_be_enabled()
    widget.reload()
    expect(buttons.first).to_be_disabled()
