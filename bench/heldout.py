"""The held-out sets: messages never trained or tuned on, one folder per set.

Each set holds Rasa NLU YAML per language, as `<lang>/` (a folder of files) or `<lang>.yml`,
labelled like the training data (docs/training-data.md). `legacy` is the first set; `fresh`
(2026-12-01), `blind`, `reserve` and `reserve2` to `reserve10` (2026-12-02) and `reserve11`
to `reserve17` (2026-12-03), written later by other authors from the policy digest only,
are scored beside it when present. Each round's honest figure is a set kept unscored until
that round's last model (today `reserve16`; `reserve15` measured the previous model,
`reserve14` the one before); the unscored set of the next round (`reserve17`) is left out
of SETS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.policy.schema import LANGS

HELDOUT = Path(__file__).resolve().parent / "heldout"
SETS = ("legacy", "fresh", "blind", "reserve", "reserve2", "reserve3",
        "reserve4", "reserve5", "reserve6", "reserve7", "reserve8",
        "reserve9", "reserve10", "reserve11", "reserve12", "reserve13",
        "reserve14", "reserve15", "reserve16", "reserve17",
        "reserve18")  # report order; a set takes part when its folder exists


def available() -> dict[str, Path]:
    """The named sets whose folder exists, in report order."""
    return {name: HELDOUT / name for name in SETS if (HELDOUT / name).is_dir()}


def chosen(names: list[str] | None) -> dict[str, Path]:
    """The sets to score: names of SETS or folders; every available set when none given."""
    if not names:
        sets = available()
        if not sets:
            raise FileNotFoundError(f"no held-out set in {HELDOUT}")
        return sets
    out = {}
    for name in names:
        path = HELDOUT / name if name in SETS else Path(name)
        if not path.is_dir():
            raise FileNotFoundError(f"held-out set {name!r}: no folder {path}")
        out[name if name in SETS else path.name] = path
    return out


def language_file(root: Path, lang: str) -> Path | None:
    """The set's folder or file for `lang`, None when the set has none."""
    for path in (root / lang, root / f"{lang}.yml"):
        if path.exists():
            return path
    return None


def examples(root: Path) -> dict[str, list[Any]]:
    """Per language of the set: its labelled messages (Rasa `Message`s)."""
    from rasa.shared.nlu.training_data.loading import load_data

    found: dict[str, list[Any]] = {}
    for lang in LANGS:
        path = language_file(root, lang)
        if path is not None:
            found[lang] = load_data(str(path)).training_examples
    if not found:
        raise FileNotFoundError(f"held-out set {root} has no {' or '.join(LANGS)} data")
    return found
