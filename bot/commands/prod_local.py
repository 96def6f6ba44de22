"""`triagebot prod-local`: the production topology on this machine (`make run-prod-local`)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from bot.clock import FakeClockRefused, refuse_unasked_fake_clock
from bot.commands.serving import serve
from bot.commands.train import ensure_model
from bot.model_cache import cached_model
from bot.prodlocal.stores import ProdLocalError
from bot.prodlocal.topology import REPLICAS, Ports, ProdLocal
from bot.settings import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000,
                        help="nginx's port on 127.0.0.1 (default 8000); the other servers "
                             "take the next ports (see docs/reliability.md)")
    parser.add_argument("--replicas", type=int, default=REPLICAS,
                        help=f"Rasa server processes behind nginx (default {REPLICAS})")
    parser.add_argument("--dir", type=Path, default=None,
                        help="data, secrets, logs and env (default var/prod-local)")
    parser.add_argument("--no-train", action="store_true", help="fail instead of training")
    parser.add_argument("--allow-fake-clock", action="store_true",
                        help="accept TRIAGEBOT_FAKE_NOW (tests only)")


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.replicas <= 8 or not 1024 <= args.port <= 65000:
        print("error: --replicas takes 1 to 8 and --port 1024 to 65000", file=sys.stderr)
        return 2
    settings = load_settings()
    try:
        refuse_unasked_fake_clock(settings, asked=args.allow_fake_clock)
    except FakeClockRefused as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    settings = dataclasses.replace(settings, allow_fake_clock=settings.allow_fake_clock
                                   or args.allow_fake_clock)
    model = cached_model(settings) if args.no_train else ensure_model(settings)
    if model is None:
        print("error: no trained model for the current data; run `triagebot train`",
              file=sys.stderr)
        return 2
    topology = ProdLocal(settings, args.dir or settings.project_dir / "var" / "prod-local",
                         Ports.from_proxy(args.port, args.replicas))

    def start() -> str:
        topology.start(model)
        ports, base = topology.ports, f"http://127.0.0.1:{args.port}"
        return (
            "\nThe production topology is ready.\n"
            f"  chat page       {base}/\n"
            f"  review console  {base}/console/\n"
            f"  REST webhook    POST {base}/webhooks/rest/webhook\n"
            f"  socket.io       {base}/socket.io  (sticky per client address)\n"
            f"  Rasa replicas   {', '.join(f'127.0.0.1:{p}' for p in ports.rasa)}\n"
            f"  action server   127.0.0.1:{ports.actions}   web app 127.0.0.1:{ports.web}\n"
            f"  PostgreSQL      127.0.0.1:{ports.postgres}   Redis 127.0.0.1:{ports.redis}\n"
            f"  stores          source {topology.root / 'env'}\n"
            f"  logs            {topology.root / 'logs'}\n"
            "Press Ctrl-C to stop."
        )

    try:
        serve(start, topology.supervise, topology.stop)
    except ProdLocalError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
