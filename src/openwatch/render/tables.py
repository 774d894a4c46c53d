"""Rich tables for a person at a terminal.

Every cell is a ``rich.text.Text`` built from sanitised text, so a quote
holding ``[red]`` or ``[link=...]`` shows literally and no control character
reaches the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from openwatch.render.listing import Column, Listing, cell_text
from openwatch.render.safe import cell_width, shorten, visible

STANCE_STYLES = {
    "closed": "bold red",
    "limited": "red",
    "hosted": "dark_orange",
    "api": "yellow",
    "weights-noncommercial": "cyan",
    "weights-restricted": "cyan",
    "open-weights": "green",
    "open-source": "bold green",
    "mixed": "magenta",
    "unknown": "dim",
}
MOVE_STYLES = {
    "opened": "green",
    "closed": "bold red",
    "changed": "yellow",
    "new": "blue",
    "unchanged": "dim",
}


def console_for(out: TextIO) -> Console:
    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=False)


def _style(column: Column, text: str) -> str:
    if column.style == "stance":
        return STANCE_STYLES.get(text.split(" ")[0].lstrip("~"), "")
    if column.style == "move":
        return MOVE_STYLES.get(text.split(" ")[0], "")
    if column.style in ("id", "dim"):
        return "dim"
    if column.style == "flag":
        return "bold yellow"
    return ""


# Columns that never give way: short, and what a timeline is read by.
_FIXED_STYLES = ("date", "move")
# The narrowest a column is cut to (with an ellipsis): a stance keeps enough
# to tell weights-n… from weights-r…, an id enough to be a usable prefix.
_MIN_WIDTHS = {"stance": 10, "id": 8}
_MIN_SHORTENED = 8
# While other columns are wider than this, a quote keeps at least this much.
_COMFORTABLE_SHORTENED = 30
_COMFORTABLE_OTHER = 16
_MIN_TEXT = 6


def _min_width(column: Column) -> int:
    if column.shorten:
        return _MIN_SHORTENED
    return _MIN_WIDTHS.get(column.style, _MIN_TEXT)


@dataclass(frozen=True, slots=True)
class Layout:
    widths: list[int]
    gap: int
    """Characters between columns: 2, or 1 when space is short."""


def fit_widths(listing: Listing, cells: list[list[str]], width: int | None) -> Layout:
    """Column widths that fit ``width`` terminal columns, keeping every column.

    The quote-like columns (``shorten``) give way first, down to a few
    characters; then the widest of the others (model, source, stance, id)
    one character at a time, and the gaps between columns narrow to one.
    Dates and moves keep their width.
    """
    columns = listing.columns
    natural = [
        max([cell_width(column.header), *(cell_width(row[index]) for row in cells)])
        for index, column in enumerate(columns)
    ]
    if width is None or sum(natural) + 2 * (len(columns) - 1) <= width:
        return Layout(natural, 2)
    gap = 2
    widths = list(natural)
    excess = sum(widths) + gap * (len(columns) - 1) - width
    shortened = [index for index, column in enumerate(columns) if column.shorten]
    shrinkable = [
        index for index, column in enumerate(columns) if not column.shorten and column.style not in _FIXED_STYLES
    ]
    # A quote keeps a readable stretch while other columns are long; below
    # that, it gives way before anything else does.
    for floor in (_COMFORTABLE_SHORTENED, None):
        for index in shortened:
            lowest = _MIN_SHORTENED if floor is None else max(_MIN_SHORTENED, floor)
            cut = min(max(excess, 0), max(0, widths[index] - lowest))
            widths[index] -= cut
            excess -= cut
        while excess > 0:
            limit = _COMFORTABLE_OTHER if floor is not None else 0
            candidates = [i for i in shrinkable if widths[i] > max(_min_width(columns[i]), limit)]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
    if excess > 0:
        gap = 1
        excess -= len(columns) - 1
        while excess > 0:
            candidates = [i for i in shrinkable if widths[i] > _min_width(columns[i])]
            if not candidates:
                break  # cannot fit: rich folds what is left
            widest = max(candidates, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
    return Layout(widths, gap)


def build_table(listing: Listing, width: int | None = None) -> Table:
    """The listing as a rich table, fitted to ``width`` columns when given.

    Widths are computed here (cheap: plain strings) and handed to rich as
    fixed widths, so rich neither measures every cell (tens of milliseconds
    for a 50-row table) nor, when space runs out, shrinks every column evenly
    (a date cut to ``2025-0…``).
    """
    cells = [[visible(cell_text(row.get(column.key))) for column in listing.columns] for row in listing.rows]
    layout = fit_widths(listing, cells, width)
    table = Table(
        title=Text(visible(listing.title)) if listing.title else None,
        box=box.SIMPLE_HEAD,  # a one-character divider between columns, a rule under the header
        show_edge=False,
        header_style="bold",
        padding=(0, layout.gap - 1, 0, 0),
        pad_edge=False,
        expand=False,
    )
    for column, column_width in zip(listing.columns, layout.widths, strict=True):
        table.add_column(shorten(column.header, column_width), width=column_width, no_wrap=True, overflow="ellipsis")
    for line in cells:
        table.add_row(
            *(
                Text(shorten(text, column_width), style=_style(column, text))
                for column, column_width, text in zip(listing.columns, layout.widths, line, strict=True)
            )
        )
    return table


def write_rich(listing: Listing, out: TextIO) -> None:
    console = console_for(out)
    console.print(build_table(listing, console.width))
