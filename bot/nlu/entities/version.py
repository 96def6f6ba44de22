"""Product versions and builds: 12.1.2.172, v12, "version 12", "VBR 12"."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.entities import Span, product
from bot.nlu.resources import load_table

ENTITY = "version"
_NUMBER = r"\d{1,2}(?:\.\d+){0,3}[a-z]?"
# Dotted numbers anywhere, and v-prefixed numbers ("v12", "v11a"), not inside other words.
_DOTTED = re.compile(
    r"(?<![A-Za-z0-9_.])(?:v\s?)?\d{1,2}(?:\.\d+){1,3}[a-z]?(?![A-Za-z0-9_]|\.\d)", re.IGNORECASE
)
_PREFIXED = re.compile(rf"(?<![A-Za-z0-9.])v{_NUMBER}(?![A-Za-z0-9]|\.\d)", re.IGNORECASE)
_BARE = re.compile(rf"{_NUMBER}(?![A-Za-z0-9]|\.\d)", re.IGNORECASE)
_CUE_GAP = re.compile(r"[\s:=]*(?:は|が)?\s*")
_PRODUCT_GAP = re.compile(r"\s*")


@lru_cache(maxsize=1)
def _context() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    table = load_table("entities")["version"]
    cue = re.compile("|".join(table["cues"]), re.IGNORECASE)
    other = re.compile(rf"(?<![A-Za-z])(?:{'|'.join(table['other_products'])})(?![A-Za-z])", re.IGNORECASE)
    unit = re.compile(rf"^\s*(?:{'|'.join(table['units'])})(?![A-Za-z])", re.IGNORECASE)
    return cue, other, unit


def _plausible(text: str, start: int, end: int, ours: list[int]) -> bool:
    """Not a quantity (2.5 TB), not another product's version (ESXi 8.0), not an IP.

    `ours` holds the end offsets of our product names: a number closer to one of ours
    than to another product's name belongs to ours.
    """
    _, other, unit = _context()
    if unit.match(text[end:]):
        return False
    window = max(0, start - 25)
    others = [m.end() + window for m in other.finditer(text[window:start])]
    if others and max(others) > max((o for o in ours if o <= start), default=-1):
        return False
    leading = re.match(r"v?\s?(\d+)", text[start:end], re.IGNORECASE)
    return leading is not None and int(leading.group(1)) <= 20


def _after(text: str, position: int, gap: re.Pattern[str]) -> re.Match[str] | None:
    """A bare number starting right after `position` and the allowed gap."""
    skipped = gap.match(text, position)
    return _BARE.match(text, skipped.end() if skipped else position)


def find(text: str) -> list[Span]:
    """Version mentions in normalised text; the value is the text as written."""
    cue, _, _ = _context()
    found: dict[int, tuple[int, int]] = {}
    for pattern in (_DOTTED, _PREFIXED):
        for match in pattern.finditer(text):
            found.setdefault(match.start(), (match.start(), match.end()))
    ours = [p.end for p in product.find(text)]
    anchors = [(m.end(), _CUE_GAP) for m in cue.finditer(text)]
    anchors += [(end, _PRODUCT_GAP) for end in ours]
    for anchor, gap in anchors:
        bare = _after(text, anchor, gap)
        if bare and bare.start() not in found:
            found[bare.start()] = (bare.start(), bare.end())
    spans = [
        Span(ENTITY, s, e, text[s:e])
        for s, e in sorted(found.values())
        if _plausible(text, s, e, ours)
    ]
    return [s for i, s in enumerate(spans) if not (i and spans[i - 1].overlaps(s))]
