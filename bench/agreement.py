"""`python -m bench agreement SET`: how far a second independent labeller agrees with a
held-out set's writer (severity and case type), i.e. how much of the set's labels the
text itself settles. A score no labeller reaches is no target for a model.

The second labeller saw the policy digest, the glossary and the set's messages without
their labels (shuffled), never the writer's labels or the bot; its labels are kept beside
the set as `second_labeller.<lang>.jsonl` (`text`, `severity`, `case_type`). Aggregates
only are printed: the set stays a held-out set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench import heldout
from bench.metrics import classification_report, severity_report
from bot.nlu.label_classifier import example_label
from bot.nlu.normalize import fold


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The set to compare."""
    parser.add_argument("set", metavar="SET", help=f"one of {', '.join(heldout.SETS)} or a folder")


def second_labels(root: Path, lang: str) -> dict[str, dict[str, Any]]:
    """The second labeller's labels of one language, by folded message text."""
    path = root / f"second_labeller.{lang}.jsonl"
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return {fold(row["text"]): row for row in rows}


def agreement(root: Path) -> dict[str, dict[str, Any]]:
    """Per language with a second labelling: the writer's labels scored against it."""
    out: dict[str, dict[str, Any]] = {}
    for lang, messages in heldout.examples(root).items():
        second = second_labels(root, lang)
        if not second:
            continue
        pairs = [(m, second.get(fold(m.get("text")))) for m in messages
                 if example_label(m, "severity") is not None]
        both = [(m, row) for m, row in pairs if row is not None]
        truth_sev = [int(example_label(m, "severity")) for m, _ in both]
        truth_ct = [example_label(m, "case_type") for m, _ in both]
        out[lang] = {
            "n": len(both), "unlabelled": len(pairs) - len(both),
            "severity": severity_report(truth_sev, [int(row["severity"]) for _, row in both]),
            "case_type": classification_report(truth_ct, [row["case_type"] for _, row in both],
                                               sorted(set(truth_ct))),
            "severity_agreed": sum(int(row["severity"]) == t
                                   for (_, row), t in zip(both, truth_sev)),
            "case_type_agreed": sum(row["case_type"] == t for (_, row), t in zip(both, truth_ct)),
        }
    return out


def run(args: argparse.Namespace) -> int:
    """Print the agreement per language."""
    root = next(iter(heldout.chosen([args.set]).values()))
    found = agreement(root)
    if not found:
        print(f"python -m bench agreement: {root} has no second_labeller.<lang>.jsonl")
        return 2
    for lang, row in found.items():
        sev, ct = row["severity"], row["case_type"]
        print(f"{lang}: n={row['n']} (without a second label: {row['unlabelled']})  "
              f"severity agreed {row['severity_agreed']}/{row['n']}, macro-F1 {sev['macro_f1']:.3f}, "
              f"sev-1 R {sev['sev1_recall']:.3f} P {sev['sev1_precision']:.3f}  "
              f"case type agreed {row['case_type_agreed']}/{row['n']}, macro-F1 {ct['macro_f1']:.3f}")
    return 0
