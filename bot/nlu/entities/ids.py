"""Support IDs and case numbers: 8-digit numbers, told apart by the cue before them."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.nlu.entities import Span
from bot.nlu.resources import load_table

# Eight digits standing alone: not inside a longer number, a word, a version or a phone
# number written with separators (0120-123-456, 12.34567890). ASCII classes only: a
# Japanese particle right after the number ("04219876です") is a boundary.
# "ID" may touch the number in Japanese text ("サポートID04219876").
_CANDIDATE = re.compile(r"(?:(?<=id)|(?<![A-Za-z0-9_.\-+]))\d{8}(?![A-Za-z0-9_]|[.\-]\d)", re.IGNORECASE)
# Without a cue, eight digits right after another group of digits ("+49 30 12345678",
# "(03) 12345678") are the end of a phone number.
_PHONE_TAIL = re.compile(r"(?:\+|\d)[\d\s()\-]*\d[\s()\-]+$")
# Without a cue, a number that reads as a date (20240115) is a date.
_DATE = re.compile(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    table = load_table("entities")["ids"]
    support = re.compile("|".join(table["support_id_cues"]), re.IGNORECASE)
    case = re.compile("|".join(table["case_cues"]), re.IGNORECASE)
    return support, case, int(table["window"])


@lru_cache(maxsize=1)
def _formats() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from bot.policy.loader import load_policy

    policy = load_policy()
    return policy.support_id, policy.case_number


def _nearest_cue(before: str) -> str | None:
    support, case, _ = _cues()
    last: tuple[int, str] | None = None
    for kind, pattern in (("support_id", support), ("case_number", case)):
        for match in pattern.finditer(before):
            if last is None or match.end() > last[0]:
                last = (match.end(), kind)
    return last[1] if last else None


def find(text: str) -> list[Span]:
    """Support IDs and case numbers in normalised text, validated by the policy formats."""
    support_format, case_format = _formats()
    _, _, window = _cues()
    spans = []
    previous_end = 0
    for match in _CANDIDATE.finditer(text):
        # The cue must sit between this number and the one before it.
        before = text[max(previous_end, match.start() - window) : match.start()]
        previous_end = match.end()
        number = match.group(0)
        cue = _nearest_cue(before)
        if cue is None and (_DATE.fullmatch(number) or _PHONE_TAIL.search(before)):
            continue
        kind = cue or "support_id"
        if kind == "case_number" and not case_format.fullmatch(number):
            kind = "support_id"
        if kind == "support_id" and not support_format.fullmatch(number):
            continue
        spans.append(Span(kind, match.start(), match.end(), number))
    return spans
