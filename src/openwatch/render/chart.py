"""A step chart of stance over time, per series, for a terminal or a report.

The picture is built once as lines of (text, style) pieces; a plain writer
joins the text (ASCII only, no escape codes: what a pipe, ``NO_COLOR`` or
``TERM=dumb`` gets), and a rich writer colours each piece by stance. Rows are
the ordered scale, open-source at the top and closed at the bottom, with one
more row for the unordered stances (mixed, unknown) when a series uses them.
Time runs left to right on one axis shared by every series of the chart.
Planned claims are drawn hollow and dotted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from openwatch.core.claim import ORDERED_STANCES
from openwatch.core.history import TimelineEntry
from openwatch.render.safe import visible

LEVEL_NAMES = [stance.value for stance in reversed(ORDERED_STANCES)]
UNORDERED_LABEL = "mixed/unknown"
LABEL_WIDTH = max(len(name) for name in [*LEVEL_NAMES, UNORDERED_LABEL])
PLAIN_WIDTH = 80
MIN_PLOT_WIDTH = 20

Piece = tuple[str, str | None]
"""Some text and its style: a stance name, "title", "dim", or None."""


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """A change point: the claim that moved a series, and where it moved it."""

    day: date
    label: str
    stance: str
    level: int | None
    planned: bool
    move: str


@dataclass(slots=True)
class ChartSeries:
    title: str
    points: list[ChartPoint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Glyphs:
    segment: str
    planned_segment: str
    point: str
    planned_point: str
    rise: str
    planned_rise: str
    axis: str
    corner: str
    side: str


ASCII = Glyphs("-", ".", "*", "o", "|", ":", "-", "+", "|")
UNICODE = Glyphs("─", "┄", "●", "○", "│", "┆", "─", "└", "│")


def chart_series(entries: Iterable[TimelineEntry]) -> list[ChartSeries]:
    """The change points of each series of a timeline, company-wide first, then models by name."""
    found: dict[tuple[bool, str, str], ChartSeries] = {}
    for entry in entries:
        claim = entry.claim
        title = claim.model or "(company-wide)"
        key = (claim.model is not None, title.casefold(), title)
        series = found.setdefault(key, ChartSeries(title, []))
        if entry.move is None:
            continue
        series.points.append(
            ChartPoint(
                day=claim.date.start,
                label=str(claim.date),
                stance=claim.stance.value,
                level=claim.stance.level,
                planned=claim.planned,
                move=entry.move.direction.value,
            )
        )
    return [found[key] for key in sorted(found) if found[key].points]


def _row(point: ChartPoint) -> int:
    return len(LEVEL_NAMES) if point.level is None else len(LEVEL_NAMES) - 1 - point.level


def chart_lines(title: str, series_list: Sequence[ChartSeries], width: int, glyphs: Glyphs) -> list[list[Piece]]:
    """The chart as lines of styled pieces, at most ``width`` columns wide."""
    plot = max(MIN_PLOT_WIDTH, width - LABEL_WIDTH - 2)
    days = [p.day for s in series_list for p in s.points]
    lines: list[list[Piece]] = [[(visible(title), "title")]]
    if not days:
        return lines
    first, last = min(days), max(days)
    span = (last - first).days

    def column(day: date) -> int:
        return 0 if span == 0 else round((day - first).days * (plot - 1) / span)

    for series in series_list:
        unordered = any(p.level is None for p in series.points)
        rows = len(LEVEL_NAMES) + (1 if unordered else 0)
        grid: list[list[Piece]] = [[(" ", None)] * plot for _ in range(rows)]
        previous: ChartPoint | None = None
        for index, point in enumerate(series.points):
            row, at = _row(point), column(point.day)
            following = series.points[index + 1] if index + 1 < len(series.points) else None
            stop = column(following.day) if following else plot
            line = glyphs.planned_segment if point.planned else glyphs.segment
            for col in range(at + 1, stop):
                grid[row][col] = (line, point.stance)
            if previous is not None:
                rise = glyphs.planned_rise if point.planned else glyphs.rise
                for between in range(min(row, _row(previous)) + 1, max(row, _row(previous))):
                    grid[between][at] = (rise, point.stance)
            grid[row][at] = (glyphs.planned_point if point.planned else glyphs.point, point.stance)
            previous = point
        lines.append([])
        lines.append([(visible(series.title), "title")])
        labels = [*LEVEL_NAMES, UNORDERED_LABEL][:rows]
        for label, cells in zip(labels, grid, strict=True):
            lines.append([(label.rjust(LABEL_WIDTH) + " " + glyphs.side, "dim"), *cells])
        lines.append([(" " * LABEL_WIDTH + " " + glyphs.corner + glyphs.axis * plot, "dim")])
        left, right = first.isoformat(), last.isoformat()
        gap = max(1, plot - len(left) - len(right))
        lines.append([(" " * (LABEL_WIDTH + 2) + left + " " * gap + (right if span else ""), "dim")])
        for point in series.points:
            marker = glyphs.planned_point if point.planned else glyphs.point
            note = " (planned)" if point.planned else ""
            lines.append(
                [
                    (f"  {marker} {point.label:<10}  {point.move:<8} ", None),
                    (point.stance, point.stance),
                    (note, "dim"),
                ]
            )
    return lines


def plain_text(lines: list[list[Piece]]) -> str:
    return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)


def rich_text(lines: list[list[Piece]]) -> object:
    """The chart as one ``rich.text.Text`` coloured by stance."""
    from rich.text import Text

    from openwatch.render.tables import STANCE_STYLES

    text = Text(no_wrap=True, overflow="crop")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for piece, style in line:
            shown = "bold" if style == "title" else "dim" if style == "dim" else STANCE_STYLES.get(style or "", "")
            text.append(piece, style=shown)
    return text


def show_chart(title: str, series_list: Sequence[ChartSeries], out: TextIO) -> None:
    """Draw on a colour terminal with rich; anywhere else as plain ASCII."""
    from openwatch.render.output import tolerant, wants_rich

    out = tolerant(out)
    if not wants_rich(out):
        out.write(plain_text(chart_lines(title, series_list, PLAIN_WIDTH, ASCII)))
        return
    from openwatch.render.tables import console_for

    console = console_for(out)
    console.print(rich_text(chart_lines(title, series_list, console.width, UNICODE)))
