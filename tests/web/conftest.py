"""Web fixtures: the chat server, a stand-in Rasa, and headless Chromium over WebDriver."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from urllib.parse import quote

import pytest

from bot.settings import Settings, load_settings
from bot.web import start_web

from .fake_rasa import FakeRasa
from .webdriver import Browser, ChromeDriver, missing_browser


@pytest.fixture(scope="session")
def chromedriver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromeDriver]:
    """chromedriver for the session; fails (never skips) when the browser is not installed."""
    if reason := missing_browser():
        pytest.fail(reason)
    driver = ChromeDriver(tmp_path_factory.mktemp("chromedriver") / "chromedriver.log")
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture()
def open_browser(
    chromedriver: ChromeDriver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Browser]]:
    """Open fresh browsers, each with its own profile (so its own sessionStorage)."""
    browsers: list[Browser] = []

    def _open(language: str = "en-US", timezone: str = "UTC") -> Browser:
        browser = chromedriver.browser(tmp_path_factory.mktemp("profile"), language, timezone)
        browsers.append(browser)
        return browser

    yield _open
    for browser in browsers:
        browser.quit()


@pytest.fixture(scope="session")
def fake_rasa() -> Iterator[FakeRasa]:
    server = FakeRasa().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fake_chat_url(fake_rasa: FakeRasa) -> Iterator[str]:
    """The chat page, talking to the stand-in Rasa."""
    settings = replace(load_settings(), host="127.0.0.1", rasa_port=fake_rasa.port, web_port=0)
    server = start_web(settings)
    try:
        yield f"http://127.0.0.1:{server.port}/"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chat_url(running_bot: Settings) -> Iterator[str]:
    """The chat page, talking to the real Rasa server, started as `triagebot run` does."""
    server = start_web(running_bot)
    try:
        yield f"http://127.0.0.1:{server.port}/"
    finally:
        server.stop()


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
