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

from bench.probes import proc_cpu_seconds
from bot.triage.pool import ParserPool, usable_cpus

DEV_CALLS = Path(__file__).with_name("transcripts_dev") / "calls"  # never the held-out set
REPEAT_CALLS = 10  # times the development calls are triaged, for a long enough timing


def batch_triage(model: Path, texts: list[str], samples: int,
                 workers: int | None = None) -> dict[str, Any]:
    """Messages/s of `triagebot triage` over `samples` lines with `workers` processes."""
    from bot.commands.triage import chunks, triage_chunk

    workers = workers or usable_cpus()
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False)
             for i, t in enumerate(islice(cycle(texts), samples))]
    per_chunk, elapsed, cpu = _timed_pool(model, workers, triage_chunk, chunks(lines), 1)
    records = [r for chunk in per_chunk for r in chunk]
    return {"messages": len(lines), "seconds": elapsed, "workers": workers,
            "errors": sum("error" in r for r in records),
            "messages_per_s": len(lines) / elapsed, **_cpu_bound(len(lines), cpu, workers)}


def _timed_pool(model: Path, workers: int, func: Any, items: list[Any], chunksize: int
                ) -> tuple[list[Any], float, float]:
    """Results of `func` over `items` on a warmed-up pool, the wall seconds and the CPU
    seconds the workers spent on them."""
    pool = ParserPool(model, workers)
    try:
        pool.warm_up()
        cpu_before = sum(proc_cpu_seconds(pid) for pid in pool.pids)
        begin = time.perf_counter()
        results = list(pool.map(func, items, chunksize=chunksize))
        elapsed = time.perf_counter() - begin
        cpu = sum(proc_cpu_seconds(pid) for pid in pool.pids) - cpu_before
    finally:
        pool.close()
    return results, elapsed, cpu


def _cpu_bound(items: int, cpu_s: float, workers: int) -> dict[str, float | None]:
    """Items per CPU-second of the workers, and the rate `workers` idle cores would give:
    on a shared machine the wall-clock rate measures the other tenants too."""
    if cpu_s <= 0:
        return {"per_cpu_second": None, "idle_cores_per_s": None}
    return {"per_cpu_second": items / cpu_s, "idle_cores_per_s": items / cpu_s * workers}


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
    per_file, elapsed, cpu = _timed_pool(model, workers, triage_path, jobs, 1)
    records = [r for found in per_file for r in found]
    calls = sum("error" not in r for r in records)
    return {"calls": calls, "files": len(jobs), "seconds": elapsed, "workers": workers,
            "errors": len(records) - calls, "calls_per_s": calls / elapsed,
            **_cpu_bound(calls, cpu, workers)}


def print_batch(speed: dict[str, Any], out: TextIO) -> None:
    """The batch lines of the speed table."""
    single, batch = speed.get("batch_single"), speed.get("batch_triage")
    if single:
        print(f"  {'batch triage, one process':32} {single['messages_per_s']:9.1f} messages/s "
              f"({single['messages']} messages, model loaded in {speed['model_load_s']:.1f} s)",
              file=out)
    if batch:
        print(f"  {'batch triage, all cores':32} {batch['messages_per_s']:9.1f} messages/s "
              f"({batch['messages']} messages, {batch['workers']} workers{_idle(batch)})",
              file=out)
    calls = speed.get("transcripts")
    if calls:
        print(f"  {'transcripts, all cores':32} {calls['calls_per_s']:9.1f} calls/s "
              f"({calls['calls']} calls in {calls['files']} files, {calls['workers']} workers"
              f"{_idle(calls)})", file=out)


def _idle(row: dict[str, Any]) -> str:
    rate = row.get("idle_cores_per_s")
    return "" if rate is None else f"; {rate:.0f}/s on idle cores, from the workers' CPU time"
