"""The Rasa server parses one message before it serves, so the first customer does not wait.

The tokenizer loads spaCy's lookup tables and the fugashi tagger on first use: about a
second that the first message after every start or restart would otherwise wait
(docs/performance.md). Rasa loads the model in a `before_server_start` listener,
`rasa.core.run.load_agent_on_start`; here that listener also parses a short English and
Japanese text before it returns, so the server reports ready once that work is done. The
parse touches no conversation. `install()` is called by `bot.rasa_server`.
"""

from __future__ import annotations

from typing import Any

import rasa.core.run

WARM_UP_TEXT = "hello こんにちは"  # both languages: spaCy's tables and the fugashi tagger
_load = rasa.core.run.load_agent_on_start


async def load_agent_on_start(*args: Any, **kwargs: Any) -> Any:
    """Rasa's model loading at server start, then one parse."""
    agent = await _load(*args, **kwargs)
    if agent is not None and agent.is_ready():
        await agent.parse_message(WARM_UP_TEXT)
    return agent


def install() -> None:
    """Warm the model up when the server starts (idempotent)."""
    rasa.core.run.load_agent_on_start = load_agent_on_start
