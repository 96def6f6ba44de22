"""`triagebot train`: train once per distinct data + config, reuse the cached model after."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bot import model_cache
from bot.rasa_cli import train_command
from bot.settings import Settings, load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="train even if a model is cached")


def ensure_model(settings: Settings, force: bool = False) -> Path:
    """Return the model for the current inputs, training it first if none is cached."""
    if not force and (cached := model_cache.cached_model(settings)):
        print(f"model up to date: {cached}", file=sys.stderr)
        return cached
    name = model_cache.model_name(settings.project_dir)
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"training {name} ...", file=sys.stderr)
    subprocess.run(train_command(settings.model_dir, name), cwd=settings.project_dir, check=True)
    model = settings.model_dir / f"{name}.tar.gz"
    model_cache.store_in_cache(model, settings)
    print(f"trained {model} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return model


def run(args: argparse.Namespace) -> int:
    print(ensure_model(load_settings(), force=args.force))
    return 0
