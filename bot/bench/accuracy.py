"""Held-out accuracy of the pipeline and the baselines, scored by the project's eval code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.bench.baselines import keyword_baseline, tfidf_baseline, training_sets

LANGS = ("en", "ja")
# (key in results, the eval report it comes from, the figure in that report)
METRICS = (
    ("severity_macro_f1", "severity", "macro_f1"),
    ("case_type_macro_f1", "case_type", "macro_f1"),
    ("sev1_recall", "severity", "sev1_recall"),
    ("under_triage", "severity", "under_triage"),
)
LOWER_IS_BETTER = {"under_triage"}


def summarise(scores: dict[str, Any]) -> dict[str, dict[str, float | int]]:
    """The bench's four figures per language from `heldout_scores` output."""
    summary: dict[str, dict[str, float | int]] = {}
    for lang in LANGS:
        row: dict[str, float | int] = {"n": scores[lang]["severity"]["n"]}
        for key, report, figure in METRICS:
            row[key] = scores[lang][report][figure]
        summary[lang] = row
    return summary


def ratio(pipeline: float, baseline: float) -> float | None:
    """pipeline / baseline, None when the baseline scored 0."""
    return pipeline / baseline if baseline else None


def compare(parser: Any, heldout: Path, data_dir: Path) -> dict[str, Any]:
    """Score the pipeline (`parser`) and both baselines, fitted now on `data_dir`.

    Returns {"systems": {name: {lang: figures}}, "ratios": {baseline: {lang: {metric: r}}}}.
    """
    from bot.commands.eval import heldout_scores

    training = training_sets(data_dir)
    systems = {"pipeline": summarise(heldout_scores(parser, heldout))}
    for baseline in (keyword_baseline(), tfidf_baseline()):
        baseline.fit(training)
        systems[baseline.name] = summarise(heldout_scores(baseline, heldout))
    ratios = {
        name: {
            lang: {key: ratio(float(systems["pipeline"][lang][key]), float(figures[lang][key]))
                   for key, _, _ in METRICS}
            for lang in LANGS
        }
        for name, figures in systems.items() if name != "pipeline"
    }
    return {
        "training_examples": {task: len(texts) for task, (texts, _) in training.items()},
        "systems": systems,
        "ratios": ratios,
    }
