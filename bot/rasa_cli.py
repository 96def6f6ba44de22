"""The `rasa` command lines the bot runs, written once (training, validation, tests)."""

from __future__ import annotations

import sys
from pathlib import Path

# The project files every `rasa` command reads, relative to the project directory.
PROJECT_ARGS = ("--config", "config.yml", "--domain", "domain.yml", "--data", "data")


def rasa_bin(name: str = "rasa") -> str:
    """Path of a console script installed beside the running interpreter."""
    return str(Path(sys.executable).parent / name)


def train_command(out_dir: Path, name: str) -> list[str]:
    """`rasa train` of the project into `out_dir`/`name`.tar.gz (run in the project dir),
    every component trained afresh (`bot.rasa_trainer`; `--force` skips Rasa's fingerprint
    run, which only serves the per-component cache that launcher turns off).

    Rasa's own pre-training validation is skipped: `triagebot validate` (`make validate`,
    part of `make test` and CI) runs the same validator and also fails on any warning not
    accepted in the README, and the check took 12 s of every training (docs/performance.md).
    Malformed data still stops training: Rasa checks each file's schema when it loads it."""
    return [sys.executable, "-m", "bot.rasa_trainer", *PROJECT_ARGS, "--skip-validation",
            "--force", "--out", str(out_dir), "--fixed-model-name", name]


def validate_command() -> list[str]:
    """`rasa data validate` of the project (run in the project dir)."""
    return [rasa_bin(), "data", "validate", *PROJECT_ARGS]
