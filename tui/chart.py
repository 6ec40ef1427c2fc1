"""Step charts drawn in the terminal with braille dots, and marks set on them.

:func:`plot` draws series of ``(x, y)`` points as step functions on a grid of braille
characters (two dots across and four down per character), then sets marks (claims at
their dates) as letters on top, with the y range on the left and the x range below. It
returns a Rich :class:`~rich.text.Text`, so a widget only has to show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

BRAILLE = 0x2800
DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The braille dot bit for (row 0-3, column 0-1) within one character."""
LABEL_WIDTH = 8


@dataclass(frozen=True)
class Series:
    """One line of a chart."""

    label: str
    points: Sequence[tuple[float, float]]
    """``(x, y)``, x increasing; each y holds until the next point, the last y only at
    its own x (the line stops there)."""
    style: str


@dataclass(frozen=True)
class Mark:
    """A point set on a chart with a letter (a claim at its date)."""

    x: float
    y: float
    letter: str
    style: str


def plot(series: Sequence[Series], marks: Sequence[Mark], width: int, height: int,
         x_range: tuple[float, float]) -> Text:
    """The chart at *width* x *height* characters (labels included) over *x_range*."""
    cols, rows = max(width - LABEL_WIDTH, 4), max(height - 1, 2)
    top = max([y for s in series for _, y in s.points] + [m.y for m in marks] + [1.0])
    cells: dict[tuple[int, int], tuple[int, str]] = {}
    for line in series:
        for col, row in _dots(line.points, x_range, top, cols, rows):
            bits, _ = cells.get((col // 2, row // 4), (0, line.style))
            cells[(col // 2, row // 4)] = (bits | DOTS[row % 4][col % 2], line.style)
    letters = {_cell(m.x, m.y, x_range, top, cols, rows): m for m in marks}
    return _render(cells, letters, cols, rows, top, x_range)


def _dots(points: Sequence[tuple[float, float]], x_range: tuple[float, float], top: float,
          cols: int, rows: int) -> list[tuple[int, int]]:
    """The dots of a step line: for each dot column, the value holding there.

    The line runs from its first point to its last (the time the run stands at): the
    columns after it are left empty, not drawn as if the last value held to the end.
    """
    if not points:
        return []
    low, high = x_range
    span = max(high - low, 1e-9)
    step = span / (cols * 2 - 1)
    first, last = points[0][0], points[-1][0] + step / 2
    found, index, value = [], 0, points[0][1]
    for col in range(cols * 2):
        x = low + step * col
        while index < len(points) and points[index][0] <= x:
            value = points[index][1]
            index += 1
        if first <= x <= last:
            found.append((col, _row(value, top, rows)))
    return found


def _row(value: float, top: float, rows: int) -> int:
    """The dot row (0 at the top) of *value* on a scale from 0 to *top*."""
    share = min(max(value / top, 0.0), 1.0)
    return round((1.0 - share) * (rows * 4 - 1))


def _cell(x: float, y: float, x_range: tuple[float, float], top: float, cols: int,
          rows: int) -> tuple[int, int]:
    """The character cell of the point (x, y)."""
    low, high = x_range
    col = round((min(max(x, low), high) - low) / max(high - low, 1e-9) * (cols - 1))
    return (col, _row(y, top, rows) // 4)


def _render(cells: dict[tuple[int, int], tuple[int, str]], letters: dict[tuple[int, int], Mark],
            cols: int, rows: int, top: float, x_range: tuple[float, float]) -> Text:
    text = Text()
    for row in range(rows):
        label = f"{top:,.0f}" if row == 0 else "0" if row == rows - 1 else ""
        text.append(f"{label:>{LABEL_WIDTH - 1}}│", style="dim")
        for col in range(cols):
            mark = letters.get((col, row))
            if mark is not None:
                text.append(mark.letter, style=mark.style)
            elif (col, row) in cells:
                bits, style = cells[(col, row)]
                text.append(chr(BRAILLE + bits), style=style)
            else:
                text.append(" ")
        text.append("\n")
    low, high = x_range
    first, last = _day(low), _day(high)
    axis = first.ljust(cols - len(last)) + last
    text.append(" " * LABEL_WIDTH + axis, style="dim")
    return text


def _day(x: float) -> str:
    """An x-axis end, in days: ``day 0``, ``day 14.8``."""
    return f"day {x:.1f}".removesuffix(".0")
