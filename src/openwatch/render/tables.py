"""Rich tables for a person at a terminal.

Every cell is a ``rich.text.Text`` built from sanitised text, so a quote
holding ``[red]`` or ``[link=...]`` shows literally and no control character
reaches the terminal. Widths are fitted to the terminal here rather than
left to rich, which would squeeze every column alike and lose whole ones:
the quote gives way first, then the columns marked ``squeeze``.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from openwatch.render.listing import PLANNED_MARK, Column, Listing, cell_text, fit_widths
from openwatch.render.safe import cell_width, visible

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


def console_for(out: TextIO, width: int | None = None) -> Console:
    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=False, width=width)


def _style(column: Column, text: str) -> str:
    if column.style == "stance":
        return STANCE_STYLES.get(text.lstrip(PLANNED_MARK), "")
    if column.style == "move":
        return MOVE_STYLES.get(text, "")
    if column.style in ("id", "dim"):
        return "dim"
    if column.style == "flag":
        return "bold yellow"
    return ""


def _cells(listing: Listing) -> tuple[list[list[Text]], bool]:
    planned_seen = False
    rows: list[list[Text]] = []
    for row in listing.rows:
        cells = []
        for column in listing.columns:
            text = visible(cell_text(row.get(column.key)))
            style = _style(column, text)
            if column.style == "stance" and row.get("planned") is True:
                planned_seen = True
                text = PLANNED_MARK + text
                style += " italic"
            cells.append(Text(text, style=style))
        rows.append(cells)
    return rows, planned_seen


def build_table(listing: Listing, width: int) -> Table:
    rows, planned_seen = _cells(listing)
    natural = [
        max([cell_width(column.header)] + [cell_width(r[i].plain) for r in rows])
        for i, column in enumerate(listing.columns)
    ]
    widths = fit_widths(listing.columns, natural, width, gap=1)
    table = Table(
        title=Text(visible(listing.title)) if listing.title else None,
        caption=Text(f"{PLANNED_MARK} planned: intent, not (yet) the case", style="dim") if planned_seen else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        # No padding: SIMPLE_HEAD already puts one space between columns.
        padding=(0, 0),
        pad_edge=False,
        show_edge=False,
    )
    kept = [i for i, size in enumerate(widths) if size is not None]
    for index in kept:
        table.add_column(listing.columns[index].header, width=widths[index], no_wrap=True, overflow="ellipsis")
    for cells in rows:
        table.add_row(*(cells[i] for i in kept))
    return table


def write_rich(listing: Listing, out: TextIO) -> None:
    console = console_for(out)
    console.print(build_table(listing, console.width))
