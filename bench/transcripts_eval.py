"""Score `triagebot transcripts` on a labelled set of calls: `python -m bench.transcripts_eval`.

The set is a folder with `calls/` (transcripts in any supported format) and `labels.jsonl`,
one line per call: {"file", "id", "language", "severity", "case_type",
"entities": {"support_id", "version", "email"}, "agent_speaker"}. Only totals are printed:
the default set (bench/transcripts) is held out, its calls are never looked at one by one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bench.metrics import MISSING, classification_report, severity_report

DEFAULT_SET = Path(__file__).with_name("transcripts")
ENTITY_KINDS = ("support_id", "version", "email")
CASE_TYPES = ("technical", "licensing", "general_inquiry", "feature_request", "out_of_scope")


def load_labels(folder: Path) -> list[dict[str, Any]]:
    """labels.jsonl of a set."""
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _call_path(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / "calls" / name):
        if candidate.is_file():
            return candidate
    return folder / "calls" / name


def _values(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [] if value in (None, "") else [value]
    return {str(v).strip().lower() for v in items}


def entity_scores(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Value-level precision, recall and F1 per entity kind over (label, record) pairs."""
    counts = {kind: [0, 0, 0] for kind in ENTITY_KINDS}  # tp, fp, fn
    for label, record in pairs:
        for kind in ENTITY_KINDS:
            gold = _values((label.get("entities") or {}).get(kind))
            found = _values((record.get("entities") or {}).get(kind))
            tp = len(gold & found)
            counts[kind][0] += tp
            counts[kind][1] += len(found) - tp
            counts[kind][2] += len(gold) - tp
    scores = {}
    for kind, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        scores[kind] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                        "support": tp + fn}
    return scores


def _match(labels: list[dict[str, Any]], records: list[dict[str, Any]]
           ) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each label with its record: by id within a file, else the file's only record."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_file[Path(record["file"]).name].append(record)
    pairs = []
    for label in labels:
        found = by_file.get(Path(label["file"]).name, [])
        same_id = [r for r in found if str(r.get("id")) == str(label.get("id"))]
        pick = same_id[0] if same_id else found[0] if len(found) == 1 else None
        pairs.append((label, pick if pick and "error" not in pick else None))
    return pairs


def score(labels: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-language severity and case-type macro-F1, entity F1 and speaker separation."""
    pairs = _match(labels, records)
    report: dict[str, Any] = {"calls": len(labels),
                              "unread": sum(1 for _, r in pairs if r is None)}
    for lang in sorted({str(label.get("language")) for label in labels}):
        mine = [(lab, rec or {}) for lab, rec in pairs if str(lab.get("language")) == lang]
        severity = severity_report([int(lab["severity"]) for lab, _ in mine],
                                   [r.get("severity") or MISSING for _, r in mine])
        case_type = classification_report(
            [lab["case_type"] for lab, _ in mine], [r.get("case_type") or MISSING for _, r in mine],
            sorted({lab["case_type"] for lab, _ in mine} & set(CASE_TYPES)))
        agents = [(lab, rec) for lab, rec in mine if lab.get("agent_speaker")]
        report[lang] = {
            "n": len(mine), "severity_macro_f1": severity["macro_f1"],
            "sev1_recall": severity["sev1_recall"], "under_triage": severity["under_triage"],
            "case_type_macro_f1": case_type["macro_f1"],
            "severity_confusion": severity["confusion"],  # rows truth 1-4, columns 1-4, none
            "entities": entity_scores(mine),
            "agent_found": (sum(1 for lab, rec in agents
                                if rec.get("agent_speakers") == [lab["agent_speaker"]])
                            / len(agents)) if agents else None,
        }
    return report


def run_set(folder: Path, model: str | None = None) -> dict[str, Any]:
    """Triage every labelled file of the set with the trained model and score it."""
    from bot.transcripts.batch import triage_file
    from bot.triage.model import ModelParser, resolve_model

    labels = load_labels(folder)
    files = sorted({_call_path(folder, label["file"]) for label in labels})
    parser = ModelParser(resolve_model(model))
    # Warm up (first parse, the normalisation tables): throughput is measured after load.
    if files:
        list(triage_file(files[0], parser.parse))
    started, cpu_started = time.perf_counter(), time.process_time()
    records = [r for path in files for r in triage_file(path, parser.parse)]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    parser.close()
    report = score(labels, records)
    calls = sum(1 for r in records if "error" not in r)
    # CPU time too: on a machine other jobs share, wall time says more about them than us
    report["throughput"] = {"calls": calls, "seconds": round(elapsed, 3),
                            "calls_per_second": round(calls / elapsed, 1) if elapsed else None,
                            "cpu_seconds": round(cpu, 3),
                            "calls_per_cpu_second": round(calls / cpu, 1) if cpu else None,
                            "load_average": round(os.getloadavg()[0], 2)}
    return report


def print_report(report: dict[str, Any], out: Any = sys.stdout) -> None:
    """The figures as a small table."""
    print(f"calls {report['calls']}, unread {report['unread']}", file=out)
    print("lang   n  severity-F1  sev1-R  under  case-type-F1  support_id  version  email  agent",
          file=out)
    for lang, row in report.items():
        if not isinstance(row, dict) or "severity_macro_f1" not in row:
            continue
        ents = row["entities"]
        agent = "-" if row["agent_found"] is None else f"{row['agent_found']:.2f}"
        print(f"{lang:4} {row['n']:3}  {row['severity_macro_f1']:11.3f}  {row['sev1_recall']:6.3f}"
              f"  {row['under_triage']:5.3f}  {row['case_type_macro_f1']:12.3f}"
              f"  {ents['support_id']['f1']:10.3f}  {ents['version']['f1']:7.3f}"
              f"  {ents['email']['f1']:5.3f}  {agent:>5}", file=out)
    speed = report.get("throughput")
    if speed:
        print(f"throughput {speed['calls_per_second']} calls/s ({speed['calls']} calls in "
              f"{speed['seconds']} s after model load; {speed['calls_per_cpu_second']} calls "
              f"per CPU second; load average {speed['load_average']})", file=out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options (also for mounting as a `python -m bench` command)."""
    parser.add_argument("--set", type=Path, default=DEFAULT_SET,
                        help="folder with calls/ and labels.jsonl (default: bench/transcripts)")
    parser.add_argument("--model", help="model .tar.gz (default: the model for the current data)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")


def run(args: argparse.Namespace) -> int:
    """Score a set and print the figures (and write them as JSON with --json)."""
    if not (args.set / "labels.jsonl").is_file():
        print(f"no labels.jsonl in {args.set}", file=sys.stderr)
        return 2
    report = run_set(args.set, args.model)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m bench.transcripts_eval [--set DIR] [--model M] [--json FILE]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.transcripts_eval",
                                     description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
