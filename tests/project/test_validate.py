"""`triagebot validate` fails on warnings nobody explained."""

from __future__ import annotations

import re

from bot.commands.validate import accepted_patterns, responses_used_in_code, unexplained_warnings
from tests import REPO

OUTPUT = """\
2026-11-29 INFO rasa.validator - Validating intents...
/x/rasa/shared/utils/io.py:99: UserWarning: The intent 'foo' is not used in any story or rule.
2026-11-29 WARNING rasa.validator - something else entirely
"""


def test_every_warning_is_unexplained_without_patterns() -> None:
    assert len(unexplained_warnings(OUTPUT, [])) == 2


def test_an_accepted_pattern_explains_its_warning_only() -> None:
    left = unexplained_warnings(OUTPUT, [re.compile(r"intent 'foo' is not used")])
    assert left == ["2026-11-29 WARNING rasa.validator - something else entirely"]


# Warnings `rasa data validate` prints for this project, each explained in the file.
ACCEPTED = [
    "UserWarning: The intent 'inform' is not used in any story or rule.",
    "UserWarning: The utterance 'utter_default' is not used in any story or rule.",
]


def test_the_accepted_warnings_file_explains_the_known_warnings_only() -> None:
    patterns = accepted_patterns(REPO)
    assert unexplained_warnings("\n".join(ACCEPTED), patterns) == []
    other = "UserWarning: The intent 'greet' is not used in any story or rule."
    assert unexplained_warnings(other, patterns) == [other]


def test_unused_response_warning_is_explained_only_when_code_uses_it() -> None:
    line = "UserWarning: The utterance 'utter_x' is not used in any story or rule."
    assert unexplained_warnings(line, [], {"utter_x"}) == []
    assert unexplained_warnings(line, [], {"utter_y"}) == [line]


def test_every_response_uttered_by_actions_exists_in_the_domain() -> None:
    import yaml

    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    used = {r for r in responses_used_in_code(REPO) if not r.startswith("utter_ask_")}
    assert used <= set(domain["responses"]), used - set(domain["responses"])
