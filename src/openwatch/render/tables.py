"""Rich tables for a person at a terminal.

Every cell is a ``rich.text.Text`` built from sanitised text, so a quote
holding ``[red]`` or ``[link=...]`` shows literally and no control character
reaches the terminal. The layout is openwatch's own (render/listing.py
``fit``), not rich's Table, which squeezes every column alike and cuts ids
and stance names: here ids, dates and stances stay whole, long text gives
way, names are shortened from the middle, a row may take two lines, and no
line is wider than the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console, Group
from rich.text import Text

from openwatch.render.listing import INDENT, PLANNED_MARK, Listing, cell_text, fit, role_of, select_columns
from openwatch.render.safe import shorten_middle, visible

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
    "delivered": "bold green",
    "unchanged": "dim",
    # promise statuses
    "kept": "green",
    "broken": "bold red",
    "in-doubt": "yellow",
    "pending": "",
    "overdue": "dark_orange",
}


def console_for(out: TextIO, width: int | None = None) -> Console:
    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=False, width=width)


def _style(style: str, text: str) -> str:
    if style == "stance":
        # "→closed" (planned) and "closed (reported, planned)" take the stance's colour.
        return STANCE_STYLES.get(text.lstrip(PLANNED_MARK).split(" ", 1)[0], "")
    if style == "move":
        return MOVE_STYLES.get(text, "")
    if style in ("id", "dim"):
        return "dim"
    if style == "flag":
        return "bold yellow"
    return ""


def _cells(listing: Listing) -> tuple[list[list[Text]], bool]:
    planned_seen = False
    rows: list[list[Text]] = []
    for row in listing.rows:
        cells = []
        for column in listing.columns:
            text = visible(cell_text(row.get(column.key)))
            style = _style(column.style, text)
            if column.style == "stance" and row.get("planned") is True:
                planned_seen = True
                text = PLANNED_MARK + text
                style += " italic"
            cells.append(Text(text, style=style))
        rows.append(cells)
    return rows, planned_seen


def _fitted(cell: Text, size: int, middle: bool) -> Text:
    """The cell cut to ``size`` columns (from the middle for a name) and padded to it."""
    if cell_len(cell.plain) > size:
        if middle:
            cell = Text(shorten_middle(cell.plain, size, get_character_cell_size), style=cell.style)
        else:
            cell = cell.copy()
            cell.truncate(size, overflow="ellipsis")
    padded = cell.copy()
    padded.pad_right(size - cell_len(cell.plain))
    return padded


def _line(parts: Sequence[Text], indent: int, width: int | None) -> Text:
    line = Text(" " * indent, no_wrap=True, overflow="ignore", end="\n")
    for n, part in enumerate(parts):
        if n:
            line.append(" ")
        line.append_text(part)
    line.rstrip()
    if width is not None and cell_len(line.plain) > width:
        line.truncate(width, overflow="crop")
    return line


def build_table(listing: Listing, width: int, *, wide: bool = False, columns: Sequence[str] | None = None) -> Group:
    """The table as lines of text fitted to ``width`` (``wide``: never cut); ``columns`` chooses columns."""
    listing = select_columns(listing, columns)
    rows, planned_seen = _cells(listing)
    natural = [
        max([cell_len(column.header)] + [cell_len(r[i].plain) for r in rows])
        for i, column in enumerate(listing.columns)
    ]
    layout = fit(listing.columns, natural, width, wide=wide)
    middle = [role_of(c) == "name" for c in listing.columns]
    limit = None if wide else width
    lines: list[Text] = []
    if listing.title:
        lines.append(_line([Text(visible(listing.title), style="bold")], 0, limit))
    for number, placed in enumerate(layout.lines):
        indent = INDENT if number else 0
        header = [_fitted(Text(listing.columns[i].header, style="bold"), size, False) for i, size in placed]
        lines.append(_line(header, indent, limit))
    rule_width = max(
        (INDENT if n else 0) + sum(size for _, size in placed) + max(0, len(placed) - 1)
        for n, placed in enumerate(layout.lines)
    )
    lines.append(_line([Text("─" * rule_width, style="dim")], 0, limit))
    for cells in rows:
        for number, placed in enumerate(layout.lines):
            parts = [_fitted(cells[i], size, middle[i]) for i, size in placed]
            lines.append(_line(parts, INDENT if number else 0, limit))
    if planned_seen:
        lines.append(_line([Text(f"{PLANNED_MARK} planned: intent, not (yet) the case", style="dim")], 0, limit))
    if layout.left_out:
        names = ", ".join(listing.columns[i].header for i in layout.left_out)
        note = f"Left out at {width} columns: {names} (--wide or --columns shows them)"
        lines.append(_line([Text(note, style="dim")], 0, limit))
    return Group(*lines)


def write_rich(listing: Listing, out: TextIO, *, wide: bool = False, columns: Sequence[str] | None = None) -> None:
    console = console_for(out)
    console.print(build_table(listing, console.width, wide=wide, columns=columns), crop=False, soft_wrap=True)
