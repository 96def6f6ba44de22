"""Training time of the full model: a real `rasa train` into a temporary directory.

The command is the one `triagebot train` runs (`bot.rasa_cli.train_command`), which trains
every component afresh: Rasa's per-component cache is neither read nor filled, so no earlier
run can serve a component. On machines with more than two CPUs the training process is
pinned to two, the target's budget.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from pathlib import Path
from typing import Any

from bot.clock import now
from bot.rasa_cli import train_command

CPU_BUDGET = 2


def _children_cpu() -> float:
    """User + system CPU seconds of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pin_cpus() -> None:
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) > CPU_BUDGET:
        os.sched_setaffinity(0, allowed[:CPU_BUDGET])


def time_training(project_dir: Path, out_dir: Path, name: str) -> tuple[dict[str, Any], Path]:
    """Train the project's config.yml + domain.yml + data/ from scratch into
    `out_dir`/`name`.tar.gz. Returns the figures and the model; Rasa's output goes to
    `out_dir`/train.log.
    """
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    begin = time.monotonic()
    with open(out_dir / "train.log", "wb") as log:
        subprocess.run(train_command(out_dir, name), cwd=project_dir, stdout=log,
                       stderr=subprocess.STDOUT, check=True, preexec_fn=_pin_cpus)
    seconds = time.monotonic() - begin
    figures = {
        "seconds": seconds,
        # What training costs whatever the load of a shared machine (above the wall time
        # when steps use both cores).
        "cpu_s": _children_cpu() - cpu_before,
        "measured": "now",
        "measured_at": now().isoformat(timespec="seconds"),
        "cpus": min(CPU_BUDGET, len(os.sched_getaffinity(0))),
        "load_average_before": load_before,
    }
    return figures, out_dir / f"{name}.tar.gz"


def last_training(previous: Path) -> dict[str, Any] | None:
    """The training figure of an earlier results file, labelled as not measured now."""
    try:
        earlier = json.loads(previous.read_text(encoding="utf-8"))["speed"]["training"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not earlier or earlier.get("seconds") is None:
        return None
    return {**earlier, "measured": "previous run (--skip-train)"}
