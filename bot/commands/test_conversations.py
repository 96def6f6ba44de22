"""`triagebot test-conversations`: Rasa's conversation tests, failing on any wrong prediction."""

from __future__ import annotations

import argparse
import subprocess

from bot.commands.train import ensure_model
from bot.rasa_cli import rasa_bin
from bot.settings import load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stories", default="tests/conversations",
                        help="test stories folder (relative to the project directory)")


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    model = ensure_model(settings)
    out = settings.var_dir / "test-results"
    cmd = [
        rasa_bin(), "test", "core", "--model", str(model), "--stories", args.stories,
        "--endpoints", "endpoints.yml", "--out", str(out), "--fail-on-prediction-errors",
    ]
    return subprocess.run(cmd, cwd=settings.project_dir, env=settings.rasa_env(),
                          check=False).returncode
