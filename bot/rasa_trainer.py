"""`rasa train` without the work whose result Rasa throws away (`bot.rasa_ext.training`):
the per-component cache's fingerprints and the CRF fit.

Started as `python -m bot.rasa_trainer RASA-TRAIN-ARGS...` by `triagebot train` and the
training benchmark (bot/rasa_cli.py); the arguments are `rasa train`'s own.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run `rasa train` with the given arguments, every component trained afresh."""
    sys.argv = ["rasa", "train", *sys.argv[1:]]
    from rasa.__main__ import main as rasa_main

    from bot.rasa_ext import training

    training.install()
    rasa_main()


if __name__ == "__main__":
    main()
