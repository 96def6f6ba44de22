"""The review console in headless Chromium: log in, review, hostile text (real web process)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bot.cases import CaseStore
from bot.cases.review import CaseReview
from bot.web import WebProcess
from tests.console.seed import PASSWORD, seed_case

NewContext = Callable[..., BrowserContext]


@pytest.fixture()
def context(new_context: NewContext) -> BrowserContext:
    return new_context("en-US", "Europe/Berlin")


def log_in(page: Page, base: str, username: str = "rita") -> None:
    page.goto(f"{base}console/")
    expect(page).to_have_url(re.compile(r"/console/login$"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/console/$"))


def test_override_a_severity_and_see_new_deadline_and_audit_entry(
        context: BrowserContext, web: WebProcess, store: CaseStore) -> None:
    opened = datetime.now(timezone.utc) - timedelta(minutes=30)
    case = seed_case(store, "browser-1", "all our production VMs are down", severity=3,
                     opened=opened, program="kasten-premium")
    page = context.new_page()
    log_in(page, web.url)
    row = page.locator(f"tr[data-case='{case.case_number}']")
    expect(row).to_contain_text("kasten-premium")
    row.locator("a").click()
    expect(page.locator("h1")).to_contain_text(str(case.case_number))
    form = page.locator("form.review")
    form.locator("select[name=severity]").select_option("1")
    form.locator("input[name=reason]").fill("customer confirms a full outage")
    form.locator("button").click()
    # Kasten Premium P1: 1 hour from the opening time, shown in the customer's zone
    new_deadline = (opened + timedelta(hours=1)).astimezone(ZoneInfo("America/New_York"))
    expect(page.locator("#deadline-change .new")).to_contain_text(
        new_deadline.strftime("%Y-%m-%d %H:%M"))
    expect(page.locator("#deadline-change .old")).to_be_visible()
    audit = page.locator("#audit tbody tr").last
    expect(audit).to_contain_text("override")
    expect(audit).to_contain_text("rita")
    expect(audit).to_contain_text("customer confirms a full outage")
    expect(page.locator("#severity")).to_contain_text("1")
    assert [e.action for e in CaseReview(store).log(str(case.case_number))] == ["override"]


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_hostile_customer_text_raises_no_dialog(
        context: BrowserContext, web: WebProcess, store: CaseStore, text: str) -> None:
    case = seed_case(store, f"browser-xss-{len(text)}", text, program="kasten-premium")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, web.url)
    page.goto(f"{web.url}console/cases/{case.case_number}")
    expect(page.locator("#customer-words li").first).to_have_text(text)
    assert page.locator("#customer-words img, #customer-words script").count() == 0
    assert dialogs == []


def test_reviewer_page_shows_no_admin_links(
        context: BrowserContext, web: WebProcess) -> None:
    page = context.new_page()
    log_in(page, web.url)
    expect(page.locator("header nav")).not_to_contain_text("Staff")
    page.click("text=Log out")
    expect(page).to_have_url(re.compile(r"/console/login$"))


