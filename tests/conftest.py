"""Fixtures shared by test folders: real Rasa and action servers, started once per session.

Here rather than in tests/integration/ because tests/web/ and tests/security/ drive the same
running bot. Nothing here changes os.environ: the servers get their settings, the fake
clock included, through `Settings.rasa_env()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.sandbox import sandbox_settings
from bot.commands.train import ensure_model
from bot.services import start_bot
from bot.settings import Settings, load_settings, parse_fake_now
from tests import REPO

# The servers' clock starts here and runs on: 19:59 in Tokyo on Friday 9 January 2026,
# before a weekend and the Coming of Age Day holiday (Monday 12 January).
FAKE_NOW = parse_fake_now("2026-01-09T19:59:00+09:00")


@pytest.fixture(scope="session")
def bot_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings on free ports with a private var/ folder and the clock pinned at FAKE_NOW."""
    return sandbox_settings(load_settings(), tmp_path_factory.mktemp("var"), project_dir=REPO,
                            fake_now=FAKE_NOW, allow_fake_clock=True)


@pytest.fixture(scope="session")
def running_bot(bot_settings: Settings) -> Iterator[Settings]:
    """A trained model served by real Rasa and action servers."""
    model: Path = ensure_model(bot_settings)
    services = start_bot(bot_settings, model)
    try:
        yield bot_settings
    finally:
        services.stop()
