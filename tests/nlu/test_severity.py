"""The needs_review rule and the criteria reported with a severity."""

from __future__ import annotations

import pytest

from bot.nlu.criteria import matched_criteria
from bot.nlu.severity import (
    case_type_ranking,
    criteria_for,
    decide,
    given_case_type,
    mix_opinions,
    settle,
)

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


SETTLE_CASES = [
    # ranking, margin, outage floor -> severity, needs_review
    ([(2, 0.60), (1, 0.38), (3, 0.02)], 0.0, 1.0, 2, False),  # floor off
    ([(2, 0.60), (1, 0.38), (3, 0.02)], 0.0, 0.35, 1, True),  # outage likely enough: raise
    ([(2, 0.60), (1, 0.30), (3, 0.10)], 0.0, 0.35, 2, False),  # below the floor
    ([(3, 0.55), (2, 0.45)], 0.2, 0.35, 2, True),  # the margin still works between 2 and 3
    ([(1, 0.90), (2, 0.10)], 0.0, 0.35, 1, False),  # already 1: nothing to raise
]


@pytest.mark.parametrize(("ranking", "margin", "floor", "severity", "review"), SETTLE_CASES)
def test_settle_with_an_outage_floor(ranking: list, margin: float, floor: float,
                                     severity: int, review: bool) -> None:
    chosen, confidence, needs_review = settle(ranking, margin, None, "raise", floor)
    assert (chosen, needs_review) == (severity, review)
    assert confidence == dict(ranking)[chosen]


def test_the_floor_raises_even_when_a_close_call_would_be_asked() -> None:
    ranking = [(2, 0.55), (1, 0.40), (3, 0.05)]
    assert settle(ranking, 0.2, "production", "ask", 1.0) == (2, 0.55, True)  # asked, kept
    assert settle(ranking, 0.2, "production", "ask", 0.35) == (1, 0.40, True)  # an outage


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


FIXED = {"out_of_scope": 4, "feature_request": 4, "general_inquiry": 4}


def test_a_request_type_takes_its_probability_to_its_fixed_severity() -> None:
    outage = [(1, 0.9), (2, 0.1)]
    printer = given_case_type(outage, {"out_of_scope": 0.75, "technical": 0.25}, FIXED)
    assert dict(printer) == pytest.approx({4: 0.75, 1: 0.225, 2: 0.025, 3: 0.0})
    assert printer[0][0] == 4 and sum(p for _, p in printer) == pytest.approx(1.0)


def test_an_unsure_request_type_keeps_a_real_outage_severe() -> None:
    ranking = given_case_type([(1, 0.95), (2, 0.05)],
                              {"out_of_scope": 0.45, "technical": 0.4, "licensing": 0.15},
                              FIXED)
    assert ranking[0][0] == 1


def test_a_technical_reading_keeps_its_ranking_whatever_the_runner_up() -> None:
    ranking = [(2, 0.5), (3, 0.3), (4, 0.2)]
    assert given_case_type(ranking, {"technical": 0.5, "feature_request": 0.45,
                                     "out_of_scope": 0.05}, FIXED) == ranking
    assert given_case_type(ranking, None, FIXED) == ranking
    assert given_case_type(ranking, {"out_of_scope": 1.0}, {}) == ranking


def test_case_type_ranking_from_the_parse_value() -> None:
    value = {"value": "out_of_scope", "confidence": 0.7,
             "ranking": [{"value": "out_of_scope", "confidence": 0.7},
                         {"value": "technical", "confidence": 0.3}]}
    assert case_type_ranking(value) == {"out_of_scope": 0.7, "technical": 0.3}
    assert case_type_ranking(None) is None
