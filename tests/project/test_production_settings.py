"""The production settings: store URLs, Redis, the API URL the web app calls and the
public origin, with SQLite and in-memory defaults; children and sandboxes get them right."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.sandbox import sandbox_settings
from bot.settings import load_settings
from bot.web.chat import socket_origin

PRODUCTION = {
    "TRIAGEBOT_TRACKER_URL": "postgresql://triagebot:pw@db:5432/triagebot_tracker",
    "TRIAGEBOT_CASES_URL": "postgresql://triagebot:pw@db:5432/triagebot_cases",
    "TRIAGEBOT_REDIS_URL": "redis://:pw@redis:6379/0",
    "TRIAGEBOT_RASA_URL": "http://rasa:5005/",
    "TRIAGEBOT_PUBLIC_URL": "https://chat.example.com/",
}


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in PRODUCTION:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRIAGEBOT_PROJECT_DIR", str(tmp_path))
    return tmp_path


def test_one_machine_defaults(clean_env: Path) -> None:
    settings = load_settings()
    assert settings.tracker_store_url == f"sqlite:///{clean_env / 'var' / 'tracker.db'}"
    assert settings.redis_url == ""
    assert settings.rasa_api_url == "http://127.0.0.1:5005"
    assert socket_origin(settings, "example.org") == "http://127.0.0.1:5005"


def test_production_values_reach_the_servers(clean_env: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.tracker_store_url == PRODUCTION["TRIAGEBOT_TRACKER_URL"]
    assert settings.rasa_api_url == "http://rasa:5005"
    assert socket_origin(settings, "example.org") == "https://chat.example.com"
    env = settings.rasa_env()
    assert {k: env[k] for k in ("TRIAGEBOT_TRACKER_URL", "TRIAGEBOT_REDIS_URL",
                                "TRIAGEBOT_CASES_URL")} == {
        k: PRODUCTION[k] for k in ("TRIAGEBOT_TRACKER_URL", "TRIAGEBOT_REDIS_URL",
                                   "TRIAGEBOT_CASES_URL")}


def test_a_sandbox_never_uses_the_production_stores(clean_env: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    sandbox = sandbox_settings(load_settings(), clean_env / "sandbox")
    assert sandbox.tracker_store_url == f"sqlite:///{clean_env / 'sandbox' / 'tracker.db'}"
    assert sandbox.cases_url.startswith("sqlite:///")
    assert (sandbox.redis_url, sandbox.rasa_url, sandbox.public_url) == ("", "", "")
