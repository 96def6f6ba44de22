"""Cues of the §4.4 facts' values (fact_cues.yml): features for the fact extractor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.nlu.criteria import compile_patterns, match_cues
from bot.nlu.resources import load_table


@dataclass(frozen=True)
class FactCue:
    """One feature: the cues that show `value` of `fact` in a message."""

    id: str
    fact: str
    value: str
    cues: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...] = ()


@lru_cache(maxsize=1)
def load_fact_cues() -> tuple[FactCue, ...]:
    """All fact cues in file order; raises ValueError on a malformed entry."""
    out = []
    for entry in load_table("fact_cues")["cues"]:
        if not entry.get("id") or not entry.get("fact") or not entry.get("value") \
                or not entry.get("cues"):
            raise ValueError(f"fact_cues.yml: entry {entry.get('id')!r} needs id, fact, value, cues")
        out.append(FactCue(str(entry["id"]), str(entry["fact"]), str(entry["value"]),
                           compile_patterns(entry["cues"]), compile_patterns(entry.get("exclude"))))
    return tuple(out)


@lru_cache(maxsize=1024)
def find_fact_cues(text: str) -> tuple[tuple[FactCue, int, int], ...]:
    """Each (cue, start, end) matching normalised `text`, sentence by sentence."""
    return match_cues(text, load_fact_cues())
