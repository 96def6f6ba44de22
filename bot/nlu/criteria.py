"""Policy severity criteria (criteria.yml) and the cues that find them in a message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.nlu.normalize import normalize
from bot.nlu.resources import load_table

_SENTENCE = re.compile(r"[^.!?。!?\n]+[.!?。!?]*")


@dataclass(frozen=True)
class Criterion:
    """One policy criterion: its severity, bilingual description and cue patterns."""

    id: str
    severity: int
    en: str
    ja: str
    cues: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    fallback: bool = False

    def as_output(self) -> dict[str, str]:
        """The form reported in the parse result."""
        return {"id": self.id, "en": self.en, "ja": self.ja}


def compile_patterns(patterns: list[str] | None) -> tuple[re.Pattern[str], ...]:
    # ASCII word boundaries: with Unicode ones an English word written inside Japanese
    # ("ジョブがFailedです", "PoC中") has no \b before the kana or kanji and never matches.
    # NFKC has already turned full-width letters and digits into ASCII.
    return tuple(re.compile(p, re.IGNORECASE | re.ASCII) for p in patterns or [])


@lru_cache(maxsize=1)
def load_criteria() -> tuple[Criterion, ...]:
    """All criteria in file order; raises ValueError on a malformed entry."""
    criteria = []
    for entry in load_table("criteria")["criteria"]:
        if entry.get("severity") not in (1, 2, 3, 4) or not entry.get("en") or not entry.get("ja"):
            raise ValueError(f"criteria.yml: entry {entry.get('id')!r} needs severity 1-4, en, ja")
        criteria.append(
            Criterion(
                id=entry["id"],
                severity=entry["severity"],
                en=entry["en"],
                ja=entry["ja"],
                cues=compile_patterns(entry.get("cues")),
                exclude=compile_patterns(entry.get("exclude")),
                fallback=bool(entry.get("fallback", False)),
            )
        )
    return tuple(criteria)


def cue_criteria() -> tuple[Criterion, ...]:
    """The criteria that have cues (one feature each), in file order."""
    return tuple(c for c in load_criteria() if c.cues)


def fallback_for(severity: int) -> Criterion:
    """The criterion that explains a severity chosen without any matching cue."""
    return next(c for c in load_criteria() if c.fallback and c.severity == severity)


def match_cues(text: str, entries: Iterable[Any]) -> tuple[tuple[Any, int, int], ...]:
    """Each (entry, start, end) whose cue matches normalised `text` sentence by sentence,
    unless one of the entry's `exclude` patterns matches the same sentence. Entries are
    anything with `cues` and `exclude` patterns (criteria, fact cues)."""
    found = []
    for sentence in _SENTENCE.finditer(text):
        chunk = sentence.group(0)
        for entry in entries:
            if any(x.search(chunk) for x in entry.exclude):
                continue
            for cue in entry.cues:
                if match := cue.search(chunk):
                    found.append((entry, sentence.start() + match.start(),
                                  sentence.start() + match.end()))
                    break
    return tuple(found)


@lru_cache(maxsize=1024)
def find_cues(text: str) -> tuple[tuple[Criterion, int, int], ...]:
    """Each (criterion, start, end) whose cue matches normalised `text`, not excluded.

    Cached: the criteria featurizer, the gate of each label classifier and the severity
    explanation all look for the cues of the same message."""
    return match_cues(text, cue_criteria())


def matched_criteria(text: str) -> list[Criterion]:
    """The distinct criteria whose cues appear in the text as typed."""
    seen: dict[str, Criterion] = {}
    for criterion, _, _ in find_cues(normalize(text).text):
        seen.setdefault(criterion.id, criterion)
    return list(seen.values())
