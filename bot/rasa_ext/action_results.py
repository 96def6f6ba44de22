"""Rasa's check of each action-server answer, with its JSON schema checked once, not per call.

`RemoteAction._validate_action_result` calls `jsonschema.validate(answer, schema)` after
every custom action. That function first validates the *schema* against the JSON Schema
meta-schema (draft 2020-12, whose dynamic references jsonschema 4.17 resolves slowly):
30 ms of CPU per call, three calls in a triage turn, well over half of the turn (measured
in docs/performance.md). The schema never changes, so here it is checked once, when
`install()` builds the validator, and each answer is validated against it as before: the
same validator class, the same best-matching error, the same message added by Rasa.
`install()` is called by `bot.rasa_server` before Rasa starts.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator: Any = None


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action-server answer, against the validator built once."""
    error = best_match(_validator.iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (  # Rasa's own wording (rasa/core/actions/action.py)
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Check Rasa's answer schema once and validate answers against it (idempotent)."""
    global _validator
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)  # as jsonschema.validate picks it
    cls.check_schema(schema)
    _validator = cls(schema)
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
