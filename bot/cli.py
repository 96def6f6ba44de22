"""The `triagebot` command: one entry point, one module per subcommand.

Subcommand modules live in `bot/commands/` and are imported only when chosen, so commands
that need no model (deadline, policy checks) never pay for importing Rasa or TensorFlow.
Each module exposes `add_arguments(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from bot.settings import SettingsError

# subcommand name -> (module in bot.commands, one-line help shown without importing it)
COMMANDS: dict[str, tuple[str, str]] = {
    "train": ("train", "train the model unless one for the current data + config is cached"),
    "run": ("run", "start action server, Rasa server, chat page and review console"),
    "validate": ("validate", "rasa data validate, failing on errors and unexplained warnings"),
    "test-conversations": ("test_conversations", "run tests/conversations with Rasa"),
    "triage": ("triage", "severity, case type, criteria and entities for a JSONL of messages"),
    "transcripts": ("transcripts", ("triage call transcripts (txt, JSONL, WebVTT, SRT, "
                                    "Whisper, Amazon Transcribe) and store each call as a case")),
    "deadline": ("deadline", "first-response deadlines for JSON Lines cases (stdin -> stdout)"),
    "review": ("review", "serve the staff review console (and chat page) alone"),
    "staff": ("staff", "review-console accounts: staff add USERNAME --role reviewer|admin"),
    "export-corrections": ("export_corrections",
                           "staff-reviewed descriptions as NLU training data (one file a language)"),
    "cases": ("cases", "the case store as JSON: cases list | cases show CASE_NUMBER"),
    "db": ("db", "case-store schema migrations: db upgrade | db current"),
    "prod-local": ("prod_local", "the production topology on this machine (run-prod-local)"),
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(f"bot.commands.{COMMANDS[name][0]}")


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """Build the parser; only the chosen subcommand's module is imported."""
    parser = argparse.ArgumentParser(
        prog="triagebot", description="Bilingual (English + Japanese) support-triage bot."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = next((a for a in argv if a in COMMANDS), None)
    for name, (_, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = _load(name)
            module.add_arguments(sp)
            sp.set_defaults(func=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen subcommand."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    try:
        return int(args.func(args) or 0)
    except SettingsError as err:  # a bad environment variable: say which, no traceback
        print(f"triagebot: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
