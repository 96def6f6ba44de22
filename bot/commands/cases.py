"""`triagebot cases list|show CASE_NUMBER`: the case store as JSON, without SQL.

Reads TRIAGEBOT_CASES_URL (after `source var/prod-local/env`, the PostgreSQL of
`make run-prod-local`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.cases import CaseRecord, open_store
from bot.cases.engine import StoreUrlError
from bot.cases.review import CaseReview
from bot.cases.thread import CaseThread
from bot.settings import load_settings

SUMMARY = ("case_number", "created_at", "source", "status", "language", "severity",
           "case_type", "program", "country", "deadline", "conversation_id")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="every case, oldest first: one JSON array")
    listing.add_argument("--status", help="only cases with this status (open, closed, ...)")
    listing.add_argument("--limit", type=int, default=0,
                         help="only the newest N cases (default: all)")
    show = verbs.add_parser("show", help="one case with its thread and audit log (JSON)")
    show.add_argument("case_number")


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _print(value: Any) -> None:
    try:
        print(json.dumps(value, default=_json, ensure_ascii=False, indent=2), flush=True)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit


def _summary(case: CaseRecord) -> dict[str, Any]:
    return {name: getattr(case, name) for name in SUMMARY}


def run(args: argparse.Namespace) -> int:
    url = load_settings().cases_url
    parsed = sa.engine.make_url(url)
    # Looking must not create: a mistyped path or an unset TRIAGEBOT_CASES_URL would
    # otherwise leave an empty database behind and report "no cases".
    if parsed.get_backend_name() == "sqlite" and parsed.database \
            and not Path(parsed.database).exists():
        print(f"error: no case store at {parsed.database} (TRIAGEBOT_CASES_URL)", file=sys.stderr)
        return 2
    try:
        store = open_store(url)
    except StoreUrlError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except sa.exc.OperationalError as err:
        where = sa.engine.make_url(url).render_as_string(hide_password=True)
        print(f"error: cannot reach the case store at {where}: {err.orig}", file=sys.stderr)
        return 2
    if args.verb == "list":
        if args.limit < 0:
            print("error: --limit must be 0 (all) or more", file=sys.stderr)
            return 2
        cases = [c for c in store.all() if args.status in (None, c.status)]
        if args.limit:
            cases = cases[-args.limit:]
        _print([_summary(c) for c in cases])
        return 0
    number = args.case_number.strip()
    case = store.get(number)
    if case is None:
        print(f"error: no case {number!r} in the case store", file=sys.stderr)
        return 1
    _print({
        **dataclasses.asdict(case),
        "thread": [dataclasses.asdict(m) for m in CaseThread(store).messages(number)],
        "audit": [dataclasses.asdict(e) for e in CaseReview(store).log(number)],
    })
    return 0
