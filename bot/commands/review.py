"""`triagebot review`: serve the review console (and the chat page) alone, until Ctrl-C."""

from __future__ import annotations

import argparse
import logging

from bot.settings import load_settings
from bot.web.app import build_app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="port (default: TRIAGEBOT_WEB_PORT, 8080)")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    port = args.port or settings.web_port
    app = build_app(settings)
    print(f"review console  http://{settings.host}:{port}/console/  (Ctrl-C stops it)\n"
          "accounts: triagebot staff add USERNAME --role reviewer|admin", flush=True)
    app.run(host=settings.host, port=port, access_log=False, motd=False, workers=1)
    return 0
