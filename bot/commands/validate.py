"""`triagebot validate`: `rasa data validate`, failing on errors and on unexplained warnings.

Warnings we accept are listed, each with its reason, in docs/accepted-warnings.yml (and
summarised in the README); any other warning fails the run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import yaml

from bot.commands.train import rasa_bin
from bot.settings import ROOT

ACCEPTED_FILE = ROOT / "docs" / "accepted-warnings.yml"
WARNING_LINE = re.compile(r"UserWarning|\bWARNING\b")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--show", action="store_true", help="print rasa's full output")


def accepted_patterns() -> list[re.Pattern[str]]:
    """Regexes of warnings explained in docs/accepted-warnings.yml."""
    entries = yaml.safe_load(ACCEPTED_FILE.read_text(encoding="utf-8")) or []
    return [re.compile(entry["pattern"]) for entry in entries]


def unexplained_warnings(output: str, accepted: list[re.Pattern[str]]) -> list[str]:
    """Warning lines of `rasa data validate` output that no accepted pattern explains."""
    return [
        line.strip() for line in output.splitlines()
        if WARNING_LINE.search(line) and not any(p.search(line) for p in accepted)
    ]


def run(args: argparse.Namespace) -> int:
    cmd = [rasa_bin(), "data", "validate", "--domain", "domain.yml", "--data", "data",
           "--config", "config.yml"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    if args.show or proc.returncode:
        print(output, file=sys.stderr)
    if proc.returncode:
        print("error: rasa data validate found errors (above)", file=sys.stderr)
        return proc.returncode
    unexplained = unexplained_warnings(output, accepted_patterns())
    for line in unexplained:
        print(f"unexplained warning: {line}", file=sys.stderr)
    if unexplained:
        print(f"error: explain these warnings in {ACCEPTED_FILE.relative_to(ROOT)} "
              "and the README, or fix them", file=sys.stderr)
        return 1
    print("rasa data validate: no errors, no unexplained warnings")
    return 0
