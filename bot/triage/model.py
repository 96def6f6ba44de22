"""Load a trained Rasa model once and parse texts with it (batch CLI, eval, tests)."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

MODEL_ENV = "TRIAGEBOT_MODEL"


class NoModelError(RuntimeError):
    """No trained model was found; the message says how to make one."""


def newest_model(directory: Path) -> Path:
    """The most recently written `*.tar.gz` in `directory`."""
    models = sorted(directory.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise NoModelError(f"no model in {directory}: run `triagebot train` (or pass --model)")
    return models[-1]


def resolve_model(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`explicit`, else $TRIAGEBOT_MODEL, else the model trained from the current data and
    config (the model cache), else the newest model in the model directory."""
    from bot.model_cache import cached_model
    from bot.settings import load_settings

    chosen = explicit or os.environ.get(MODEL_ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file():
            raise NoModelError(f"model file {path} does not exist")
        return path
    settings = load_settings()
    return cached_model(settings) or newest_model(settings.model_dir)


class ModelParser:
    """A loaded model: `parse(text)` returns what `/model/parse` would."""

    def __init__(self, model: Path) -> None:
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # Batch use: Rasa would otherwise log every parse result at debug level.
        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        self.path = model
        self._agent = Agent.load(str(model))
        self._loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict[str, Any]:
        """Parse one message."""
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def close(self) -> None:
        """Release the event loop."""
        self._loop.close()
