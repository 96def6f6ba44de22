"""`triagebot run`: train if needed, start everything, print the URLs, stop all on Ctrl-C."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from bot.clock import FakeClockRefused, refuse_unasked_fake_clock
from bot.commands.serving import serve
from bot.commands.train import ensure_model
from bot.model_cache import cached_model
from bot.services import Services, start_bot
from bot.settings import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-train", action="store_true", help="fail instead of training")
    parser.add_argument("--allow-fake-clock", action="store_true",
                        help="accept TRIAGEBOT_FAKE_NOW (demos and tests; never in production)")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        refuse_unasked_fake_clock(settings, asked=args.allow_fake_clock)
    except FakeClockRefused as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    # the servers inherit the permission through their environment (Settings.rasa_env)
    settings = dataclasses.replace(settings, allow_fake_clock=settings.allow_fake_clock
                                   or args.allow_fake_clock)
    model = cached_model(settings) if args.no_train else ensure_model(settings)
    if model is None:
        print("error: no trained model for the current data; run `triagebot train`",
              file=sys.stderr)
        return 2
    services = Services()

    def start() -> str:
        start_bot(settings, model, web=True, services=services)
        base = f"http://{settings.host}:{settings.rasa_port}"
        return (
            "\nThe bot is ready.\n"
            f"  chat page      http://{settings.host}:{settings.web_port}/\n"
            f"  review console http://{settings.host}:{settings.web_port}/console/\n"
            f"  REST webhook   POST {base}/webhooks/rest/webhook\n"
            f"  socket.io      {base}/socket.io\n"
            f"  HTTP API       {base}/  (token in TRIAGEBOT_AUTH_TOKEN or {settings.var_dir}/auth-token)\n"
            f"  action server  http://127.0.0.1:{settings.actions_port}/health\n"
            f"  model          {model}\n"
            f"  data           {settings.var_dir}  (tracker store {settings.tracker_db.name})\n"
            "Press Ctrl-C to stop."
        )

    serve(start, services.supervise, services.stop)
    return 0
