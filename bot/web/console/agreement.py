"""How often staff kept the bot's severity: confusion matrices and an inline SVG chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEVERITIES = (1, 2, 3, 4)
CHART_BAR = 28  # px per bar; the SVG is drawn from these numbers, no library needed


@dataclass
class Agreement:
    """Bot severity (rows) against the staff's final severity (columns) for one language."""

    language: str
    matrix: dict[int, dict[int, int]] = field(
        default_factory=lambda: {b: dict.fromkeys(SEVERITIES, 0) for b in SEVERITIES})

    def add(self, bot: int, staff: int) -> None:
        self.matrix[bot][staff] += 1

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.matrix.values())

    @property
    def agreed(self) -> int:
        return sum(self.matrix[s][s] for s in SEVERITIES)

    @property
    def rate(self) -> float | None:
        return self.agreed / self.total if self.total else None

    def rate_for(self, staff: int) -> float | None:
        """Share of cases staff put at `staff` that the bot had suggested at that level."""
        column = sum(self.matrix[b][staff] for b in SEVERITIES)
        return self.matrix[staff][staff] / column if column else None


def agreement(pairs: Iterable[tuple[str, int, int]]) -> dict[str, Agreement]:
    """(language, bot severity, staff severity) triples -> one Agreement per language."""
    found: dict[str, Agreement] = {}
    for language, bot, staff in pairs:
        if bot in SEVERITIES and staff in SEVERITIES:
            found.setdefault(language, Agreement(language)).add(bot, staff)
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: its label, value (0-1) and geometry."""

    label: str
    value: float
    y: int
    width: int


def chart_bars(results: dict[str, Agreement], width: int = 300) -> list[Bar]:
    """Agreement per language and severity as horizontal bars (empty levels left out)."""
    bars: list[Bar] = []
    for result in results.values():
        for severity in SEVERITIES:
            rate = result.rate_for(severity)
            if rate is not None:
                bars.append(Bar(f"{result.language} severity {severity}", rate,
                                len(bars) * CHART_BAR, round(rate * width)))
    return bars
