"""Rich tables for a person at a terminal.

Every cell is a ``rich.text.Text`` built from sanitised text, so a quote
holding ``[red]`` or ``[link=...]`` shows literally and no control character
reaches the terminal.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from openwatch.render.listing import Column, Listing, cell_text
from openwatch.render.safe import visible

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


def build_table(listing: Listing) -> Table:
    table = Table(
        title=Text(visible(listing.title)) if listing.title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        expand=False,
    )
    for column in listing.columns:
        if column.shorten:
            table.add_column(column.header, overflow="ellipsis", no_wrap=True, ratio=1, min_width=8)
        else:
            table.add_column(column.header, no_wrap=True, overflow="fold")
    for row in listing.rows:
        cells = []
        for column in listing.columns:
            text = visible(cell_text(row.get(column.key)))
            cells.append(Text(text, style=_style(column, text)))
        table.add_row(*cells)
    return table


def write_rich(listing: Listing, out: TextIO) -> None:
    console_for(out).print(build_table(listing))
