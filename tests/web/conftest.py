"""Web fixtures: the web process, a stand-in Rasa, and Debian's Chromium through Playwright."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from bot.settings import Settings, load_settings
from bot.web import WebProcess, start_web
from tests.console.conftest import accounts, settings, store, web  # noqa: F401 - console fixtures

from .fake_rasa import FakeRasa

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright never downloads one here


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; fails (never skips) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium, as root)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Fresh browser contexts (own cookies and sessionStorage), closed after the test."""
    contexts: list[BrowserContext] = []

    def _new(locale: str = "en-US", timezone: str = "UTC") -> BrowserContext:
        context = browser.new_context(locale=locale, timezone_id=timezone)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


def web_settings(tmp: Path, rasa_port: int) -> Settings:
    return replace(load_settings(), host="127.0.0.1", rasa_port=rasa_port, web_port=0,
                   var_dir=tmp, cases_url=f"sqlite:///{tmp / 'cases.db'}")


@pytest.fixture(scope="session")
def fake_rasa() -> Iterator[FakeRasa]:
    server = FakeRasa().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fake_web(fake_rasa: FakeRasa,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebProcess]:
    """The web process, its chat page talking to the stand-in Rasa."""
    server = start_web(web_settings(tmp_path_factory.mktemp("web-var"), fake_rasa.port))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fake_chat_url(fake_web: WebProcess) -> str:
    return fake_web.url


@pytest.fixture(scope="session")
def bot_web(running_bot: Settings) -> Iterator[WebProcess]:
    """The web process as `triagebot run` starts it, next to the real Rasa server (on the
    web port Rasa's CORS and socket.io origins allow)."""
    server = start_web(running_bot)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chat_url(bot_web: WebProcess) -> str:
    return bot_web.url


@pytest.fixture()
def user_events(running_bot: Settings) -> Callable[[str], list[dict]]:
    """The `user` events of a conversation, read back through Rasa's HTTP API."""

    def _events(sender_id: str) -> list[dict]:
        url = (
            f"http://127.0.0.1:{running_bot.rasa_port}/conversations/{quote(sender_id)}/tracker"
            f"?token={quote(running_bot.auth_token())}"
        )
        with urllib.request.urlopen(url, timeout=30) as response:
            return [e for e in json.load(response)["events"] if e["event"] == "user"]

    return _events
