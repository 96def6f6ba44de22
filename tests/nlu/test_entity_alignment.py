"""Every entity annotated in data/nlu starts and ends on a token of `BilingualTokenizer`.

Rasa only warns about a misaligned annotation and the CRF then learns nothing from it
(three Japanese examples were lost that way: an arrow glued to the Latin text after it,
a version without its leading "Ｖ"), so a data round that adds one fails here instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import BilingualTokenizer

DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
FILES = sorted(DATA.glob("*/*.yml"))


@pytest.fixture(scope="module")
def tokenizer() -> BilingualTokenizer:
    return BilingualTokenizer(BilingualTokenizer.get_default_config())


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_entities_fall_on_token_boundaries(tokenizer: BilingualTokenizer, path: Path) -> None:
    misaligned = []
    for message in load_data(str(path)).training_examples:
        entities = message.get(ENTITIES) or []
        if not entities:
            continue
        tokens = tokenizer.tokenize(message, TEXT)
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        misaligned += [(e["value"], message.get(TEXT)) for e in entities
                       if e["start"] not in starts or e["end"] not in ends]
    assert not misaligned


def test_a_glued_arrow_is_caught(tokenizer: BilingualTokenizer) -> None:
    """The check sees the case it was written for (so it cannot pass vacuously)."""
    text = "リストア→Unable to read dataで失敗"
    tokens = tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
    assert text.index("Unable") not in {t.start for t in tokens}
