"""`python -m bench COMMAND`: one module per command, imported only when chosen."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.settings import SettingsError

# command -> (module in bench, one-line help shown without importing it)
COMMANDS: dict[str, tuple[str, str]] = {
    "bench": ("run", "accuracy vs baselines, speed and cost -> bench/results.json"),
    "eval": ("evaluate", "NLU scores on the held-out sets and in cross-validation"),
    "deadline": ("deadline_speed", "speed of `triagebot deadline` against a naive clock"),
    "profile": ("profiling", "where a turn's and a parse's time goes (docs/performance.md)"),
    "transcripts": ("transcripts_eval", "score triagebot transcripts on bench/transcripts"),
    "parse-versus": ("parse_versus", "parse CPU beside an earlier commit's, own models each"),
    "gate": ("gate", "the triage gate's threshold, out of fold on the training data"),
    "agreement": ("agreement", "a second labeller against a held-out set's writer"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = next((a for a in args_list if a in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(f"bench.{module_name}")
            module.add_arguments(command)
            command.set_defaults(func=module.run)
    args = parser.parse_args(args_list)
    try:
        return int(args.func(args) or 0)
    except SettingsError as err:
        print(f"python -m bench: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
