"""Take-over: a reviewer writes to a customer whose chat the bot handed over (real bot)."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.cases import open_store
from bot.settings import Settings
from bot.staff import StaffAccounts
from bot.web import WebProcess
from tests.console.seed import PASSWORD

from .chatpage import ChatPage, eventually
from .test_console_browser import log_in

pytestmark = pytest.mark.integration
REPLY_TIMEOUT = 60.0
NewContext = Callable[..., BrowserContext]


def _slot(settings: Settings, conversation_id: str, name: str) -> object:
    url = (f"http://127.0.0.1:{settings.rasa_port}/conversations/{quote(conversation_id)}"
           f"/tracker?token={quote(settings.auth_token())}")
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["slots"].get(name)


def test_reviewer_message_reaches_the_chat_page_and_replies_reach_the_case(
        new_context: NewContext, bot_web: WebProcess, running_bot: Settings) -> None:
    store = open_store(running_bot.cases_url)
    StaffAccounts(store).add("tara", PASSWORD, "reviewer", "Europe/Berlin")
    customer = ChatPage(new_context("en-US", "America/New_York"), bot_web.url)
    customer.send("I want to talk to a human")
    replies = customer.wait_bot_messages(1, REPLY_TIMEOUT)
    session_id = str(customer.session_id())
    case = eventually(lambda: next((c for c in store.all()
                                    if c.conversation_id == session_id), None),
                      REPLY_TIMEOUT, "the hand-off to store a case")
    assert any(str(case.case_number) in text for text in customer.wait_bot_messages(
        len(replies), REPLY_TIMEOUT))

    staff = new_context("en-US", "Europe/Berlin").new_page()
    log_in(staff, bot_web.url, "tara")
    staff.goto(f"{bot_web.url}console/cases/{case.case_number}")
    staff.fill("form.message textarea[name=text]", "Hello, this is Tara from support.")
    staff.click("form.message button")
    expect(staff.locator("#thread .by-staff .text").last).to_have_text(
        "Hello, this is Tara from support.")
    shown = len(customer.messages("bot"))
    assert customer.wait_bot_messages(shown, REPLY_TIMEOUT)[-1] == \
        "Hello, this is Tara from support."
    assert _slot(running_bot, session_id, "staff_message") is None

    customer.send("Thanks Tara, the jobs still fail")
    expect(staff.locator("#thread .by-customer .text").last).to_have_text(
        "Thanks Tara, the jobs still fail", timeout=REPLY_TIMEOUT * 1000)  # live, no reload

    staff.click("form.handback button")
    expect(staff.locator("#audit tbody tr").last).to_contain_text("handback")
    assert _slot(running_bot, session_id, "handoff_case") is None
    assert re.fullmatch(r"0\d{7}", str(case.case_number))
