"""The `triagebot` entry point: every subcommand has help, and help needs no Rasa."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import COMMANDS


def test_top_level_help_lists_every_subcommand() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in COMMANDS:
        assert name in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_subcommand_help_does_not_import_rasa(name: str) -> None:
    code = (
        "import sys\nfrom bot.cli import main\n"
        f"try:\n    main([{name!r}, '--help'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "heavy = [m for m in ('rasa', 'tensorflow') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: triagebot" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "heavy="


def test_unknown_subcommand_fails_with_usage() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "no-such-command"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_tooling_is_not_a_subcommand_of_the_product() -> None:
    assert not {"bench", "eval"} & set(COMMANDS)


def test_tooling_has_its_own_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "bench", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("usage: python -m bench")
    for name in ("bench", "eval", "deadline"):
        assert f"    {name}" in out
