"""Speed: NLU parse latency (in-process, HTTP), full REST turns, batch and deadline rates.

Every loop is bounded by a sample count; every request goes to 127.0.0.1 with a timeout.
The first `warmup` calls of each measurement are made but not counted (first calls trace
TensorFlow graphs and fill caches).
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from itertools import cycle, islice
from typing import Any

import numpy as np

TIMEOUT = 60.0  # seconds per request


def summary(seconds: Sequence[float]) -> dict[str, float | int]:
    """p50, p95 and mean in milliseconds."""
    ms = np.asarray(seconds) * 1000.0
    return {"n": len(ms), "p50_ms": float(np.percentile(ms, 50)),
            "p95_ms": float(np.percentile(ms, 95)), "mean_ms": float(ms.mean())}


def _timed(call: Callable[[str], Any], texts: Sequence[str], samples: int,
           warmup: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (of this process) per timed call."""
    for text in islice(cycle(texts), warmup):
        call(text)
    wall, cpu = [], []
    for text in islice(cycle(texts), samples):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        call(text)
        wall.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    return wall, cpu


def _post(url: str, payload: dict[str, Any]) -> Any:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.load(response)


def in_process_parse(parser: Any, texts: Sequence[str], samples: int,
                     warmup: int) -> dict[str, float | int]:
    """Latency of `parser.parse` (a loaded model in this process), plus its CPU time:
    on a busy machine wall-clock time grows while CPU time stays."""
    wall, cpu = _timed(parser.parse, texts, samples, warmup)
    cpu_ms = summary(cpu)
    return {**summary(wall), "cpu_p50_ms": cpu_ms["p50_ms"], "cpu_p95_ms": cpu_ms["p95_ms"]}


def http_parse_seconds(port: int, token: str, texts: Sequence[str], samples: int,
                       warmup: int) -> tuple[list[float], int]:
    """Seconds per `POST /model/parse` with the API token, one request at a time (and no
    skipped calls: the shape `bench.reference.interleaved` takes)."""
    url = f"http://127.0.0.1:{port}/model/parse?token={token}"
    return _timed(lambda text: _post(url, {"text": text}), texts, samples, warmup)[0], 0


def http_parse(port: int, token: str, texts: Sequence[str], samples: int,
               warmup: int) -> dict[str, float | int]:
    """Latency of `POST /model/parse` with the API token, one request at a time."""
    return summary(http_parse_seconds(port, token, texts, samples, warmup)[0])


def _ran_action(port: int, token: str, sender: str, action: str) -> bool:
    url = f"http://127.0.0.1:{port}/conversations/{sender}/tracker?token={token}"
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        events = json.load(response)["events"]
    return any(e.get("event") == "action" and e.get("name") == action for e in events)


def rest_turn_seconds(port: int, token: str, texts: Sequence[str], samples: int, warmup: int,
                      action: str | None) -> tuple[list[float], int]:
    """Seconds per REST-channel turn that opens a new conversation, one conversation at a
    time, and the number of turns not counted. With `action`, only turns whose tracker
    shows it (so the action server took part) are counted."""
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    seconds, skipped = [], 0
    for index, text in enumerate(islice(cycle(texts), warmup + samples)):
        sender = f"bench-{uuid.uuid4().hex}"
        begin = time.perf_counter()
        replies = _post(url, {"sender": sender, "message": text})
        elapsed = time.perf_counter() - begin
        if index < warmup:
            continue
        if replies and (action is None or _ran_action(port, token, sender, action)):
            seconds.append(elapsed)
        else:
            skipped += 1
    return seconds, skipped


def turn_summary(seconds: Sequence[float], skipped: int, action: str | None) -> dict[str, Any]:
    """`summary` of counted turns, with how many were skipped; an error if none counted."""
    if not seconds:
        raise RuntimeError(f"no turn got a reply{f' through {action}' if action else ''}: "
                           "is the action server reachable?")
    return {**summary(seconds), "skipped": skipped, "action": action}


def rest_turns(port: int, token: str, texts: Sequence[str], samples: int, warmup: int,
               action: str | None) -> dict[str, Any]:
    """Latency of one REST-channel turn that opens a new conversation (`rest_turn_seconds`)."""
    return turn_summary(*rest_turn_seconds(port, token, texts, samples, warmup, action), action)


def batch_throughput(parser: Any, texts: Sequence[str], samples: int) -> dict[str, float | int]:
    """Messages/s of `triagebot triage`'s loop over `samples` JSONL lines (model loaded)."""
    from bot.commands.triage import triage_lines

    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False)
             for i, t in enumerate(islice(cycle(texts), samples))]
    begin = time.perf_counter()
    records = list(triage_lines(lines, parser))
    elapsed = time.perf_counter() - begin
    errors = sum("error" in r for r in records)
    return {"messages": len(lines), "seconds": elapsed, "errors": errors,
            "messages_per_s": len(lines) / elapsed}


def deadline_rate(lines: int, seed: int = 7) -> dict[str, float | int]:
    """`triagebot deadline` lines/s after start-up, measured as `python -m bench deadline`
    does (a subprocess fed `lines` cases, best of 3, minus the best empty-input start-up)."""
    from bench.deadline_speed import run_command, sample_cases
    from bot.policy import load_policy

    payload = "".join(json.dumps(c) + "\n" for c in sample_cases(lines, seed, load_policy()))
    startup = min(run_command("") for _ in range(3))
    total = min(run_command(payload) for _ in range(3))
    return {"lines": lines, "startup_s": startup, "total_s": total,
            "lines_per_s": lines / max(total - startup, 1e-9)}
