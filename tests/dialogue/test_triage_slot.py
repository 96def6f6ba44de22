"""When a later message raises the agreed severity (bot/dialogue/triage_slot.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.dialogue.triage_slot import raised_severity


def parse(intent: str, severity: int, criterion: str) -> dict[str, Any]:
    """A parse result with one severity proposal citing `criterion`."""
    return {"text": "...", "intent": {"name": intent, "confidence": 0.6},
            "severity": {"value": severity, "confidence": 0.8},
            "case_type": {"value": "technical", "confidence": 0.9},
            "criteria": [{"id": criterion, "en": criterion, "ja": criterion}]}


@pytest.mark.parametrize(("intent", "criterion", "raised"), [
    ("describe_issue", "production_down", True),
    ("describe_issue", "fallback_1", True),   # a described problem raises on resemblance too
    ("inform", "production_down", True),      # a form answer that states a criterion
    ("inform", "fallback_1", False),          # a form answer that only resembles one
    ("thank", "fallback_2", False),
])
def test_only_a_described_problem_or_a_stated_criterion_raises(
        intent: str, criterion: str, raised: bool) -> None:
    result = raised_severity(parse(intent, 1, criterion), "3")
    assert (result is not None) is raised
    if raised:
        assert result.severity == 1


def test_nothing_raises_to_the_agreed_level_or_below() -> None:
    assert raised_severity(parse("describe_issue", 3, "production_down"), "3") is None
    assert raised_severity(parse("describe_issue", 2, "production_down"), "1") is None


def test_with_no_agreed_severity_any_proposal_above_4_raises() -> None:
    assert raised_severity(parse("describe_issue", 3, "fallback_3"), None).severity == 3
