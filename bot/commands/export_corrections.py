"""`triagebot export-corrections`: staff-reviewed descriptions as NLU training data."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cases import open_store
from bot.cases.corrections import FILE_NAME, default_sources, export
from bot.settings import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, required=True,
                        help=f"folder to write <lang>/{FILE_NAME} into (e.g. data/nlu)")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    counts = export(open_store(settings.cases_url), args.output,
                    default_sources(settings.project_dir))
    for language, count in counts.items():
        print(f"{language}: {count} example(s) -> {args.output / language / FILE_NAME}")
    if not counts:
        print("no reviewed descriptions that the training data lacks")
    print("next: copy them under data/nlu/ (or pass --output data/nlu), then `triagebot train`")
    return 0
