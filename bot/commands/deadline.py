"""`triagebot deadline`: first-response deadlines for cases read as JSON Lines.

Each input line is one case, e.g.
  {"program": "basic", "severity": 2, "opened_at": "2026-12-04T19:00:00+09:00",
   "timezone": "Asia/Tokyo", "country": "JP"}
(optional: "experimental": true, and an "id" echoed back). Each output line answers the
input line at the same position:
  {"deadline": "2026-12-07T15:00:00+09:00", "target": "8 business hours",
   "guaranteed": true, "section": "§4.5"}
with "deadline": null where the policy sets no target, or {"error": "..."} for a bad line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime
from typing import Any, TextIO

from bot.policy import Policy, PolicyError, load_policy
from bot.sla import DeadlineInputError, first_response_deadline

FIELDS = ("program", "severity", "opened_at", "timezone", "country")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `triagebot deadline`."""
    parser.add_argument("--input", metavar="FILE", help="JSON Lines to read (default: stdin)")
    parser.add_argument("--output", metavar="FILE", help="where to write (default: stdout)")
    parser.epilog = "Exit status 1 when any line was answered with an error, 2 on a bad policy."


def run(args: argparse.Namespace) -> int:
    """Answer every input line; return 1 if any line had an error."""
    try:
        policy = load_policy()
    except PolicyError as err:
        print(f"triagebot deadline: {err}", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        source: TextIO = (stack.enter_context(open(args.input, encoding="utf-8"))
                          if args.input else sys.stdin)
        sink: TextIO = (stack.enter_context(open(args.output, "w", encoding="utf-8"))
                        if args.output else sys.stdout)
        failed = False
        try:
            for result in answers(source, policy):
                failed = failed or "error" in result
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    return int(failed)


def answers(lines: Iterable[str], policy: Policy) -> Iterator[dict[str, Any]]:
    """One answer per input line, in order."""
    for line in lines:
        case: Any = None
        try:
            if not line.strip():
                raise DeadlineInputError("empty line: expected one JSON object per line")
            case = json.loads(line)
            result = answer(case, policy)
        except json.JSONDecodeError as err:
            result = {"error": f"invalid JSON: {err.msg} at column {err.colno}"}
        except DeadlineInputError as err:
            result = {"error": str(err)}
            if isinstance(case, dict) and "id" in case:
                result = {"id": case["id"], **result}
        yield result


def answer(case: Any, policy: Policy) -> dict[str, Any]:
    """The answer for one decoded case (raises DeadlineInputError naming the problem)."""
    if not isinstance(case, dict):
        raise DeadlineInputError("each line must be a JSON object")
    missing = [name for name in FIELDS if name not in case]
    if missing:
        raise DeadlineInputError(f"missing field {missing[0]!r} (needs {', '.join(FIELDS)})")
    opened = case["opened_at"]
    if not isinstance(opened, str):
        raise DeadlineInputError(f"opened_at must be an ISO 8601 string, got {opened!r}")
    try:
        # Python 3.10's fromisoformat does not read a trailing "Z"
        opened_at = datetime.fromisoformat(opened[:-1] + "+00:00" if opened.endswith("Z")
                                           else opened)
    except ValueError as err:
        raise DeadlineInputError(f"opened_at is not an ISO 8601 time: {opened!r}") from err
    if opened_at.utcoffset() is None:
        raise DeadlineInputError(
            f"opened_at has no UTC offset: {opened!r} (write e.g. {opened}+09:00)")
    due = first_response_deadline(case["program"], case["severity"], opened_at,
                                  case["timezone"], case["country"], policy=policy,
                                  experimental=case.get("experimental") is True)
    result: dict[str, Any] = {} if "id" not in case else {"id": case["id"]}
    result.update(deadline=due.deadline.isoformat() if due.deadline else None,
                  target=due.target.label.en, guaranteed=due.guaranteed,
                  section=due.target.section)
    return result
