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


def resolve_model(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`explicit`, else $TRIAGEBOT_MODEL, else the model trained from the current data and
    config (the model cache). A missing model is an error: an older model would answer
    for data it was not trained on."""
    from bot.model_cache import cached_model, model_name
    from bot.settings import load_settings

    chosen = explicit or os.environ.get(MODEL_ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file():
            raise NoModelError(f"model file {path} does not exist")
        return path
    settings = load_settings()
    found = cached_model(settings)
    if found is None:
        raise NoModelError(
            f"no model {model_name(settings.project_dir)}.tar.gz for the current data and "
            f"config in {settings.model_dir} or {settings.model_cache}: run `triagebot train` "
            f"(or pass --model / set {MODEL_ENV})")
    return found


class ModelParser:
    """A loaded model: `parse(text)` returns what `/model/parse` would."""

    def __init__(self, model: Path) -> None:
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        from bot.triage import crf_cache, graph_runner

        # Batch use: Rasa would otherwise log every parse result at debug level.
        configure_logging_and_warnings(logging.WARNING)
        configure_structlog(logging.WARNING)
        graph_runner.install()  # as the Rasa server runs the model: node by node,
        crf_cache.install()  # with the CRF trained once per machine, not at every load
        self.path = model
        self._agent = Agent.load(str(model))
        self._loop = asyncio.new_event_loop()

    def parse(self, text: str) -> dict[str, Any]:
        """Parse one message."""
        return self._loop.run_until_complete(self._agent.parse_message(text))

    def close(self) -> None:
        """Release the event loop."""
        self._loop.close()
