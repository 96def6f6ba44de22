"""Load a trained Rasa model once and parse texts with it (batch CLI, eval, tests)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
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

    def parse_many(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """What `parse` returns for each text, from one run of the model over all of them.

        Rasa parses one message per run, but every NLU component takes a list: featurizing
        and classifying a batch costs 40% less CPU a message (docs/performance.md), and
        each message's result is the same (the components work row by row; tested).
        The steps are those of Rasa's `MessageProcessor.parse_message`, batched.
        """
        from rasa.core.channels.channel import UserMessage
        from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.constants import (
            ENTITIES,
            INTENT,
            INTENT_NAME_KEY,
            PREDICTED_CONFIDENCE_KEY,
            TEXT,
        )

        if not texts:
            return []
        processor = self._agent.processor
        assert processor is not None, "no model loaded"
        target = processor.model_metadata.nlu_target
        outputs = processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: [UserMessage(text) for text in texts],
                    PLACEHOLDER_TRACKER: DialogueStateTracker.from_events("default", [])},
            targets=[target])[target]
        parses = []
        for message in outputs:
            parse = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                     ENTITIES: [], **message.as_dict(only_output_properties=True)}
            processor._update_full_retrieval_intent(parse)
            processor._check_for_unseen_features(parse)
            parses.append(parse)
        return parses

    def close(self) -> None:
        """Release the event loop."""
        self._loop.close()
