"""NLU parse CPU time of this checkout beside an earlier commit's, each with its own model.

A target such as "parse p95 within 1.2x of the day the issue was filed" compares two
versions of the pipeline, code and model together. The earlier commit is checked out as a
git worktree under var/bench/parse-versus/, its model trained there by its own code (and
kept, keyed by the commit), and both are timed in-process on the same texts in
alternating rounds, one fresh process per round and side, so a load spike on the shared
machine falls on both alike. The figure is the ratio of the medians of the rounds' p95s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.heldout import HELDOUT, examples
from bot.settings import load_settings

# Runs in the child under either checkout's `bot` (PYTHONPATH): only ModelParser.parse,
# which every version since the house work has, is used.
_CHILD = """
import json, sys, time
from pathlib import Path
from bot.triage.model import ModelParser
texts = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
parser = ModelParser(Path(sys.argv[1]))
for text in texts[:int(sys.argv[3])]:
    parser.parse(text)
cpu = []
for text in texts:
    start = time.process_time()
    parser.parse(text)
    cpu.append((time.process_time() - start) * 1000)
print("CPU_MS " + json.dumps(cpu))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("commit", help="the earlier commit to compare with (e.g. 9c6548e)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--texts", type=int, default=300, help="held-out texts per round")
    parser.add_argument("--warmup", type=int, default=30)


def _texts(limit: int) -> list[str]:
    """Problem descriptions of the legacy held-out set, both languages interleaved."""
    by_lang = examples(HELDOUT / "legacy")
    mixed = [m.get("text") for pair in zip(*by_lang.values()) for m in pair]
    return mixed[:limit]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, text=True,
                          capture_output=True).stdout.strip()


def _environment(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout), "TRIAGEBOT_PROJECT_DIR": str(checkout),
            "TRIAGEBOT_MODEL_DIR": str(checkout / "models")}


def earlier_checkout(repo: Path, commit: str, var_dir: Path) -> tuple[Path, Path]:
    """The worktree of `commit` and its model, trained there by its own code if missing."""
    full = _git(repo, "rev-parse", "--verify", f"{commit}^{{commit}}")
    tree = var_dir / "bench" / "parse-versus" / full[:12]
    if not tree.is_dir():
        _git(repo, "worktree", "prune")  # `make clean` may have deleted an earlier one
        _git(repo, "worktree", "add", "--detach", str(tree), full)
    models = sorted((tree / "models").glob("*.tar.gz"))
    if not models:
        train = "import sys; from bot.cli import main; sys.argv = ['triagebot', 'train']; " \
                "sys.exit(main())"
        subprocess.run([sys.executable, "-c", train], cwd=tree, env=_environment(tree),
                       check=True)
        models = sorted((tree / "models").glob("*.tar.gz"))
    return tree, models[-1]


def _time(checkout: Path, model: Path, texts_file: Path, warmup: int) -> list[float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(model), str(texts_file),
                          str(warmup)], cwd=checkout, env=_environment(checkout),
                         check=True, text=True, capture_output=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("CPU_MS "))
    return [float(v) for v in json.loads(line[len("CPU_MS "):])]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(args: argparse.Namespace) -> int:
    from bot.triage.model import resolve_model

    settings = load_settings()
    here = settings.project_dir
    model = resolve_model(None)
    tree, earlier_model = earlier_checkout(here, args.commit, settings.var_dir)
    rows: dict[str, list[dict[str, Any]]] = {"earlier": [], "now": []}
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(_texts(args.texts), ensure_ascii=False),
                              encoding="utf-8")
        for round_no in range(1, args.rounds + 1):
            for side, checkout, chosen in (("earlier", tree, earlier_model),
                                           ("now", here, model)):
                cpu = _time(checkout, chosen, texts_file, args.warmup)
                row = {"p50": statistics.median(cpu), "p95": _percentile(cpu, 0.95)}
                rows[side].append(row)
                print(f"round {round_no} {side:7} p50 {row['p50']:6.2f} ms  "
                      f"p95 {row['p95']:6.2f} ms", flush=True)
    p95 = {side: statistics.median(r["p95"] for r in rows[side]) for side in rows}
    print(f"parse CPU p95, median of {args.rounds} rounds: now {p95['now']:.2f} ms, "
          f"{args.commit} {p95['earlier']:.2f} ms: {p95['now'] / p95['earlier']:.2f}x")
    return 0
