"""The machine, the targets with PASS/FAIL, and the printed table of a bench run."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bench.accuracy import LOWER_IS_BETTER, METRICS
from bench.charts import print_confusions
from bench.reference import print_reference
from bench.throughput import print_batch


def machine() -> dict[str, Any]:
    """CPU model and count (/proc/cpuinfo), RAM (/proc/meminfo), load, Python."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
              if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
    ram_kib = int(meminfo[meminfo.index("MemTotal:") + 1])
    return {
        "cpu_model": models[0] if models else platform.processor(),
        "cpus": os.cpu_count(),
        "ram_gb": round(ram_kib * 1024 / 1e9, 1),
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
    }


def code_state(root: Path) -> dict[str, Any]:
    """The commit measured and the model inputs that differ from it (uncommitted edits)."""
    from bot.model_cache import CODE_INPUTS, PROJECT_INPUTS

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              timeout=30, check=False)
        return done.stdout.rstrip()

    inputs = [*PROJECT_INPUTS, *(name.replace(".", "/") for name in CODE_INPUTS)]
    changed = git("status", "--porcelain", "--", *inputs)
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted_model_inputs": [line[3:] for line in changed.splitlines()]}


@dataclass(frozen=True)
class Target:
    """A limit (issue 16) and where its measured value sits in the results; `at_least`
    for rates, which must reach the limit rather than stay under it."""

    name: str
    limit: float
    unit: str
    value: Callable[[dict[str, Any]], float | None]
    note: Callable[[dict[str, Any]], str] = lambda results: ""
    at_least: bool = False


def _training_note(results: dict[str, Any]) -> str:
    training = results["speed"]["training"]
    return "" if not training or training["measured"] == "now" else "(earlier run)"


def _rate(key: str, field: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda r: (r["speed"].get(key) or {}).get(field)


def _vs_starter(key: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda r: (r.get("ratios") or {}).get(key)


# Latencies as ratios to the starter bot measured in the same run (bench/reference.py).
TARGETS = (
    Target("NLU parse p95 / starter's", 1.5, "x", _vs_starter("parse_p95")),
    Target("triage turn p95 / starter's turn", 3.0, "x", _vs_starter("turn_p95")),
    Target("greeting turn p95 / starter's turn", 1.2, "x", _vs_starter("greeting_p95")),
    Target("batch triage, all cores", 150.0, "msg/s", _rate("batch_triage", "messages_per_s"),
           at_least=True),
    Target("transcripts, all cores", 60.0, "calls/s", _rate("transcripts", "calls_per_s"),
           at_least=True),
    Target("Rasa server peak memory", 900.0, "MB",
           lambda r: r["cost"]["memory"]["rasa"]["peak_mb"]),
    Target("training time, 2 cores", 120.0, "s",
           lambda r: (r["speed"]["training"] or {}).get("seconds"), _training_note),
)


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target: measured value, limit and PASS / FAIL (n/a if not measured)."""
    rows = []
    for target in TARGETS:
        value = target.value(results)
        met = value is not None and (value >= target.limit if target.at_least
                                     else value <= target.limit)
        verdict = "n/a" if value is None else ("PASS" if met else "FAIL")
        rows.append({"target": target.name, "value": value, "limit": target.limit,
                     "unit": target.unit, "at_least": target.at_least, "result": verdict,
                     "note": target.note(results)})
    return rows


def _ratio(value: float | None) -> str:
    return "   -  " if value is None else f"{value:5.2f}x"


def print_accuracy(scored: dict[str, Any], out: TextIO) -> None:
    """One held-out set, per language and metric: each system and the pipeline / baseline
    ratios."""
    systems = scored["systems"]
    baselines = [name for name in systems if name != "pipeline"]
    head = "".join(f"  {name:>14} ratio " for name in baselines)
    print(f"{'':3}{'metric':22}{'pipeline':>9}{head}", file=out)
    for lang in systems["pipeline"]:
        for key, _, _ in METRICS:
            cells = "".join(
                f"  {systems[b][lang][key]:14.3f} {_ratio(scored['ratios'][b][lang][key])}"
                for b in baselines
            )
            note = " (lower is better)" if key in LOWER_IS_BETTER else ""
            print(f"{lang:3}{key:22}{systems['pipeline'][lang][key]:9.3f}{cells}{note}",
                  file=out)
        print(f"{lang:3}{'n (labelled messages)':22}{systems['pipeline'][lang]['n']:9d}", file=out)


def _training_line(training: dict[str, Any] | None) -> str:
    if not training:
        return "not measured (--skip-train and no earlier results)"
    label = ("measured now" if training["measured"] == "now"
             else f"NOT measured now: {training['measured']}, {training['measured_at']}")
    cpu = f", {training['cpu_s']:.0f} s CPU" if training.get("cpu_s") else ""
    return (f"{training['seconds']:.0f} s on {training['cpus']} CPUs{cpu}, load average "
            f"{training['load_average_before']:.1f} before ({label})")


def print_report(results: dict[str, Any], out: TextIO) -> None:
    """The whole table: machine, accuracy, speed, cost, targets."""
    m, speed, cost = results["machine"], results["speed"], results["cost"]
    code = results["code"]
    edits = (f" + uncommitted {', '.join(code['uncommitted_model_inputs'])}"
             if code["uncommitted_model_inputs"] else "")
    print(f"machine: {m['cpus']} x {m['cpu_model']}, {m['ram_gb']} GB RAM, load average "
          f"{', '.join(f'{x:.1f}' for x in m['load_average'])}", file=out)
    print(f"code: commit {code['commit']}{edits}; model {results['model']}", file=out)
    for name, scored in results["accuracy"]["sets"].items():
        print(f"\n== accuracy on held-out set {name} (ratio = pipeline / baseline)", file=out)
        print_accuracy(scored, out)
        print_confusions(scored, "severity", out)
    print("\n== speed", file=out)
    for key, title in (("parse_in_process", "NLU parse, in-process"),
                       ("parse_http", "NLU parse, POST /model/parse"),
                       ("turn_rest", "full turn, REST + actions"),
                       ("turn_greeting", "greeting turn, no custom action")):
        row = speed[key]
        extra = ""
        if "cpu_p95_ms" in row:
            extra = f"; CPU time p50 {row['cpu_p50_ms']:.1f} ms, p95 {row['cpu_p95_ms']:.1f} ms"
        elif row.get("action"):
            extra = f"; {row['skipped']} turns without {row['action']} not counted"
        print(f"  {title:32} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms"
              f"  (n={row['n']}{extra})", file=out)
    print_reference(results, out)
    print_batch(speed, out)
    deadline = speed["deadline"]
    print(f"  {'triagebot deadline':32} {deadline['lines_per_s']:9,.0f} lines/s after "
          f"{deadline['startup_s']:.2f} s start-up", file=out)
    print(f"  {'training (rasa train)':32} {_training_line(speed['training'])}", file=out)
    print("\n== cost", file=out)
    for name, row in cost["memory"].items():
        print(f"  {name + ' server peak RSS':32} {row['peak_mb']:9.0f} MB "
              f"({row['processes']} process(es))", file=out)
    print(f"  {'model archive':32} {cost['model_mb']:9.1f} MB", file=out)
    print("\n== targets", file=out)
    for row in results["targets"]:
        digits = 2 if row["unit"] == "x" else 1
        value = "-" if row["value"] is None else f"{row['value']:.{digits}f} {row['unit']}"
        limit = f"{'>=' if row.get('at_least') else '<='} {row['limit']:g} {row['unit']}"
        print(f"  {row['target']:36} {value:>14}  {limit:15}  {row['result']} {row['note']}"
              .rstrip(), file=out)
