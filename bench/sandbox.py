"""A private copy of the settings: free loopback ports, every runtime file in one folder.

The benchmark and the integration tests start the bot this way, beside any bot already
running on the default ports and without touching its var/ folder.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.web.process import free_port


def sandbox_settings(base: Settings, var_dir: Path, **changes: Any) -> Settings:
    """`base` with free ports, every runtime file under `var_dir` (SQLite stores, locks in
    memory, whatever the environment names), and `changes`."""
    return dataclasses.replace(
        base, var_dir=var_dir, rasa_port=free_port(), actions_port=free_port(),
        web_port=free_port(), tracker_db=var_dir / "tracker.db",
        **{"cases_url": f"sqlite:///{var_dir / 'cases.db'}", "tracker_url": "", "redis_url": "",
           "rasa_url": "", "public_url": "", **changes},
    )
