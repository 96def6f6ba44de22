"""Load: 50 concurrent customers for 5 minutes through nginx, each running whole triage
conversations (English and Japanese alternately), against two Rasa replicas and, beside
it, the same load against one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.cases import CaseStore
from bot.prodlocal.topology import ProdLocal
from tests.reliability.checks import figures as load_figures
from tests.reliability.checks import unacknowledged_or_broken
from tests.reliability.conftest import proxy_url
from tests.reliability.customers import TURN_TIMEOUT, run_load

pytestmark = [pytest.mark.slow, pytest.mark.integration]
CUSTOMERS = 50
SECONDS = 300
THINK = 1.0  # seconds a customer takes to type the next answer


def _cpu_seconds(topology: ProdLocal, prefix: str) -> float:
    """CPU time (user + system) the servers named `prefix`* have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for name, server in topology.servers.items():
        if name.startswith(prefix) and server.proc is not None:
            fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _run(topology_factory: Callable[[str, int], Any], replicas: int) -> dict[str, Any]:
    with topology_factory(f"load-{replicas}", replicas) as topology:
        before, load_before = _cpu_seconds(topology, "rasa"), os.getloadavg()[0]
        load = run_load(proxy_url(topology), CUSTOMERS, SECONDS, f"load{replicas}",
                        think=THINK)
        cpu, load_after = _cpu_seconds(topology, "rasa") - before, os.getloadavg()[0]
        bad = unacknowledged_or_broken(CaseStore(topology.settings.cases_url),
                                       load.conversations)
    return {**load_figures(load), "bad_cases": len(bad), "bad_examples": bad[:5],
            "off_track_examples": [c.off_track for c in load.conversations if c.off_track][:5],
            "rasa_cpu_ms_per_turn": round(1000 * cpu / max(1, load.turns), 1),
            "load_average": f"{load_before:.1f} -> {load_after:.1f}"}


def test_fifty_conversations_for_five_minutes(topology_factory: Callable[[str, int], Any],
                                              figures: dict[str, Any]) -> None:
    load_average = round(os.getloadavg()[0], 1)
    two = _run(topology_factory, 2)
    one = _run(topology_factory, 1)
    checks = [
        ("two replicas: 0 server errors", two["server_errors"] == 0),
        ("two replicas: every message answered with the expected reply",
         two["off_track"] == 0 and two["client_errors"] == 0 and two["turns"] > 0),
        ("two replicas: every conversation reached its hand-off",
         two["completed"] == two["conversations"]),
        ("two replicas: every conversation's case row complete, one per conversation",
         two["bad_cases"] == 0),
        ("one replica, same load: 0 server errors, every conversation complete",
         one["server_errors"] == 0 and one["completed"] == one["conversations"]
         and one["bad_cases"] == 0),
    ]
    figures["load"] = {
        "load_average": load_average, "checks": checks,
        "setup": (f"{CUSTOMERS} customers at once, each starting conversation after "
                  f"conversation for {SECONDS} s (those under way at the end finish), "
                  f"English and Japanese alternately (the integration tests' whole "
                  f"conversations, 20 and 18 turns, ending in a hand-off), {THINK:.0f} s "
                  f"between a reply and the next message, {TURN_TIMEOUT:.0f} s allowed per "
                  "turn; REST through nginx; latency is per answered message, at the "
                  "client. Each topology freshly started: PostgreSQL, Redis, nginx, action "
                  "server, web app, and two Rasa replicas or one."),
        "runs": [["two Rasa replicas", two], ["one Rasa replica", one]],
    }
    failed = [text for text, ok in checks[:4] if not ok]
    assert not failed, (failed, two["off_track_examples"], two["bad_examples"])
