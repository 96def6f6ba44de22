"""`triagebot staff`: manage review-console accounts (the password comes from stdin)."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.cases import open_store
from bot.settings import load_settings
from bot.staff import ROLES, StaffAccounts, StaffError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="create an account; the password is read twice from stdin")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--timezone", default="UTC",
                     help="the reviewer's IANA time zone, for deadlines (default UTC)")
    verbs.add_parser("list", help="list accounts")


def _password() -> str:
    """The password typed twice (hidden on a terminal), or two lines piped to stdin."""
    if sys.stdin.isatty():
        first, second = getpass.getpass("Password: "), getpass.getpass("Password again: ")
    else:
        lines = sys.stdin.read().splitlines()
        first, second = (lines + ["", ""])[:2]
    if first != second:
        raise StaffError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    accounts = StaffAccounts(open_store(load_settings().cases_url))
    if args.verb == "list":
        for account in accounts.all():
            print(f"{account.username}\t{account.role}\t{account.timezone}")
        return 0
    try:
        account = accounts.add(args.username, _password(), args.role, args.timezone)
    except StaffError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"added {account.username} ({account.role}, {account.timezone})")
    return 0
