"""`triagebot db upgrade|current`: the case store's schema migrations (Alembic)."""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from bot.cases.engine import StoreUrlError, make_engine
from bot.cases.migrate import current, head, upgrade
from bot.settings import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    verbs.add_parser("upgrade", help="apply every migration the database lacks (also run at "
                                     "start-up)")
    verbs.add_parser("current", help="print the database's revision and the newest one")


def run(args: argparse.Namespace) -> int:
    url = load_settings().cases_url
    try:
        engine = make_engine(url)
        if args.verb == "upgrade":
            print(f"case store at revision {upgrade(engine)} (newest {head()})")
        else:
            print(f"{current(engine) or 'empty'} (newest {head()})")
    except StoreUrlError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except sa.exc.OperationalError as err:
        where = sa.engine.make_url(url).render_as_string(hide_password=True)
        print(f"error: cannot reach the case store at {where}: {err.orig}", file=sys.stderr)
        return 2
    return 0
