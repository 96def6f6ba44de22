"""Take-over: a reviewer writes to a customer whose chat the bot handed over (real bot)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bot.cases import open_store
from bot.settings import Settings
from bot.staff import StaffAccounts, StaffError
from bot.web import WebProcess
from tests.console.seed import PASSWORD, seed_case

from .chatpage import ChatPage
from .test_console_browser import log_in

pytestmark = pytest.mark.integration
REPLY_TIMEOUT = 60.0
NewContext = Callable[..., BrowserContext]


def _tracker(settings: Settings, conversation_id: str, events: list[dict] | None = None
             ) -> dict:
    """Read a conversation's tracker, after appending `events` when given."""
    url = (f"http://127.0.0.1:{settings.rasa_port}/conversations/{quote(conversation_id)}"
           f"/tracker{'/events' if events else ''}?token={quote(settings.auth_token())}")
    data = json.dumps(events).encode() if events else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return dict(json.load(response))
    except urllib.error.HTTPError as err:
        raise AssertionError(f"Rasa answered {err.code} for {conversation_id!r}: "
                             f"{err.read()[:500]!r}") from err


@pytest.fixture()
def handed_over(new_context: NewContext, bot_web: WebProcess,
                running_bot: Settings) -> tuple[ChatPage, Page, str]:
    """A customer on the chat page whose conversation is handed over (a case and the
    `handoff_case` slot, as action_handoff leaves them), and a reviewer on its case page."""
    store = open_store(running_bot.cases_url)
    customer = ChatPage(new_context("en-US", "America/New_York"), bot_web.url)
    customer.send("hello")
    customer.wait_bot_messages(2, REPLY_TIMEOUT)  # the opening greeting, then the reply
    session_id = customer.conversation_id()
    case = seed_case(store, session_id, "all backup jobs fail", program="kasten-premium")
    _tracker(running_bot, session_id,
             [{"event": "slot", "name": "handoff_case", "value": case.case_number}])
    try:
        StaffAccounts(store).add("tara", PASSWORD, "reviewer", "Europe/Berlin")
    except StaffError:  # made by an earlier test of this session
        pass
    staff = new_context("en-US", "Europe/Berlin").new_page()
    log_in(staff, bot_web.url, "tara")
    staff.goto(f"{bot_web.url}console/cases/{case.case_number}")
    return customer, staff, session_id


def test_reviewer_message_reaches_the_chat_page_and_the_bot_can_take_over_again(
        handed_over: tuple[ChatPage, Page, str], running_bot: Settings) -> None:
    customer, staff, session_id = handed_over
    shown = len(customer.messages("bot"))
    staff.fill("form.message textarea[name=text]", "Hello, this is Tara <b>from</b> support.")
    staff.click("form.message button")
    expect(staff.locator("#thread .by-staff .text").last).to_have_text(
        "Hello, this is Tara <b>from</b> support.")
    assert customer.wait_bot_messages(shown + 1, REPLY_TIMEOUT)[-1] == \
        "Hello, this is Tara <b>from</b> support."
    assert customer.page.locator("#log b").count() == 0
    assert _tracker(running_bot, session_id)["slots"]["staff_message"] is None
    staff.click("form.handback button")
    expect(staff.locator("#audit tbody tr").last).to_contain_text("handback")
    assert _tracker(running_bot, session_id)["slots"]["handoff_case"] is None


def test_customer_messages_after_handoff_appear_on_the_case_page(
        handed_over: tuple[ChatPage, Page, str]) -> None:
    """Needs the dialogue's after-hand-off path (action_after_handoff fills the thread)."""
    customer, staff, _ = handed_over
    customer.send("Thanks, the jobs still fail")
    expect(staff.locator("#thread .by-customer .text").last).to_have_text(
        "Thanks, the jobs still fail", timeout=REPLY_TIMEOUT * 1000)  # live, no reload
