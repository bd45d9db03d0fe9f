"""The funnel as a bar chart drawn on the server: two bars per step, reached and completed.

The drawing is SVG without script, hidden from screen readers; the page gives the same counts
as a table. A hidden count draws no bar and is written as the marker.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfservice.stats.suppression import MARKER
from selfservice.stats.usage import StepRow

WIDTH = 960
LEFT, RIGHT, TOP = 330, 70, 40  # step names at the left, numbers at the right of each bar
ROW, BAR = 40, 14  # a step's height; each of its two bars


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    text: str  # the count, or the marker when it is hidden
    kind: str  # reached or completed


@dataclass(frozen=True)
class ChartRow:
    label: str  # msgid
    y: float  # the middle of the row, where its name is written
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class FunnelChart:
    rows: list[ChartRow]
    ticks: list[tuple[int, float]]  # (count, x)
    height: int
    width: int = WIDTH
    left: int = LEFT

    @property
    def right(self) -> int:
        return self.width - RIGHT


def _scale(largest: int) -> tuple[int, int]:
    """Return the axis's end, a round number at or above the largest count, and its step."""
    step = 1
    while step * 10 < largest:
        step *= 10
    return max(step, -(-largest // step) * step), step


def funnel_chart(rows: list[StepRow]) -> FunnelChart:
    """Place a funnel's steps and their bars; the scale runs from 0 to a round number."""
    largest = max([r.reached or 0 for r in rows] + [r.completed or 0 for r in rows] + [1])
    top, step = _scale(largest)
    span = WIDTH - RIGHT - LEFT

    def bar(y: float, count: int | None, kind: str) -> Bar:
        return Bar(y, 0 if count is None else span * count / top,
                   MARKER if count is None else str(count), kind)

    placed = []
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        placed.append(ChartRow(row.label, y + ROW / 2,
                               (bar(y + 5, row.reached, "reached"),
                                bar(y + 5 + BAR, row.completed, "completed"))))
    ticks = [(count, LEFT + span * count / top) for count in range(0, top + 1, step)]
    return FunnelChart(placed, ticks, TOP + len(rows) * ROW + 30)
