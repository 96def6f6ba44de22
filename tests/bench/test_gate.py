"""The gate's trade-off table counts what the gate's own rule decides (bench/gate.py)."""

from __future__ import annotations

from bench.gate import trade_off


def ranking(**confidences: float) -> list[dict]:
    return sorted(({"name": k, "confidence": v} for k, v in confidences.items()),
                  key=lambda r: -r["confidence"])


def test_counts_problems_left_out_and_others_let_in() -> None:
    intents = ["describe_issue", "describe_issue", "thank", "inform", "inform"]
    rankings = [ranking(describe_issue=0.9, thank=0.1),
                ranking(thank=0.8, describe_issue=0.2),   # praise: labelled at 0.15 only
                ranking(thank=0.95, describe_issue=0.05),
                ranking(inform=0.75, describe_issue=0.25),  # a form answer let in at 0.15
                ranking(inform=0.9, describe_issue=0.1)]
    texts = ["the job failed", "thanks a lot, Sato was great", "thanks", "version 12",
             "all backup jobs failed overnight"]  # a severity cue opens the gate at any level
    strict = trade_off(intents, rankings, texts, 0.3, [])
    loose = trade_off(intents, rankings, texts, 0.15, [])
    assert (strict["unlabelled"], strict["labelled"]) == (1, 1)
    assert (loose["unlabelled"], loose["labelled"]) == (0, 2)
    assert loose["labelled_by_intent"] == {"inform": 2}
    assert (loose["problems"], loose["others"]) == (2, 3)
