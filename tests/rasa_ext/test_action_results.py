"""Action-server answers are checked as Rasa checks them, without re-checking the schema."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import action_results

ANSWERS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "severity", "value": "2", "timestamp": None}],
     "responses": [{"response": "utter_ask_role"}]},
    {"events": [{"event": "active_loop", "name": "triage_form"},
                {"event": "followup", "name": "action_listen"}]},
    {"events": [{"event": "slot", "name": 7}]},  # a slot name must be a string
    {"events": [{"event": "no_such_event"}]},
    {"events": {"event": "slot"}},  # events must be a list
    {"responses": ["utter_greet"]},  # a response must be an object
]


def outcome(check: Any, answer: dict[str, Any]) -> tuple[bool, str]:
    try:
        return check(RemoteAction("action_x", None), answer), ""
    except ValidationError as err:
        return False, err.message


@pytest.fixture()
def installed(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Rasa's own check, while the installed one is in place (undone after the test)."""
    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)
    action_results.install()
    return original


@pytest.mark.parametrize(("index", "answer"), enumerate(ANSWERS))
def test_same_verdict_and_message_as_rasa(installed: Any, index: int,
                                          answer: dict[str, Any]) -> None:
    found = outcome(RemoteAction._validate_action_result, answer)
    assert found == outcome(installed, answer)
    assert found[0] is (index < 3)  # the first three are valid, the others not
    assert found[0] or "Failed to validate Action server response" in found[1]


def test_the_schema_is_not_checked_again_per_answer(installed: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[Any] = []
    monkeypatch.setattr(Draft202012Validator, "check_schema",
                        classmethod(lambda cls, schema, *a, **k: checked.append(schema)))
    for answer in ANSWERS[:3]:
        assert RemoteAction("action_x", None)._validate_action_result(answer)
    assert checked == []
    outcome(installed, ANSWERS[0])  # Rasa's own check does it every time
    assert len(checked) == 1
