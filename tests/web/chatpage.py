"""The chat page as the browser tests see it (a page object over the WebDriver client)."""

from __future__ import annotations

from .webdriver import Browser, wait_for


class ChatPage:
    """Open the chat page in `browser` and talk through it like a customer."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser = browser
        browser.get(url)
        self.wait_connected()

    def state(self) -> str:
        return str(self.browser.run("return document.getElementById('status').dataset.state"))

    def wait_connected(self) -> None:
        wait_for(lambda: self.state() == "connected", what="the page to join its session")

    def send(self, text: str) -> None:
        self.browser.type("#message", text)
        self.browser.click("#send")

    def messages(self, who: str) -> list[str]:
        """Texts of the `bot` or `user` bubbles, oldest first."""
        script = "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)"
        return list(self.browser.run(script, f".msg--{who} .text"))

    def wait_bot_messages(self, count: int, timeout: float = 30.0) -> list[str]:
        """Wait until at least `count` bot bubbles are shown; return them all."""

        def enough() -> list[str] | None:
            texts = self.messages("bot")
            return texts if len(texts) >= count else None

        return wait_for(enough, timeout, f"{count} bot message(s)")

    def session_id(self) -> str | None:
        return self.browser.run("return sessionStorage.getItem('triagebot.session_id')")

    def reload(self) -> None:
        self.browser.refresh()
        self.wait_connected()
