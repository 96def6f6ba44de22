"""Our latencies beside the starter bot's, measured in turns, and their ratios.

On a machine shared with other work, two figures taken one after the other see different
loads. So every latency is measured in `ROUNDS` slices, and each round takes one slice of
every measurement, ours and the starter's, before the next round starts: a load spike
falls on both sides alike, and the ratios hold where absolute times do not.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Any, TextIO

from bench import latency
from bench.probes import proc_cpu_seconds
from bench.starter import GREETINGS, Starter, start_starter
from bot.web.process import free_port

ROUNDS = 5
# A measurement: (texts, samples, warmup) -> (seconds of counted calls, calls not counted).
Measure = Callable[[Sequence[str], int, int], tuple[list[float], int]]
# results["ratios"] key -> (our speed figure, the starter's figure it is divided by).
RATIOS = {"parse_p95": ("parse_http", "parse_http"),
          "turn_p95": ("turn_rest", "turn_rest"),
          "greeting_p95": ("turn_greeting", "turn_rest")}


def _rotated(texts: Sequence[str], start: int) -> list[str]:
    """`texts` from position `start` (modulo its length) on, wrapping round."""
    return list(islice(cycle(texts), start % len(texts), start % len(texts) + len(texts)))


@dataclass
class Measured:
    """One measurement's slices put together; `cpu_s` is the CPU time its servers spent
    on its `calls` (warm-up calls not included), read from /proc around each slice."""

    seconds: list[float] = field(default_factory=list)
    skipped: int = 0
    cpu_s: float = 0.0
    calls: int = 0

    def cpu_ms_per_call(self) -> float | None:
        return self.cpu_s / self.calls * 1000 if self.calls and self.cpu_s else None


def interleaved(measures: dict[str, tuple[Measure, Sequence[str]]], samples: int, warmup: int,
                rounds: int = ROUNDS, servers: dict[str, Sequence[int]] | None = None
                ) -> dict[str, Measured]:
    """Run every measurement in `rounds` slices, round by round; warm-up calls only in the
    first. Each slice goes on through the texts where the last one stopped. `servers` names
    the processes (pids) whose CPU time each measurement is charged."""
    found = {name: Measured() for name in measures}
    servers = servers or {}
    per_round = -(-samples // rounds)
    for index in range(rounds):
        count = min(per_round, samples - index * per_round)
        if count <= 0:
            break
        for name, (measure, texts) in measures.items():
            sliced = _rotated(texts, index * per_round)
            if index == 0 and warmup:  # first calls load lazily (taggers, graphs): not counted
                measure(sliced, 0, warmup)
            pids = servers.get(name, ())
            before = sum(proc_cpu_seconds(pid) for pid in pids)
            seconds, skipped = measure(sliced, count, 0)
            row = found[name]
            row.seconds += seconds
            row.skipped += skipped
            row.cpu_s += sum(proc_cpu_seconds(pid) for pid in pids) - before
            row.calls += count
    return found


def ratios(speed: dict[str, Any], reference: dict[str, Any]) -> dict[str, float]:
    """Ours divided by the starter's, per p95 latency (`RATIOS`)."""
    return {key: speed[ours]["p95_ms"] / reference[theirs]["p95_ms"]
            for key, (ours, theirs) in RATIOS.items()}


def cpu_ratios(speed: dict[str, Any], reference: dict[str, Any]) -> dict[str, float | None]:
    """Ours divided by the starter's, per call in server CPU time (Rasa + action server for
    ours): what the ratios would be on an idle machine, where latency is CPU time."""
    found: dict[str, float | None] = {}
    for key, (ours, theirs) in RATIOS.items():
        mine, base = speed[ours].get("server_cpu_ms"), reference[theirs].get("server_cpu_ms")
        found[key.replace("_p95", "_cpu")] = mine / base if mine and base else None
    return found


def measure_side_by_side(port: int, token: str, ours_pids: list[int], starter: Starter,
                         log_dir: Path, parse_texts: list[str], issue_texts: list[str],
                         greetings: list[str], samples: int, warmup: int
                         ) -> tuple[dict[str, Any], dict[str, Any]]:
    """Our HTTP parse, triage and greeting turns (server on `port`, processes `ours_pids`:
    Rasa and the action server) and the starter's HTTP parse and greeting turn, interleaved.
    Returns (our figures, the starter's), each with the servers' CPU ms per call."""
    starter_port, starter_token = free_port(), secrets.token_urlsafe(24)
    services = start_starter(starter, starter_port, starter_token, log_dir)
    try:
        def parse(at: int, key: str) -> Measure:
            return lambda texts, n, w: latency.http_parse_seconds(at, key, texts, n, w)

        def turn(at: int, key: str, action: str | None) -> Measure:
            return lambda texts, n, w: latency.rest_turn_seconds(at, key, texts, n, w, action)

        starter_pids = [services.procs["starter"].pid]
        raw = interleaved({
            "parse_http": (parse(port, token), parse_texts),
            "starter_parse_http": (parse(starter_port, starter_token), parse_texts),
            "turn_rest": (turn(port, token, "action_triage"), issue_texts),
            "turn_greeting": (turn(port, token, None), greetings),
            "starter_turn_rest": (turn(starter_port, starter_token, None), GREETINGS),
        }, samples, warmup, servers={
            "parse_http": ours_pids, "turn_rest": ours_pids, "turn_greeting": ours_pids,
            "starter_parse_http": starter_pids, "starter_turn_rest": starter_pids})
        services.check_alive()
    finally:
        services.stop()

    def figures(name: str, action: str | None = None) -> dict[str, Any]:
        row = raw[name]
        return {**latency.turn_summary(row.seconds, row.skipped, action),
                "server_cpu_ms": row.cpu_ms_per_call()}

    ours = {"parse_http": figures("parse_http"),
            "turn_rest": figures("turn_rest", "action_triage"),
            "turn_greeting": figures("turn_greeting")}
    theirs = {"parse_http": figures("starter_parse_http"),
              "turn_rest": figures("starter_turn_rest"),
              "model": starter.model.name, "project": str(starter.project),
              "trained_s": starter.trained_s, "rounds": ROUNDS}
    return ours, theirs


def print_reference(results: dict[str, Any], out: TextIO) -> None:
    """The starter bot's latencies and ours as ratios to them."""
    reference, found = results.get("reference"), results.get("ratios")
    if not reference or not found:
        return
    trained = ("trained now in " f"{reference['trained_s']:.0f} s" if reference["trained_s"]
               else "cached model")
    print(f"  starter bot (`rasa init`, {trained}; measured interleaved with ours in "
          f"{reference['rounds']} rounds):", file=out)
    for key, title in (("parse_http", "parse, POST /model/parse"),
                       ("turn_rest", "greeting turn, REST")):
        row = reference[key]
        print(f"  {'  ' + title:32} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms"
              f"  (n={row['n']}; {_cpu(row)})", file=out)
    names = (("parse", "parse"), ("turn", "triage turn"), ("greeting", "greeting turn"))
    print("  ours / starter's, p95:  " + ",  ".join(
        f"{name} {found[key + '_p95']:.2f}x" for key, name in names), file=out)
    cpu = results.get("cpu_ratios") or {}
    print("  ours / starter's, server CPU per call:  " + ",  ".join(
        f"{name} " + (f"{cpu[key + '_cpu']:.2f}x" if cpu.get(key + "_cpu") else "-")
        for key, name in names), file=out)
    speed = results["speed"]
    print("  our servers' CPU per call: " + ", ".join(
        f"{title} {_cpu(speed[key])}" for key, title in (
            ("parse_http", "parse"), ("turn_rest", "triage turn"),
            ("turn_greeting", "greeting turn")) if key in speed), file=out)


def _cpu(row: dict[str, Any]) -> str:
    value = row.get("server_cpu_ms")
    return "server CPU -" if value is None else f"server CPU {value:.1f} ms"
