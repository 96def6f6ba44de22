"""Held-out accuracy of the pipeline and the baselines, scored by the project's eval code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.baselines import Baseline, keyword_baseline, tfidf_baseline, training_sets

# (key in results, the eval report it comes from, the figure in that report)
METRICS = (
    ("severity_macro_f1", "severity", "macro_f1"),
    ("case_type_macro_f1", "case_type", "macro_f1"),
    ("sev1_recall", "severity", "sev1_recall"),
    ("sev1_precision", "severity", "sev1_precision"),
    ("under_triage", "severity", "under_triage"),
    ("over_triage", "severity", "over_triage"),
    ("cites_criterion", "severity", "cites_criterion"),
)
LOWER_IS_BETTER = {"under_triage", "over_triage"}


def summarise(scores: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The bench's figures and confusion matrices per language from `heldout_scores`."""
    summary: dict[str, dict[str, Any]] = {}
    for lang, by_report in scores.items():
        row: dict[str, Any] = {"n": by_report["severity"]["n"],
                               "confusion": {"severity": by_report["severity"]["confusion"],
                                             "case_type": by_report["case_type"]["confusion"]}}
        for key, report, figure in METRICS:
            row[key] = by_report[report][figure]
        summary[lang] = row
    return summary


def ratio(pipeline: float, baseline: float) -> float | None:
    """pipeline / baseline, None when the baseline scored 0."""
    return pipeline / baseline if baseline else None


def ratios(systems: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """{baseline: {lang: {metric: pipeline / baseline}}} for every system but the pipeline."""
    pipeline = systems["pipeline"]
    return {
        name: {lang: {key: ratio(float(pipeline[lang][key]), float(figures[lang][key]))
                      for key, _, _ in METRICS}
               for lang in pipeline}
        for name, figures in systems.items() if name != "pipeline"
    }


def score_set(parser: Any, baselines: list[Baseline], root: Path,
              pipeline: dict[str, Any] | None = None) -> dict[str, Any]:
    """One held-out set: {"systems": {name: {lang: figures}}, "ratios": ...}; `pipeline`
    is the parser's `heldout_scores` on it when already computed."""
    from bench.evaluate import heldout_scores

    systems = {"pipeline": summarise(pipeline or heldout_scores(parser, root))}
    for baseline in baselines:
        systems[baseline.name] = summarise(heldout_scores(baseline, root))
    return {"systems": systems, "ratios": ratios(systems)}


def compare(parser: Any, sets: dict[str, Path], data_dir: Path,
            pipeline: dict[str, Any] | None = None) -> dict[str, Any]:
    """Score the pipeline (`parser`) and both baselines, fitted now on `data_dir`, on each
    held-out set: {"training_examples": ..., "sets": {set name: `score_set` output}}.
    `pipeline` holds the parser's `heldout_scores` per set when already computed."""
    training = training_sets(data_dir)
    baselines = [keyword_baseline().fit(training), tfidf_baseline().fit(training)]
    return {
        "training_examples": {task: len(texts) for task, (texts, _) in training.items()},
        "sets": {name: score_set(parser, baselines, root, (pipeline or {}).get(name))
                 for name, root in sets.items()},
    }
