"""Scores for triage predictions: macro-F1, per-class P/R, confusion, under-triage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

MISSING = "none"  # what a message gets when the model gave it no label


def classification_report(
    truth: Sequence[Any], predicted: Sequence[Any], labels: Sequence[Any]
) -> dict[str, Any]:
    """Macro-F1 over `labels`, per-class precision/recall/support and the confusion matrix
    (rows = truth in `labels` order, columns = `labels` then MISSING)."""
    # Compared as strings: labels may be ints (severity) while MISSING is a string.
    names = [str(label) for label in labels]
    columns = [*names, MISSING]
    truth_s, predicted_s = [str(t) for t in truth], [str(p) for p in predicted]
    precision, recall, _, support = precision_recall_fscore_support(
        truth_s, predicted_s, labels=names, zero_division=0
    )
    matrix = confusion_matrix(truth_s, predicted_s, labels=columns)[: len(names)]
    return {
        "n": len(truth),
        "macro_f1": float(f1_score(truth_s, predicted_s, labels=names, average="macro",
                                   zero_division=0)),
        "per_class": {
            label: {"precision": float(p), "recall": float(r), "support": int(n)}
            for label, p, r, n in zip(names, precision, recall, support)
        },
        "confusion": {"labels": columns, "matrix": matrix.tolist()},
    }


def severity_report(truth: Sequence[int], predicted: Sequence[Any]) -> dict[str, Any]:
    """Classification report plus severity-1 recall and precision, and the under- and
    over-triage rates: the shares of messages given a less (a missing severity counts) or
    a more severe level than the truth."""
    report = classification_report(truth, predicted, [1, 2, 3, 4])
    under = sum(1 for t, p in zip(truth, predicted) if p == MISSING or int(p) > int(t))
    over = sum(1 for t, p in zip(truth, predicted) if p != MISSING and int(p) < int(t))
    report["sev1_recall"] = report["per_class"]["1"]["recall"]
    report["sev1_precision"] = report["per_class"]["1"]["precision"]
    report["under_triage"] = under / len(truth) if truth else 0.0
    report["over_triage"] = over / len(truth) if truth else 0.0
    return report


def entity_report(gold: Sequence[set[tuple[str, int, int]]],
                  predicted: Sequence[set[tuple[str, int, int]]],
                  types: Sequence[str]) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per entity type, from (type, start, end) sets."""
    scores = {}
    for kind in types:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted):
            g_k = {s for s in g if s[0] == kind}
            p_k = {s for s in p if s[0] == kind}
            tp, fp, fn = tp + len(g_k & p_k), fp + len(p_k - g_k), fn + len(g_k - p_k)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return scores
