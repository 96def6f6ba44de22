"""The Rasa server parses one message after loading the model, before it serves."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import rasa.core.run

from bot.rasa_ext import warm_up


class FakeAgent:
    def __init__(self, ready: bool) -> None:
        self.ready, self.parsed = ready, []

    def is_ready(self) -> bool:
        return self.ready

    async def parse_message(self, text: str) -> dict[str, Any]:
        self.parsed.append(text)
        return {"text": text}


@pytest.mark.parametrize(("agent", "parses"), [(FakeAgent(True), [warm_up.WARM_UP_TEXT]),
                                               (FakeAgent(False), []), (None, [])])
def test_the_loaded_model_parses_once(monkeypatch: pytest.MonkeyPatch, agent: Any,
                                      parses: list[str]) -> None:
    async def load(*args: Any, **kwargs: Any) -> Any:
        assert args == ("model.tar.gz",) and kwargs == {"app": "app"}  # passed through
        return agent

    monkeypatch.setattr(warm_up, "_load", load)
    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", rasa.core.run.load_agent_on_start)
    warm_up.install()
    assert rasa.core.run.load_agent_on_start is warm_up.load_agent_on_start
    loaded = asyncio.new_event_loop().run_until_complete(
        rasa.core.run.load_agent_on_start("model.tar.gz", app="app"))
    assert loaded is agent
    assert (agent.parsed if agent else []) == parses
