"""Batch throughput on every core: `triagebot triage` lines and `triagebot transcripts` calls.

Both go through the commands' own worker pool (`bot.triage.pool`) and per-item functions;
the workers load the model first (not timed), then a fixed amount of work is timed.
"""

from __future__ import annotations

import json
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any, TextIO

from bot.triage.pool import ParserPool, usable_cpus

DEV_CALLS = Path(__file__).with_name("transcripts_dev") / "calls"  # never the held-out set
REPEAT_CALLS = 10  # times the development calls are triaged, for a long enough timing


def batch_triage(model: Path, texts: list[str], samples: int,
                 workers: int | None = None) -> dict[str, Any]:
    """Messages/s of `triagebot triage` over `samples` lines with `workers` processes."""
    from bot.commands.triage import triage_line

    workers = workers or usable_cpus()
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False)
             for i, t in enumerate(islice(cycle(texts), samples))]
    pool = ParserPool(model, workers)
    try:
        pool.warm_up()
        begin = time.perf_counter()
        records = list(pool.map(triage_line, lines, chunksize=16))
        elapsed = time.perf_counter() - begin
    finally:
        pool.close()
    return {"messages": len(lines), "seconds": elapsed, "workers": workers,
            "errors": sum("error" in r for r in records),
            "messages_per_s": len(lines) / elapsed}


def transcripts(model: Path, workers: int | None = None, folder: Path = DEV_CALLS,
                repeat: int = REPEAT_CALLS) -> dict[str, Any]:
    """Calls/s of `triagebot transcripts --no-store` over the development calls, each file
    `repeat` times, with `workers` processes."""
    from bot.commands.transcripts import triage_path
    from bot.transcripts.batch import discover

    workers = workers or usable_cpus()
    files, _ = discover([folder])
    no_speakers: list[str] = []  # the agent is found by name, as without --agent-speaker
    jobs = [(path, no_speakers) for path in files] * repeat
    pool = ParserPool(model, workers)
    try:
        pool.warm_up()
        begin = time.perf_counter()
        records = [r for found in pool.map(triage_path, jobs, chunksize=1) for r in found]
        elapsed = time.perf_counter() - begin
    finally:
        pool.close()
    calls = sum("error" not in r for r in records)
    return {"calls": calls, "files": len(jobs), "seconds": elapsed, "workers": workers,
            "errors": len(records) - calls, "calls_per_s": calls / elapsed}


def print_batch(speed: dict[str, Any], out: TextIO) -> None:
    """The batch lines of the speed table."""
    single, batch = speed.get("batch_single"), speed.get("batch_triage")
    if single:
        print(f"  {'batch triage, one process':32} {single['messages_per_s']:9.1f} messages/s "
              f"({single['messages']} messages, model loaded in {speed['model_load_s']:.1f} s)",
              file=out)
    if batch:
        print(f"  {'batch triage, all cores':32} {batch['messages_per_s']:9.1f} messages/s "
              f"({batch['messages']} messages, {batch['workers']} workers)", file=out)
    calls = speed.get("transcripts")
    if calls:
        print(f"  {'transcripts, all cores':32} {calls['calls_per_s']:9.1f} calls/s "
              f"({calls['calls']} calls in {calls['files']} files, {calls['workers']} workers)",
              file=out)
