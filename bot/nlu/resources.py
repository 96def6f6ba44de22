"""Loading of the YAML tables that sit beside the NLU code (criteria, products, formats),
and of the JSON a component saved in the model."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # the YAML tables are read by commands that must not import Rasa
    from rasa.engine.storage.resource import Resource
    from rasa.engine.storage.storage import ModelStorage


@cache
def load_table(name: str) -> dict[str, Any]:
    """Read `bot/nlu/<name>.yml` once per process."""
    data = yaml.safe_load(files("bot.nlu").joinpath(f"{name}.yml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"bot/nlu/{name}.yml must hold a mapping at the top level")
    return data


def stored_json(model_storage: ModelStorage, resource: Resource, name: str) -> Any | None:
    """The JSON file `name` a component wrote to its model resource; None if there is none
    (a model trained before the component saved it, or an untrained component)."""
    try:
        with model_storage.read_from(resource) as directory:
            return json.loads((directory / name).read_text(encoding="utf-8"))
    except (ValueError, FileNotFoundError):
        return None
