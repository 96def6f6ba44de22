"""Console fixtures: the real web process on a free port over a real SQLite store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cases import CaseStore
from bot.settings import Settings, load_settings
from bot.staff import StaffAccounts
from bot.web import WebProcess
from bot.web.process import free_port

from .client import ConsoleClient
from .seed import PASSWORD


def console_settings(var_dir: Path) -> Settings:
    """Settings with a private var/ and case store; Rasa on a port where nothing listens."""
    return replace(load_settings(), host="127.0.0.1", web_port=free_port(),
                   rasa_port=free_port(), var_dir=var_dir,
                   cases_url=f"sqlite:///{var_dir / 'cases.db'}",
                   tracker_db=var_dir / "tracker.db")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return console_settings(tmp_path_factory.mktemp("console-var"))


@pytest.fixture(scope="module")
def store(settings: Settings) -> CaseStore:
    return CaseStore(settings.cases_url)


@pytest.fixture(scope="module")
def accounts(store: CaseStore) -> StaffAccounts:
    accounts = StaffAccounts(store)
    accounts.add("rita", PASSWORD, "reviewer", "Europe/Berlin")
    accounts.add("adam", PASSWORD, "admin", "Asia/Tokyo")
    return accounts


@pytest.fixture(scope="module")
def web(settings: Settings, accounts: StaffAccounts) -> Iterator[WebProcess]:
    """One web process per test module (its login limiter is per process)."""
    server = WebProcess(settings).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def client(web: WebProcess) -> Callable[[str | None], ConsoleClient]:
    """A fresh client, logged in as the named account (None: not logged in)."""

    def _client(username: str | None = "rita") -> ConsoleClient:
        client = ConsoleClient(web.url)
        if username:
            assert client.login(username, PASSWORD).status_code == 302
        return client

    return _client
