"""Per-message language detection: `ja`, `en`, or nothing for language-neutral input.

Any Japanese script (kana or kanji) makes a message Japanese, so mixed text such as
Japanese sentences around English product names is `ja`. A message is `en` only if,
after removing what both languages type alike (e-mail addresses, URLs, numbers, codes,
all-caps acronyms, product names, words in language.yml), a lower-case Latin word remains.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.normalize import normalize
from bot.nlu.resources import load_table

JA = "ja"
EN = "en"

# Hiragana, katakana (incl. prolonged sound mark), CJK ideographs and iteration marks.
JAPANESE_CHAR = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff々〆]")
_NEUTRAL_SPANS = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # URLs
    r"|\b[A-Za-z]*\d[\w.\-/:]*"  # anything with a digit: numbers, codes, versions, 0x80070005
    r"|\b[A-Z][A-Z&]+\b"  # acronyms and codes written in capitals: VBR, SOBR, B&R, OK
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


@lru_cache(maxsize=1)
def _neutral_phrases() -> re.Pattern[str]:
    from bot.nlu.entities.product import alias_pattern

    words = [re.escape(w) for w in load_table("language")["neutral_words"]]
    return re.compile(
        rf"{alias_pattern().pattern}|(?<![A-Za-z])(?:{'|'.join(words)})(?![A-Za-z])",
        re.IGNORECASE,
    )


def is_japanese(text: str) -> bool:
    """True if the text holds any kana or kanji."""
    return JAPANESE_CHAR.search(text) is not None


def detect_language(text: str) -> str | None:
    """Return `ja`, `en`, or None when the text says nothing about its language."""
    norm = normalize(text).text
    if is_japanese(norm):
        return JA
    rest = _NEUTRAL_SPANS.sub(" ", norm)
    rest = _neutral_phrases().sub(" ", rest)
    return EN if _WORD.search(rest) else None
