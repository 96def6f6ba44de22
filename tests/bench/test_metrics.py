"""Scores used by `triagebot eval`."""

from __future__ import annotations

import pytest

from bench.metrics import MISSING, entity_report, severity_report


def test_severity_report_counts_under_triage_and_missing() -> None:
    truth = [1, 1, 2, 3, 4, 4]
    predicted = [1, 2, MISSING, 3, 3, 4]  # 1->2 and 2->missing are under-triage; 4->3 is not
    report = severity_report(truth, predicted)
    assert report["under_triage"] == pytest.approx(2 / 6)
    assert report["sev1_recall"] == pytest.approx(0.5)
    assert report["confusion"]["labels"] == ["1", "2", "3", "4", MISSING]
    assert report["confusion"]["matrix"][1] == [0, 0, 0, 0, 1]
    assert report["confusion"]["matrix"][3] == [0, 0, 1, 1, 0]
    assert report["per_class"]["4"] == {"precision": 1.0, "recall": 0.5, "support": 2}
    assert report["over_triage"] == pytest.approx(1 / 6)  # 4->3 is over-triage
    assert report["sev1_precision"] == pytest.approx(1.0)


def test_severity_one_precision_counts_raised_messages() -> None:
    report = severity_report([1, 2, 2, 3], [1, 1, 1, 3])
    assert report["sev1_precision"] == pytest.approx(1 / 3)
    assert report["over_triage"] == pytest.approx(2 / 4)


def test_entity_report_is_exact_span() -> None:
    gold = [{("support_id", 0, 8)}, {("email", 3, 10)}]
    predicted = [{("support_id", 0, 8), ("support_id", 9, 17)}, {("email", 3, 9)}]
    scores = entity_report(gold, predicted, ["support_id", "email"])
    assert scores["support_id"]["precision"] == 0.5 and scores["support_id"]["recall"] == 1.0
    assert scores["email"]["f1"] == 0.0
