"""`python -m bot.web`: serve the chat page and the review console until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging

from bot.lifeline import die_with_supervisor
from bot.settings import load_settings
from bot.web.app import build_app


def main() -> None:
    """Serve on TRIAGEBOT_HOST:TRIAGEBOT_WEB_PORT."""
    die_with_supervisor()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = load_settings()
    app = build_app(settings)
    app.run(host=settings.host, port=settings.web_port, access_log=False, motd=False,
            workers=1)


if __name__ == "__main__":
    main()
