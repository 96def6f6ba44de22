"""`triagebot validate` fails on warnings nobody explained."""

from __future__ import annotations

import re

from bot.commands.validate import accepted_patterns, unexplained_warnings

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


def test_accepted_warnings_file_parses() -> None:
    assert isinstance(accepted_patterns(), list)
