"""Training time of the full model: a real `rasa train` into a temporary directory.

Rasa's training cache is pointed at an empty folder and disabled, so every component
trains (a warm cache would time only the cache look-ups). On machines with more than two
CPUs the training process is pinned to two, the target's budget.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.commands.train import rasa_bin
from bot.settings import ROOT

CPU_BUDGET = 2


def _pin_cpus() -> None:
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) > CPU_BUDGET:
        os.sched_setaffinity(0, allowed[:CPU_BUDGET])


def time_training(log: Path) -> dict[str, Any]:
    """Train config.yml + domain.yml + data/ from scratch; the output goes to `log`."""
    with tempfile.TemporaryDirectory(prefix="triagebot-bench-train-") as tmp:
        env = dict(os.environ, RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache"),
                   RASA_MAX_CACHE_SIZE="0")
        cmd = [rasa_bin(), "train", "--config", "config.yml", "--domain", "domain.yml",
               "--data", "data", "--out", tmp, "--fixed-model-name", "bench"]
        load_before = os.getloadavg()[0]
        begin = time.monotonic()
        with open(log, "wb") as out:
            subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                           check=True, preexec_fn=_pin_cpus)
        seconds = time.monotonic() - begin
        size = (Path(tmp) / "bench.tar.gz").stat().st_size
    return {
        "seconds": seconds,
        "measured": "now",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpus": min(CPU_BUDGET, len(os.sched_getaffinity(0))),
        "load_average_before": load_before,
        "model_bytes": size,
    }


def last_training(previous: Path) -> dict[str, Any] | None:
    """The training figure of an earlier results file, labelled as not measured now."""
    try:
        earlier = json.loads(previous.read_text(encoding="utf-8"))["speed"]["training"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not earlier or earlier.get("seconds") is None:
        return None
    return {**earlier, "measured": "previous run (--skip-train)"}
