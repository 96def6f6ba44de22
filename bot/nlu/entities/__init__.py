"""Deterministic entity extractors, one module per entity, run on NFKC-normalised text.

Each module exposes `find(text, ...) -> list[Span]` over the normalised text; the
`DeterministicEntityExtractor` component maps spans back to the text as typed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """An entity found in normalised text: `[start, end)` and its canonical value."""

    entity: str
    start: int
    end: int
    value: str

    def overlaps(self, other: Span) -> bool:
        """True if the two spans share at least one character."""
        return self.start < other.end and other.start < self.end
