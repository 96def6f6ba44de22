"""Loading of the YAML tables that sit beside the NLU code (criteria, products, formats)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


@cache
def load_table(name: str) -> dict[str, Any]:
    """Read `bot/nlu/<name>.yml` once per process."""
    with (HERE / f"{name}.yml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise TypeError(f"bot/nlu/{name}.yml must hold a mapping at the top level")
    return data
