"""The YAML tables beside these modules, read through the package (works from a wheel)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=8)
def load_table(name: str) -> Any:
    """A table of bot/transcripts by file name (fillers.yml, lexicon.yml ...), read once."""
    return yaml.safe_load(resources.files("bot.transcripts").joinpath(name).read_text("utf-8"))
