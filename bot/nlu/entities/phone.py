"""Phone numbers, found and validated by `phonenumbers`, returned in E.164 form."""

from __future__ import annotations

import re

import phonenumbers

from bot.nlu.entities import Span
from bot.nlu.resources import load_table

ENTITY = "phone"


def default_region(language: str | None) -> str:
    """The region assumed for numbers without a +country code."""
    regions = load_table("entities")["phone"]["default_region"]
    return str(regions.get(language or "en", regions["en"]))


# "00" is the international prefix in most of Europe ("0049 89 ..."); written as " +"
# (same length, so offsets hold) it is read as a country code from any region.
_INTERNATIONAL_00 = re.compile(r"(?<![\d+])00(?=[1-9])")


def other_regions() -> list[str]:
    """Regions tried for formatted national numbers the default region does not read."""
    return [str(r) for r in load_table("entities")["phone"]["other_regions"]]


# Separators of a written phone number; dots are left out (versions: 12.1.2.172) and so
# are dates (2026-11-29), which would otherwise read as valid numbers of some region.
_FORMATTED = re.compile(r"[\s()-]")
_DATE = re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}")
# A run of at least 7 digits with separators: the only text worth the other regions' matchers.
_CANDIDATE = re.compile(r"\d[\d\s()-]{5,}\d")


def may_hold_formatted_number(text: str) -> bool:
    """Cheap test before trying every other region (each matcher pass costs ~1 ms)."""
    return any(sum(ch.isdigit() for ch in m.group(0)) >= 7 for m in _CANDIDATE.finditer(text))


def find(text: str, region: str, formatted_only: bool = False) -> list[Span]:
    """Valid phone numbers in normalised text, read as numbers of `region` unless +cc.

    With `formatted_only`, only numbers written with separators (spaces, dashes, dots,
    parentheses) count.
    """
    prepared = _INTERNATIONAL_00.sub(" +", text)
    spans = []
    # The matcher's VALID leniency also checks digit grouping and rejects well-formed
    # Japanese numbers such as 06-6231-0098, so candidates are validated here instead.
    matcher = phonenumbers.PhoneNumberMatcher(
        prepared, region, leniency=phonenumbers.Leniency.POSSIBLE
    )
    for match in matcher:
        if not phonenumbers.is_valid_number(match.number):
            continue
        raw = match.raw_string.strip()
        if formatted_only and (not _FORMATTED.search(raw) or _DATE.fullmatch(raw)):
            continue
        start = match.start - 1 if text[match.start - 1 : match.start + 1] == "00" else match.start
        value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        spans.append(Span(ENTITY, start, match.end, value))
    return spans
