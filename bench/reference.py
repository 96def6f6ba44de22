"""Our latencies beside the starter bot's, measured in turns, and their ratios.

On a machine shared with other work, two figures taken one after the other see different
loads. So every latency is measured in `ROUNDS` slices, and each round takes one slice of
every measurement, ours and the starter's, before the next round starts: a load spike
falls on both sides alike, and the ratios hold where absolute times do not.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from itertools import cycle, islice
from pathlib import Path
from typing import Any, TextIO

from bench import latency
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


def interleaved(measures: dict[str, tuple[Measure, Sequence[str]]], samples: int, warmup: int,
                rounds: int = ROUNDS) -> dict[str, tuple[list[float], int]]:
    """Run every measurement in `rounds` slices, round by round; warm-up calls only in the
    first. Each slice goes on through the texts where the last one stopped."""
    found: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in measures}
    per_round = -(-samples // rounds)
    for index in range(rounds):
        count = min(per_round, samples - index * per_round)
        if count <= 0:
            break
        for name, (measure, texts) in measures.items():
            seconds, skipped = measure(_rotated(texts, index * per_round), count,
                                       warmup if index == 0 else 0)
            found[name] = (found[name][0] + seconds, found[name][1] + skipped)
    return found


def ratios(speed: dict[str, Any], reference: dict[str, Any]) -> dict[str, float]:
    """Ours divided by the starter's, per p95 latency (`RATIOS`)."""
    return {key: speed[ours]["p95_ms"] / reference[theirs]["p95_ms"]
            for key, (ours, theirs) in RATIOS.items()}


def measure_side_by_side(port: int, token: str, starter: Starter, log_dir: Path,
                         parse_texts: list[str], issue_texts: list[str], greetings: list[str],
                         samples: int, warmup: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Our HTTP parse, triage and greeting turns (server on `port`) and the starter's HTTP
    parse and greeting turn, interleaved. Returns (our figures, the starter's)."""
    starter_port, starter_token = free_port(), secrets.token_urlsafe(24)
    services = start_starter(starter, starter_port, starter_token, log_dir)
    try:
        def parse(at: int, key: str) -> Measure:
            return lambda texts, n, w: latency.http_parse_seconds(at, key, texts, n, w)

        def turn(at: int, key: str, action: str | None) -> Measure:
            return lambda texts, n, w: latency.rest_turn_seconds(at, key, texts, n, w, action)

        raw = interleaved({
            "parse_http": (parse(port, token), parse_texts),
            "starter_parse_http": (parse(starter_port, starter_token), parse_texts),
            "turn_rest": (turn(port, token, "action_triage"), issue_texts),
            "turn_greeting": (turn(port, token, None), greetings),
            "starter_turn_rest": (turn(starter_port, starter_token, None), GREETINGS),
        }, samples, warmup)
        services.check_alive()
    finally:
        services.stop()
    ours = {"parse_http": latency.summary(raw["parse_http"][0]),
            "turn_rest": latency.turn_summary(*raw["turn_rest"], "action_triage"),
            "turn_greeting": latency.turn_summary(*raw["turn_greeting"], None)}
    theirs = {"parse_http": latency.summary(raw["starter_parse_http"][0]),
              "turn_rest": latency.turn_summary(*raw["starter_turn_rest"], None),
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
              f"  (n={row['n']})", file=out)
    print("  ours / starter's, p95:  " + ",  ".join(
        f"{name} {found[key]:.2f}x" for key, name in (("parse_p95", "parse"),
                                                       ("turn_p95", "triage turn"),
                                                       ("greeting_p95", "greeting turn"))),
          file=out)
