"""The company chart in a terminal: one lane per series, fitting 80 columns.

Each lane is a row of cells, one per slice of time, each showing the stance
held then as one character: its level on the scale (``0`` closed .. ``7``
open-source), ``m`` for mixed, ``?`` for unknown; a planned stretch
alternates its level with ``.``; ``!`` marks a conflict. The picture is
built once as lines of (text, style) pieces: a plain writer joins the text
(ASCII only, no escape codes: what a pipe, ``NO_COLOR`` or ``TERM=dumb``
gets) and a rich writer colours each cell with the palette the SVG uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TextIO

from openwatch.core.claim import Stance
from openwatch.core.lanes import Lane, Stretch
from openwatch.render.palette import LEGEND
from openwatch.render.safe import cell_width, visible

PLAIN_WIDTH = 80
MIN_PLOT_WIDTH = 20
MAX_LABEL = 18

Piece = tuple[str, str | None]
"""Some text and its style: ``stance:NAME``, ``planned:NAME``, "title", "dim", "conflict" or None."""

CODES: dict[Stance, str] = {stance: str(stance.level) for stance in Stance if stance.level is not None}
CODES[Stance.MIXED] = "m"
CODES[Stance.UNKNOWN] = "?"
PLANNED_FILL = "."


def middle(text: str, limit: int) -> str:
    """Shorten from the middle, keeping both ends of a name (``Llama 4 … Behemoth``)."""
    if cell_width(text) <= limit:
        return text
    keep = limit - 1
    head = text[: (keep + 1) // 2]
    tail = text[len(text) - keep // 2 :] if keep // 2 else ""
    while cell_width(head) + cell_width(tail) > keep:
        head = head[:-1] if cell_width(head) >= cell_width(tail) else head
        tail = tail[1:] if cell_width(tail) > cell_width(head) else tail
        if not head and not tail:
            break
    return head + "~" + tail


def lane_lines(title: str, lanes: Sequence[Lane], start: date, end: date, width: int) -> list[list[Piece]]:
    """The chart as lines of styled pieces, at most ``width`` columns wide."""
    from openwatch.render.svg import ticks

    lines: list[list[Piece]] = [[(visible(title), "title")]]
    if not lanes:
        lines.append([("No claims recorded.", "dim")])
        return lines
    label = min(MAX_LABEL, max(cell_width(visible(lane.title)) for lane in lanes))
    plot = max(MIN_PLOT_WIDTH, width - label - 2)
    days = max(1, (end - start).days)

    def column(day: date) -> int:
        return min(plot - 1, max(0, (day - start).days * plot // days))

    marks = [(column(day), text) for day, text in ticks(start, end)]
    axis = [" "] * plot
    names = [" "] * plot
    free = 0
    for at, text in marks:
        axis[at] = "+"
        if at >= free and at + len(text) <= plot:
            names[at : at + len(text)] = list(text)
            free = at + len(text) + 1
    lines.append([(" " * (label + 2) + "".join(names).rstrip(), "dim")])
    lines.append([(" " * (label + 1) + "+" + "".join(axis).replace(" ", "-"), "dim")])
    for lane in lanes:
        cells: list[Piece] = [(" ", None)] * plot
        for stretch in lane.stretches:
            _fill(cells, stretch, column(stretch.start), column(stretch.end) if stretch.end < end else plot)
        for mark in lane.marks:
            if mark.conflict:
                cells[column(mark.day)] = ("!", "conflict")
        name = middle(visible(lane.title), label)
        pad = " " * (label - cell_width(name))
        lines.append([(pad + name + " |", "dim"), *cells])
    lines.append([])
    lines.extend(_legend(width))
    return lines


def _fill(cells: list[Piece], stretch: Stretch, first: int, stop: int) -> None:
    code = CODES[stretch.stance]
    for col in range(first, max(stop, first + 1)):
        if stretch.planned and (col - first) % 2:
            cells[col] = (PLANNED_FILL, f"planned:{stretch.stance.value}")
        else:
            cells[col] = (code, f"{'planned' if stretch.planned else 'stance'}:{stretch.stance.value}")


def _legend(width: int) -> list[list[Piece]]:
    items: list[list[Piece]] = [[(CODES[s], f"stance:{s.value}"), (f" {s.value}", None)] for s in LEGEND]
    items.append([("5.5.", "planned:weights-restricted"), (" planned", None)])
    items.append([("!", "conflict"), (" conflict", None)])
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    used = 0
    for item in items:
        size = sum(len(text) for text, _ in item)
        if line and used + 2 + size > width:
            lines.append(line)
            line, used = [], 0
        if line:
            line.append(("  ", None))
            used += 2
        line.extend(item)
        used += size
    if line:
        lines.append(line)
    return lines


def plain_text(lines: list[list[Piece]]) -> str:
    return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)


def rich_text(lines: list[list[Piece]]) -> object:
    """The chart as one ``rich.text.Text``, each cell on its stance's colour."""
    from rich.text import Text

    from openwatch.render.palette import CONFLICT, FILL, INK

    def style(name: str | None) -> str:
        if name is None:
            return ""
        if name in ("title", "dim"):
            return "bold" if name == "title" else "dim"
        if name == "conflict":
            return f"bold #ffffff on {CONFLICT}"
        how, _, value = name.partition(":")
        stance = Stance(value)
        if stance is Stance.UNKNOWN:
            return "dim"
        if how == "planned":
            return f"{FILL[stance] if stance.level is not None and stance.level > 1 else '#9a7fc7'}"
        return f"{INK[stance]} on {FILL[stance]}"

    text = Text(no_wrap=True, overflow="crop")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for piece, name in line:
            text.append(piece, style=style(name))
    return text


def show_lanes(title: str, lanes: Sequence[Lane], start: date, end: date, out: TextIO) -> None:
    """Draw on a colour terminal with rich; anywhere else as plain ASCII in 80 columns."""
    from openwatch.render.output import tolerant, wants_rich

    out = tolerant(out)
    if not wants_rich(out):
        out.write(plain_text(lane_lines(title, lanes, start, end, PLAIN_WIDTH)))
        return
    from openwatch.render.tables import console_for

    console = console_for(out)
    console.print(rich_text(lane_lines(title, lanes, start, end, console.width)))
