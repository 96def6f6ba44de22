"""The out-of-fold choice of the rules/learned blend and the review margin."""

from __future__ import annotations

import numpy as np

from bench.calibration import choose, decisions, sweep

# The learned classifier reads every message as severity 1 (urgent wording); the facts say
# production keeps running and several primary jobs fail, i.e. severity 2 by the rules.
LEARNED = np.array([[0.7, 0.2, 0.05, 0.05]] * 4)
SEVERAL_JOBS = {"production": [("running", 0.9), ("down", 0.1)], "scope": [("several", 1.0)],
                "work": [("primary", 1.0)], "problem": [("failure", 1.0)]}
DOWN = {**SEVERAL_JOBS, "production": [("down", 0.95), ("running", 0.05)]}
FACTS = [SEVERAL_JOBS, SEVERAL_JOBS, SEVERAL_JOBS, DOWN]
TRUTH = [2, 2, 2, 1]


def test_rules_correct_the_learned_classifier_and_cite_their_criterion() -> None:
    learned_only = decisions(LEARNED, FACTS, weight=1.0, margin=0.0, min_share=0.2)
    assert [d[0] for d in learned_only] == [1, 1, 1, 1]
    with_rules = decisions(LEARNED, FACTS, weight=0.25, margin=0.0, min_share=0.2)
    assert [d[0] for d in with_rules] == TRUTH
    assert all(cites for _, _, cites in with_rules)


def test_the_safe_setting_with_the_best_precision_is_chosen() -> None:
    rows = sweep(TRUTH, LEARNED, FACTS, ["en"] * 4)
    chosen = choose(rows)
    assert chosen is not None
    best = [r for r in rows if r["learned_weight"] == chosen["learned_weight"]
            and r["margin"] == chosen["review_margin"] and r["close_call"] == chosen["close_call"]]
    assert best[0]["sev1_precision"] == 1.0 and best[0]["sev1_recall"] == 1.0
    learned_only = [r for r in rows if r["learned_weight"] == 1.0 and r["margin"] == 0.0]
    assert learned_only[0]["sev1_precision"] == 0.25  # every severity 2 read as 1


def test_nothing_is_chosen_when_no_setting_is_safe() -> None:
    wrong = [SEVERAL_JOBS] * 4  # the outage reads as running everywhere
    sure = np.array([[0.0, 1.0, 0.0, 0.0]] * 4)
    assert choose(sweep(TRUTH, sure, wrong, ["en"] * 4)) is None


def _row(weight: float, margin: float, over: float, precision: float,
         recall: float = 0.97) -> dict[str, object]:
    return {"character_weight": 0.0, "learned_weight": weight, "margin": margin,
            "close_call": "raise", "group": "en",
            "macro_f1": 0.9, "sev1_recall": recall, "sev1_precision": precision,
            "under_triage": 0.02, "over_triage": over}


def test_least_over_triage_wins_over_precision_among_safe_settings() -> None:
    rows = [_row(0.5, 0.45, over=0.11, precision=0.90), _row(0.6, 0.2, over=0.084, precision=0.85),
            _row(1.0, 0.0, over=0.02, precision=0.99, recall=0.90)]  # unsafe: misses outages
    assert choose(rows) == {"character_weight": 0.0, "learned_weight": 0.6, "review_margin": 0.2,
                            "close_call": "raise", "outage_floor": 1.0}
    rows.append(_row(0.3, 0.1, over=0.07, precision=0.81))  # within the limit: precision next
    rows.append(_row(0.4, 0.1, over=0.05, precision=0.83))
    assert choose(rows)["learned_weight"] == 0.4  # type: ignore[index]


def test_the_character_view_is_swept_and_can_be_chosen() -> None:
    # The full view misreads every message as 1; the character view reads them right.
    character = np.array([[0.0, 1.0, 0.0, 0.0]] * 3 + [[1.0, 0.0, 0.0, 0.0]])
    rows = sweep(TRUTH, LEARNED, [{}] * 4, ["en"] * 4, character=character)
    assert {r["character_weight"] for r in rows} == {0.0, 0.25, 0.4, 0.5}
    chosen = choose(rows)
    assert chosen is not None and chosen["character_weight"] > 0.0
    at = [r for r in rows if (r["character_weight"], r["learned_weight"], r["margin"],
                              r["close_call"], r["outage_floor"]) == tuple(chosen.values())]
    assert at[0]["over_triage"] == 0.0 and at[0]["sev1_recall"] == 1.0
    without = [r for r in rows if r["character_weight"] == 0.0]
    assert min(r["over_triage"] for r in without) == 0.75  # three 2s read as 1


def test_an_outage_floor_catches_an_outage_no_margin_reaches() -> None:
    # Three severity-3 messages with a runner-up 2 at 0.15, and an outage read as 2 with
    # 0.4 of severity 1 (0.2 behind): a margin wide enough for the outage raises the three
    # to 2 as well; a floor of 0.35 raises the outage alone.
    learned = np.array([[0.05, 0.40, 0.55, 0.0]] * 3 + [[0.40, 0.60, 0.0, 0.0]])
    truth = [3, 3, 3, 1]
    wide = decisions(learned, [{}] * 4, weight=1.0, margin=0.3, min_share=0.2)
    assert [d[0] for d in wide] == [2, 2, 2, 1]
    floored = decisions(learned, [{}] * 4, weight=1.0, margin=0.0, min_share=0.2, floor=0.35)
    assert [d[0] for d in floored] == truth and floored[3][1]  # raised for review
    rows = [r for r in sweep(truth, learned, [{}] * 4, ["en"] * 4) if r["learned_weight"] == 1.0]
    assert {r["outage_floor"] for r in rows} >= {1.0, 0.35}
    chosen = choose(rows)
    assert chosen is not None and chosen["outage_floor"] < 1.0
    assert all(r["over_triage"] > 0 for r in rows
               if r["outage_floor"] == 1.0 and r["sev1_recall"] == 1.0)
