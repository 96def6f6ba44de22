"""The needs_review rule and the criteria reported with a severity."""

from __future__ import annotations

import pytest

from bot.nlu.criteria import matched_criteria
from bot.nlu.severity import criteria_for, decide, mix_opinions

DECIDE_CASES = [
    # ranking, margin -> severity, needs_review
    ([(3, 0.80), (2, 0.15), (1, 0.05)], 0.2, 3, False),
    ([(3, 0.45), (2, 0.40), (4, 0.15)], 0.2, 2, True),  # close: the more severe wins
    ([(2, 0.45), (3, 0.40), (4, 0.15)], 0.2, 2, True),  # close, top already more severe
    ([(4, 0.50), (1, 0.45), (2, 0.05)], 0.1, 1, True),
    ([(4, 0.50), (1, 0.45), (2, 0.05)], 0.0, 4, False),  # margin 0: never review
    ([(2, 0.75), (3, 0.25)], 0.5, 2, False),  # exactly at the margin is not "close"
]


@pytest.mark.parametrize(("ranking", "margin", "severity", "review"), DECIDE_CASES)
def test_decide(ranking: list, margin: float, severity: int, review: bool) -> None:
    chosen, confidence, needs_review = decide(ranking, margin)
    assert (chosen, needs_review) == (severity, review)
    assert confidence == dict(ranking)[chosen]


def test_criteria_of_the_chosen_severity_only() -> None:
    matched = matched_criteria("production is down; also the tape job failed")
    assert [c.id for c in criteria_for(1, matched)] == ["production_down"]
    assert [c.id for c in criteria_for(3, matched)] == ["secondary_backup_failure"]


def test_fallback_when_no_cue_supports_the_severity() -> None:
    assert [c.id for c in criteria_for(2, matched_criteria("hello"))] == ["fallback_2"]


def test_mix_opinions_takes_its_weight_from_the_character_view() -> None:
    learned = {1: 0.6, 2: 0.4}
    assert mix_opinions(learned, None, 0.5) == learned
    assert mix_opinions(learned, {2: 1.0}, 0.0) == learned
    mixed = mix_opinions(learned, {2: 1.0}, 0.5)
    assert mixed == pytest.approx({1: 0.3, 2: 0.7, 3: 0.0, 4: 0.0})
