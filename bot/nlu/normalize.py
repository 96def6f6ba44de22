"""NFKC normalisation that remembers where each normalised character came from.

Matching (tokens, cues, entity patterns) runs on the NFKC form, so full-width `０４２１`
and half-width `0421` look the same; spans are mapped back so that callers can return
offsets into the text exactly as the user typed it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizedText:
    """The NFKC form of `original` plus, per normalised char, its original span."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span `[start, end)` of the normalised text to the original text."""
        if start >= end:
            point = self.starts[start] if start < len(self.starts) else len(self.original)
            return point, point
        return self.starts[start], self.ends[end - 1]


def _attaches(char: str) -> bool:
    # Half-width dakuten (U+FF9E) and combining marks compose with the character before
    # them under NFKC, so they must be normalised together with it.
    decomposed = unicodedata.normalize("NFKD", char)
    return bool(decomposed) and unicodedata.combining(decomposed[0]) != 0


def normalize(original: str) -> NormalizedText:
    """Return the NFKC form of `original` with an offset map back to it."""
    if unicodedata.is_normalized("NFKC", original):
        positions = tuple(range(len(original)))
        return NormalizedText(
            original, original, positions, tuple(p + 1 for p in positions)
        )
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(original):
        j = i + 1
        while j < len(original) and _attaches(original[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", original[i:j])
        pieces.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return NormalizedText(original, "".join(pieces), tuple(starts), tuple(ends))


def fold(text: str) -> str:
    """NFKC, trimmed and case-folded: the form in which answers and keywords compare."""
    return normalize(text).text.strip().casefold()
