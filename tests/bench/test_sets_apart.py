"""No problem description of a held-out or dev set is trained on: the sets are compared
with `data/nlu` by program (nobody reads them), after NFKC folding. (Short chat turns such
as "thanks" may occur in both; only messages labelled with a severity are compared.)"""

from __future__ import annotations

from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from bench import heldout
from bot.nlu.label_classifier import example_label
from bot.nlu.normalize import fold
from tests import REPO

SETS = sorted(p for p in (REPO / "bench" / "heldout").iterdir() if p.is_dir()) + \
    sorted(p for p in (REPO / "bench" / "dev").iterdir() if p.is_dir())


def texts(root: Path) -> set[str]:
    return {fold(m.get("text")) for msgs in heldout.examples(root).values() for m in msgs
            if example_label(m, "severity") is not None}


def test_no_set_message_is_in_the_training_data() -> None:
    training = {fold(m.get("text")) for m in load_data(str(REPO / "data" / "nlu")).training_examples
                if m.get("text")}
    assert len(SETS) >= 5
    shared = {root.name: len(texts(root) & training) for root in SETS}
    assert shared == {root.name: 0 for root in SETS}
