"""Fixtures shared by test folders: real Rasa and action servers, started once per session.

Here rather than in tests/integration/ because tests/web/ drives the same running bot.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.commands.train import ensure_model
from bot.services import start_bot
from bot.settings import Settings, load_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def bot_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings on free ports with a private var/ folder, restored afterwards."""
    var_dir = tmp_path_factory.mktemp("var")
    overrides = {
        "TRIAGEBOT_VAR_DIR": str(var_dir),
        "TRIAGEBOT_TRACKER_DB": str(var_dir / "tracker.db"),
        "TRIAGEBOT_RASA_PORT": str(_free_port()),
        "TRIAGEBOT_ACTIONS_PORT": str(_free_port()),
        "TRIAGEBOT_WEB_PORT": str(_free_port()),
        "TRIAGEBOT_AUTH_TOKEN": "integration-test-token",
    }
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield load_settings()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def running_bot(bot_settings: Settings) -> Iterator[Settings]:
    """A trained model served by real Rasa and action servers."""
    model: Path = ensure_model(bot_settings)
    services = start_bot(bot_settings, model)
    try:
        yield bot_settings
    finally:
        services.stop()
