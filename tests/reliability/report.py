"""docs/reliability.md's figures, rewritten from each slow run.

The figures live between two markers in the document and their raw values in
docs/reliability.json, so a run of some of the tests updates their sections and keeps the
others (each section names the command, commit and machine that made it).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tests import REPO

DOC = REPO / "docs" / "reliability.md"
DATA = REPO / "docs" / "reliability.json"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"
LOAD_ROWS = [("conversations started / completed", "conversations", "completed"),
             ("turns answered", "turns", None), ("messages sent", "sends", None),
             ("server errors (5xx or no answer)", "server_errors", None),
             ("conversations off track", "off_track", None),
             ("turn latency p50 (s)", "p50", None), ("p95 (s)", "p95", None),
             ("p99 (s)", "p99", None), ("max (s)", "max", None),
             ("throughput (turns/s)", "turns_per_second", None),
             ("case rows incomplete or missing", "bad_cases", None),
             ("Rasa CPU time per turn, all replicas (ms)", "rasa_cpu_ms_per_turn", None),
             ("machine load average, start -> end", "load_average", None)]


def machine() -> str:
    """CPU model, cores and memory, as /proc names them."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} x {cpu}, {memory / 1024 / 1024:.1f} GB RAM"


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=False,
                          capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def _existing() -> dict[str, Any]:
    return dict(json.loads(DATA.read_text(encoding="utf-8"))) if DATA.exists() else {}


def _meta(section: dict[str, Any]) -> str:
    return (f"*{section['command']}* at commit `{section['commit']}`, {section['date']}, "
            f"{section['machine']}, load average {section['load_average']} when it began.")


def _load(section: dict[str, Any]) -> list[str]:
    runs = section["runs"]  # [name, figures] pairs, in the order the test ran them
    lines = ["### Load: 50 conversations for 5 minutes through nginx", "", _meta(section), "",
             section["setup"], "", "| | " + " | ".join(name for name, _ in runs) + " |",
             "|---|" + "---:|" * len(runs)]
    for label, key, second in LOAD_ROWS:
        cells = [str(r.get(key)) + (f" / {r[second]}" if second else "") for _, r in runs]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines + [""] + _checks(section)


def _checks(section: dict[str, Any]) -> list[str]:
    return [f"- {'PASS' if ok else 'FAIL'}: {text}" for text, ok in section["checks"]]


def _fault(section: dict[str, Any]) -> list[str]:
    lines = [f"### {section['title']}", "", _meta(section), "", section["setup"], ""]
    lines += [f"- {label}: {value}" for label, value in section["figures"]]
    return lines + [""] + _checks(section)


def render(data: dict[str, Any]) -> str:
    """The Markdown between the markers for every section recorded so far."""
    lines: list[str] = []
    for key in sorted(data, key=lambda k: (k != "load", k)):
        lines += (_load if key == "load" else _fault)(data[key]) + [""]
    return "\n".join([START, "", *lines, END])


def write_report(sections: dict[str, Any], command: str) -> None:
    """Merge `sections` into docs/reliability.md's figures (keeping the other sections)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"{START}\n{END}\n"
    meta = {"command": command, "commit": _commit(), "machine": machine(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    data = _existing()
    data.update({key: {**meta, **value} for key, value in sections.items()})
    DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(before + render(data) + after, encoding="utf-8")
