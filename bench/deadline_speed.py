"""Speed of `triagebot deadline` against a naive minute-stepping clock, in the same run.

    python -m bench deadline [--lines 10000] [--baseline-lines 300] [--seed 7]

Prints the command's start-up time, its lines/s after start-up (run as users run it, in a
subprocess), the in-process clock's lines/s, and the lines/s of the reference clock
(bench/sla_reference.py) on a subset whose answers must match.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.sla_reference import naive_deadline
from bot.commands.deadline import answers
from bot.policy import Policy, load_policy
from bot.sla.calendar import UTC

ZONES = (("Asia/Tokyo", "JP"), ("America/New_York", "US"), ("Europe/Berlin", "DE"),
         ("Europe/London", "GB"), ("Australia/Sydney", "AU"), ("America/Sao_Paulo", "BR"))
_START = datetime(2025, 1, 1, tzinfo=UTC)


def sample_cases(count: int, seed: int, policy: Policy) -> list[dict[str, object]]:
    """`count` cases over 2025-2027 with every program, severity and sample zone."""
    rng = random.Random(seed)
    cases: list[dict[str, object]] = []
    for _ in range(count):
        zone, country = rng.choice(ZONES)
        opened = _START + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        cases.append({"program": rng.choice(list(policy.programs)),
                      "severity": rng.randint(1, 4),
                      "opened_at": opened.astimezone(ZoneInfo(zone)).isoformat(),
                      "timezone": zone, "country": country})
    return cases


def run_command(payload: str) -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "deadline"], input=payload, text=True,
                   capture_output=True, check=True)
    return time.perf_counter() - begin


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench deadline`."""
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--baseline-lines", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print the figures."""
    policy = load_policy()
    cases = sample_cases(args.lines, args.seed, policy)
    lines = [json.dumps(c) + "\n" for c in cases]

    # best of 3: the least disturbed run (shared machines add noise, never speed)
    startup = min(run_command("") for _ in range(3))
    total = min(run_command("".join(lines)) for _ in range(3))
    begin = time.perf_counter()
    fast = list(answers(lines, policy))
    in_process = time.perf_counter() - begin

    subset = cases[: args.baseline_lines]
    begin = time.perf_counter()
    slow = [naive_deadline(policy, str(c["program"]), int(str(c["severity"])),
                           datetime.fromisoformat(str(c["opened_at"])), str(c["timezone"]),
                           str(c["country"])) for c in subset]
    naive = time.perf_counter() - begin
    mismatches = sum((s.isoformat() if s else None) != f["deadline"]
                     for s, f in zip(slow, fast, strict=False))

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"triagebot deadline, {args.lines} lines (best of 3 runs; {os.cpu_count()} CPUs, "
          f"load average {load})")
    print(f"  start-up (empty input)       {startup:8.3f} s")
    print(f"  total                        {total:8.3f} s")
    print(f"  after start-up               {total - startup:8.3f} s  "
          f"= {args.lines / max(total - startup, 1e-9):10,.0f} lines/s")
    print(f"  in-process clock             {in_process:8.3f} s  "
          f"= {args.lines / in_process:10,.0f} lines/s")
    print(f"naive minute-stepping baseline, {len(subset)} lines")
    print(f"                               {naive:8.3f} s  "
          f"= {len(subset) / naive:10,.0f} lines/s")
    print(f"  speed-up of the clock        {(args.lines / in_process) / (len(subset) / naive):8.0f}x")
    print(f"  answers differing from baseline: {mismatches}")
    return 1 if mismatches else 0
