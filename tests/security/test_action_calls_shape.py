"""What the action server takes as an action call, with and without Rasa's domain."""

from __future__ import annotations

import json

import pytest

from bot.action_server import _valid_call

TRACKER = {"sender_id": "x", "slots": {}, "events": [], "latest_message": {}}
CALLS = [  # (body, accepted)
    ({"next_action": "validate_triage_form", "tracker": TRACKER, "domain": {"forms": {}}}, True),
    # enable_selective_domain: actions that do not read the domain are sent none
    ({"next_action": "action_triage", "tracker": TRACKER}, True),
    ({"next_action": "action_triage", "tracker": TRACKER, "domain": []}, False),
    ({"next_action": "action_triage", "tracker": TRACKER, "domain": None}, False),
    ({"next_action": "action_triage"}, False),
    ({"tracker": TRACKER}, False),
    ([], False),
]


@pytest.mark.parametrize(("body", "accepted"), CALLS)
def test_action_call_shape(body: object, accepted: bool) -> None:
    assert _valid_call(json.dumps(body).encode()) is accepted


def test_not_json_is_refused() -> None:
    assert _valid_call(b"{") is False
