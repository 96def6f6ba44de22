"""Button payloads survive Rasa's response templating without an error (issue 9, finding 6).

Rasa fills `{slot}` placeholders in every response, buttons included; a payload written as
`/intent{"entity":"value"}` looks like a placeholder, fails, and is logged at ERROR level
with the conversation state. Written with doubled braces it comes out as intended.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from rasa.core.nlg import interpolator

from tests import REPO

PAYLOAD = re.compile(r"/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?")


def _buttons() -> list[dict[str, Any]]:
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    return [button for variations in domain["responses"].values() for v in variations
            for button in v.get("buttons", [])]


@pytest.mark.parametrize("button", _buttons(), ids=lambda b: b["payload"])
def test_payload_renders_without_a_template_error(button: dict[str, Any],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[Any] = []
    monkeypatch.setattr(interpolator.structlogger, "exception",
                        lambda *args, **kwargs: errors.append(args))
    slots = {"language": "ja", "severity": "2", "case_number": "07000001"}
    rendered = interpolator.interpolate([dict(button)], slots)[0]["payload"]
    assert errors == []
    if not rendered.startswith("/"):  # a plain-text answer, sent as if typed
        assert "{" not in rendered
        return
    match = PAYLOAD.fullmatch(rendered)
    assert match, rendered
    if match["entities"]:
        assert isinstance(json.loads(match["entities"]), dict)
