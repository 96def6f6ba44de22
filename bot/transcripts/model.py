"""The parts of a call transcript every reader produces: turns, calls, and read errors."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

AGENT, CALLER = "agent", "caller"


class TranscriptError(ValueError):
    """A file or call that cannot be read; `code` is stable, the message says how to fix it.

    `line` is the line of a JSON Lines file the error is about.
    """

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.line = line


@dataclass(frozen=True)
class Turn:
    """One stretch of speech by one speaker; `start` is seconds from the call's start."""

    text: str
    speaker: str | None = None
    start: float | None = None
    role: str = CALLER

    def as_dict(self) -> dict[str, Any]:
        """The turn as stored in records and cases."""
        return {"speaker": self.speaker, "role": self.role, "text": self.text,
                "start": self.start}


@dataclass(frozen=True)
class Call:
    """One call read from a file.

    `metadata` holds what the file (or its side file) says about the call: `language`,
    `started_at`, `country`, `timezone`, `program`, `agent_speaker`, caller details.
    `content_hash` is the SHA-256 of the bytes the call was read from.
    """

    call_id: str
    format: str
    turns: tuple[Turn, ...]
    content_hash: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def speakers(self) -> tuple[str, ...]:
        """Distinct speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker is not None:
                seen.setdefault(turn.speaker, None)
        return tuple(seen)

    def with_metadata(self, extra: dict[str, Any]) -> Call:
        """This call with `extra` metadata added (a side file's values win)."""
        return replace(self, metadata={**self.metadata, **extra})

    def turns_of(self, role: str) -> tuple[Turn, ...]:
        """The turns spoken in `role` (agent or caller)."""
        return tuple(t for t in self.turns if t.role == role)


def merge_turns(turns: list[Turn], joiner: str = " ") -> list[Turn]:
    """Drop empty turns and join consecutive turns of one speaker (a cue is not a turn)."""
    merged: list[Turn] = []
    for turn in turns:
        if not turn.text:
            continue
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1] = replace(merged[-1], text=f"{merged[-1].text}{joiner}{turn.text}")
        else:
            merged.append(turn)
    return merged
