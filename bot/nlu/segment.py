"""Word segmentation on NFKC text: fugashi (UniDic) for Japanese runs, spaCy for the rest.

Each returns `(start, end, surface, lemma)` with offsets into the text it was given.
Japanese never reaches a whitespace splitter: Rasa's WhitespaceTokenizer drops tokens made
only of CJK characters, which would leave a Japanese message with no features at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

Piece = tuple[int, int, str, str]

# A Japanese run: kana, kanji, CJK punctuation and the full-width block. Latin words,
# digits and e-mail addresses between them go to spaCy, so "VBR 12.1" is cut the same way
# in an English and in a Japanese message.
_JAPANESE_RUN = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef々〆]+"
)
# UniDic appends a gloss to some lemmas: English for loanwords ("リストア-restore"), a
# sense label for homographs ("私-代名詞"). The gloss would make one word look like two
# different features depending on the dictionary entry, so it is cut.
_GLOSS = re.compile(r"(?<=[^\x00-\x7f])-[^-].*$")


def clean_lemma(lemma: str | None, surface: str) -> str:
    """A UniDic lemma without its English gloss; the surface if UniDic has none."""
    if not lemma or lemma == "*":
        return surface
    return _GLOSS.sub("", lemma) or surface


# spaCy keeps "ID04219876" whole; a long number glued to letters is cut off them so an
# annotated ID or phone number starts on a token boundary ("v12", "K10" stay whole).
_ID_GLUED = re.compile(r"([A-Za-z]+)(\d{6,})")


@lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


@lru_cache(maxsize=1)
def _english() -> tuple[Any, dict[str, str]]:
    """A blank English pipeline (no model download exists here) and its lemma lookup table."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup table from spacy-lookups-data
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    return nlp, table


def _japanese(text: str, offset: int) -> Iterator[Piece]:
    position = 0
    for word in _tagger()(text):
        surface = word.surface
        start = text.find(surface, position)
        if start < 0:  # MeCab never rewrites surfaces; guard against it anyway
            continue
        position = start + len(surface)
        lemma = clean_lemma(getattr(word.feature, "lemma", None), surface)
        yield offset + start, offset + position, surface, lemma


def _other(text: str, offset: int) -> Iterator[Piece]:
    nlp, table = _english()
    for token in nlp.tokenizer(text):
        if token.is_space:
            continue
        start = offset + token.idx
        for part in _ID_GLUED.split(token.text) if _ID_GLUED.fullmatch(token.text) else [token.text]:
            if part:
                lower = part.lower()
                yield start, start + len(part), part, table.get(lower, lower)
                start += len(part)


def segment(text: str) -> list[Piece]:
    """Cut normalised text into words with lemmas, Japanese runs by fugashi."""
    pieces: list[Piece] = []
    position = 0
    for match in _JAPANESE_RUN.finditer(text):
        pieces.extend(_other(text[position : match.start()], position))
        pieces.extend(_japanese(match.group(0), match.start()))
        position = match.end()
    pieces.extend(_other(text[position:], position))
    return pieces
