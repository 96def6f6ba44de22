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
from collections.abc import Set as AbstractSet
from pathlib import Path

import yaml

from bot.rasa_cli import validate_command
from bot.settings import load_settings

ACCEPTED_FILE = Path("docs", "accepted-warnings.yml")  # in the project directory
WARNING_LINE = re.compile(r"UserWarning|\bWARNING\b")
UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--show", action="store_true", help="print rasa's full output")


def accepted_patterns(project_dir: Path) -> list[re.Pattern[str]]:
    """Regexes of warnings explained in docs/accepted-warnings.yml."""
    entries = yaml.safe_load((project_dir / ACCEPTED_FILE).read_text(encoding="utf-8")) or []
    return [re.compile(entry["pattern"]) for entry in entries]


def responses_used_in_code(project_dir: Path) -> set[str]:
    """Responses that actions utter by name, and the questions forms ask for their slots."""
    used = {m for path in (project_dir / "actions").glob("*.py")
            for m in re.findall(r"[\"'](utter_\w+)[\"']", path.read_text(encoding="utf-8"))}
    domain = yaml.safe_load((project_dir / "domain.yml").read_text(encoding="utf-8"))
    for form, spec in (domain.get("forms") or {}).items():
        for slot in spec.get("required_slots") or []:
            used |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"}
    return used


def unexplained_warnings(output: str, accepted: list[re.Pattern[str]],
                         used: AbstractSet[str] = frozenset()) -> list[str]:
    """Warning lines of `rasa data validate` output that nothing explains."""
    def explained(line: str) -> bool:
        unused = UNUSED_RESPONSE.search(line)
        return bool(unused and unused.group(1) in used) or any(p.search(line) for p in accepted)

    return [line.strip() for line in output.splitlines()
            if WARNING_LINE.search(line) and not explained(line)]


def run(args: argparse.Namespace) -> int:
    project_dir = load_settings().project_dir
    proc = subprocess.run(validate_command(), cwd=project_dir, capture_output=True, text=True,
                          check=False)
    output = proc.stdout + proc.stderr
    if args.show or proc.returncode:
        print(output, file=sys.stderr)
    if proc.returncode:
        print("error: rasa data validate found errors (above)", file=sys.stderr)
        return proc.returncode
    unexplained = unexplained_warnings(output, accepted_patterns(project_dir),
                                       responses_used_in_code(project_dir))
    for line in unexplained:
        print(f"unexplained warning: {line}", file=sys.stderr)
    if unexplained:
        print(f"error: explain these warnings in {ACCEPTED_FILE} "
              "and the README, or fix them", file=sys.stderr)
        return 1
    print("rasa data validate: no errors, no unexplained warnings")
    return 0
