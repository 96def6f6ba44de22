"""The review margin is the smallest one that meets the out-of-fold safety goals."""

from __future__ import annotations

import numpy as np

from bench.selection import choose_margin, margin_sweep

CLASSES = [1, 2, 3, 4]


def test_margin_turns_close_calls_into_the_more_severe_level() -> None:
    truth = [1, 1, 3, 4]
    probabilities = np.array([
        [0.70, 0.20, 0.05, 0.05],  # clear 1
        [0.40, 0.45, 0.10, 0.05],  # a severity-1 message the model ranks 2 by a hair
        [0.05, 0.10, 0.80, 0.05],
        [0.02, 0.03, 0.05, 0.90],
    ])
    rows = margin_sweep(truth, CLASSES, probabilities, ["en"] * 4, margins=(0.0, 0.1))
    at = {r["margin"]: r for r in rows}
    assert at[0.0]["sev1_recall"] == 0.5 and at[0.0]["under_triage"] == 0.25
    assert at[0.1]["sev1_recall"] == 1.0 and at[0.1]["under_triage"] == 0.0
    assert at[0.1]["review_rate"] == 0.25
    assert choose_margin(rows) == 0.1


def test_no_margin_when_goals_cannot_be_met() -> None:
    truth = [1, 1]
    probabilities = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]])
    assert choose_margin(margin_sweep(truth, CLASSES, probabilities, ["ja", "ja"])) is None
