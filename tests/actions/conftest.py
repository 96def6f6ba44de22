"""Tracker snapshots for action tests: JSON fixtures plus per-test changes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture()
def tracker() -> Callable[..., Tracker]:
    """Build a tracker from a fixture, with slots and the latest message changed."""

    def build(fixture: str = "ja_problem", *, slots: dict[str, Any] | None = None,
              message: dict[str, Any] | None = None, active_loop: str | None = None) -> Tracker:
        state = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
        state = copy.deepcopy(state)
        state["slots"].update(slots or {})
        state["latest_message"].update(message or {})
        if active_loop:
            state["active_loop"] = {"name": active_loop}
        return Tracker.from_dict(state)

    return build


@pytest.fixture()
def domain() -> dict[str, Any]:
    import yaml

    from tests import REPO

    return yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
