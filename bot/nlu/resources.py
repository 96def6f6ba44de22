"""Loading of the YAML tables that sit beside the NLU code (criteria, products, formats)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def load_table(name: str) -> dict[str, Any]:
    """Read `bot/nlu/<name>.yml` once per process."""
    data = yaml.safe_load(files("bot.nlu").joinpath(f"{name}.yml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"bot/nlu/{name}.yml must hold a mapping at the top level")
    return data
