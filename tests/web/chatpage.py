"""The chat page as the browser tests see it (a page object over Playwright)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import BrowserContext, Page, expect

from bot.channels.sessions import sender_for

T = TypeVar("T")


class ChatPage:
    """Open the chat page in a browser context and talk through it like a customer."""

    STORAGE = "triagebot."  # the client's sessionStorage prefix

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.open()

    def open(self) -> None:
        """The chat is open on its page as soon as it loads."""
        self.wait_connected()

    def state(self) -> str | None:
        return self.page.locator("#status").get_attribute("data-state")

    def wait_connected(self) -> None:
        expect(self.page.locator("#status")).to_have_attribute("data-state", "connected")

    def send(self, text: str) -> None:
        self.page.fill("#message", text)
        self.page.click("#send")

    def messages(self, who: str) -> list[str]:
        """Texts of the `bot` or `user` bubbles, oldest first."""
        return self.page.locator(f".msg--{who} .text").all_text_contents()

    def wait_bot_messages(self, count: int, timeout: float = 30.0) -> list[str]:
        """Wait until at least `count` bot bubbles are shown; return them all."""
        expect(self.page.locator(".msg--bot .text").nth(count - 1)).to_be_visible(
            timeout=timeout * 1000)
        return self.messages("bot")

    def session_id(self) -> str | None:
        return self.page.evaluate(f"sessionStorage.getItem('{self.STORAGE}session_id')")

    def conversation_id(self) -> str:
        """The tracker's sender id behind the page's signed session token."""
        token = self.session_id()
        assert token, "the page holds no session token yet"
        return sender_for(token.split(".")[0])

    def reload(self) -> None:
        self.page.reload()
        self.wait_connected()


class WidgetPage(ChatPage):
    """A page that embeds the widget (`/embed-example.html`): open it from its launcher."""

    STORAGE = "triagebot.widget."

    def open(self) -> None:
        self.page.click("#launcher")
        self.wait_connected()

    def wait_bot_text(self, fragment: str, timeout: float = 60.0, after: int = 0) -> None:
        """Wait until a bot bubble containing `fragment` (case-insensitive) is shown, among
        those after the first `after` bubbles (the replies to what was just sent)."""
        wanted = fragment.casefold()

        def arrived() -> bool | None:
            return any(wanted in t.casefold() for t in self.messages("bot")[after:]) or None

        eventually(arrived, timeout, what=f"a bot message with {fragment!r}")


def eventually(check: Callable[[], T | None], timeout: float = 10.0, what: str = "it") -> T:
    """Poll `check` until it returns something other than None (for state outside the page)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found is not None:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
