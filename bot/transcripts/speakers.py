"""Speaker separation: which labels are the agent's, and "Label: text" lines split into turns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.nlu.normalize import fold as normalize_fold
from bot.transcripts.model import AGENT, CALLER, Call, Turn
from bot.transcripts.tables import load_table

# "Agent: text", "[SPEAKER_00]: text", "[Caller] text"
LABELLED = re.compile(r"^\s*(?:\[(?P<bracket>[^\]\n]{1,40})\]\s*:?|(?P<plain>[^:\n]{1,40}?)\s*:(?!\d))"
                      r"\s*(?P<text>.*)$")  # ":" before a digit is a time (10:30), not a label


@dataclass(frozen=True)
class SpeakerTables:
    """speakers.yml, case-folded."""

    agent: tuple[str, ...]
    caller: tuple[str, ...]
    anonymous: re.Pattern[str]
    max_label_words: int
    not_labels: frozenset[str]
    backchannel: frozenset[str]


def fold(text: str) -> str:
    """NFKC + case fold + single spaces: how labels and short turns are compared."""
    return " ".join(normalize_fold(text).split())


@lru_cache(maxsize=1)
def tables() -> SpeakerTables:
    """Load speakers.yml once."""
    raw = load_table("speakers.yml")
    return SpeakerTables(
        agent=tuple(fold(n) for n in raw["agent"]), caller=tuple(fold(n) for n in raw["caller"]),
        anonymous=re.compile(raw["anonymous"], re.IGNORECASE),
        max_label_words=int(raw["max_label_words"]),
        not_labels=frozenset(fold(n) for n in raw["not_labels"]),
        backchannel=frozenset(fold(n) for n in raw["backchannel"]),
    )


def _named(label: str, names: Iterable[str]) -> bool:
    folded = fold(label)
    return any(folded == n or re.match(rf"{re.escape(n)}[\s_\-(\d]", folded) for n in names)


def is_agent_name(label: str) -> bool:
    """True for labels such as "Agent", "Support 2", "オペレーター"."""
    return _named(label, tables().agent)


def is_caller_name(label: str) -> bool:
    """True for labels such as "Caller", "Customer", "お客様"."""
    return _named(label, tables().caller)


def is_backchannel(text: str) -> bool:
    """True for a turn that only acknowledges ("yes", "okay, thank you", "はい")."""
    parts = [p.strip() for p in re.split(r"[.,!?。、!?…〜]+", fold(text))]
    return all(not p or p.rstrip("ー-") in tables().backchannel for p in parts)


def speaker_prefix(line: str) -> tuple[str, str] | None:
    """(label, rest) when `line` starts with a speaker label, e.g. "Agent: how can I help"."""
    match = LABELLED.match(line)
    if not match:
        return None
    label = (match.group("bracket") or match.group("plain") or "").strip()
    words = label.split()
    if (not words or len(words) > tables().max_label_words or fold(label) in tables().not_labels
            or re.search(r"\d{3}|[/\\@]", label)):
        return None
    return label, match.group("text").strip()


def label_turns(entries: Sequence[tuple[str, float | None]]) -> list[Turn] | None:
    """Turns of "Label: text" entries (lines, cues), or None when they are not written so.

    They are when the first entry and most entries carry a label and there are two or more
    labels; an unlabelled entry continues the turn before it.
    """
    found = [speaker_prefix(text) for text, _ in entries]
    labels = {f[0] for f in found if f}
    if not entries or found[0] is None or len(labels) < 2 or 2 * sum(map(bool, found)) < len(found):
        return None
    turns: list[Turn] = []
    for (text, start), got in zip(entries, found):
        if got:
            turns.append(Turn(text=got[1], speaker=got[0], start=start))
        else:
            turns[-1] = replace(turns[-1], text=f"{turns[-1].text} {text.strip()}".strip())
    return [t for t in turns if t.text]


def split_labelled(text: str) -> list[Turn] | None:
    """Turns of a text written as "Label: text" lines, or None (see `label_turns`)."""
    return label_turns([(line, None) for line in text.splitlines() if line.strip()])


def agent_labels(speakers: Sequence[str], override: Sequence[str] = ()) -> tuple[set[str], str]:
    """The agent's labels among `speakers` (in order of appearance) and how they were found."""
    if override:
        wanted = {fold(name) for name in override}
        return {s for s in speakers if fold(s) in wanted}, "override"
    by_name = {s for s in speakers if is_agent_name(s)}
    if by_name:
        return by_name, "name"
    callers = {s for s in speakers if is_caller_name(s)}
    if callers and len(callers) < len(speakers):
        return set(speakers) - callers, "caller name"
    if len(speakers) >= 2:
        return {speakers[0]}, "first speaker"
    return set(), "single speaker"


def assign_roles(call: Call, override: Sequence[str] = ()) -> Call:
    """The call with each turn's role set; metadata `agent_speaker` beats `override`.

    Turns without a speaker label count as the caller's: losing the caller's problem would
    cost more than reading a stray agent line.
    """
    meta = call.metadata.get("agent_speaker")
    chosen = [meta] if isinstance(meta, str) else list(meta) if isinstance(meta, list) else []
    agents, how = agent_labels(call.speakers, [str(c) for c in chosen] or list(override))
    turns = tuple(replace(t, role=AGENT if t.speaker in agents else CALLER) for t in call.turns)
    return replace(call, turns=turns).with_metadata(
        {"agent_speakers": [s for s in call.speakers if s in agents], "agent_found_by": how})
