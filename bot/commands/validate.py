"""`triagebot validate`: `rasa data validate`, failing on errors and on unexplained warnings.

Warnings we accept are listed, each with its reason, in docs/accepted-warnings.yml (and
summarised in the README); any other warning fails the run. Rasa reports every response
that no story or rule names as unused; a response that an action or a form utters is
used, so those warnings are accepted only for names that actions/ or a form's slots use.
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
UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--show", action="store_true", help="print rasa's full output")


def accepted_patterns() -> list[re.Pattern[str]]:
    """Regexes of warnings explained in docs/accepted-warnings.yml."""
    entries = yaml.safe_load(ACCEPTED_FILE.read_text(encoding="utf-8")) or []
    return [re.compile(entry["pattern"]) for entry in entries]


def responses_used_in_code() -> set[str]:
    """Responses that actions utter by name, and the questions forms ask for their slots."""
    used = {m for path in (ROOT / "actions").glob("*.py")
            for m in re.findall(r"[\"'](utter_\w+)[\"']", path.read_text(encoding="utf-8"))}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for form, spec in (domain.get("forms") or {}).items():
        for slot in spec.get("required_slots") or []:
            used |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"}
    return used


def unexplained_warnings(output: str, accepted: list[re.Pattern[str]],
                         used: set[str] = frozenset()) -> list[str]:
    """Warning lines of `rasa data validate` output that nothing explains."""
    def explained(line: str) -> bool:
        unused = UNUSED_RESPONSE.search(line)
        return bool(unused and unused.group(1) in used) or any(p.search(line) for p in accepted)

    return [line.strip() for line in output.splitlines()
            if WARNING_LINE.search(line) and not explained(line)]


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
    unexplained = unexplained_warnings(output, accepted_patterns(), responses_used_in_code())
    for line in unexplained:
        print(f"unexplained warning: {line}", file=sys.stderr)
    if unexplained:
        print(f"error: explain these warnings in {ACCEPTED_FILE.relative_to(ROOT)} "
              "and the README, or fix them", file=sys.stderr)
        return 1
    print("rasa data validate: no errors, no unexplained warnings")
    return 0
