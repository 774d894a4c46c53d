"""Aligned plain text: what a table becomes on a pipe, with NO_COLOR or TERM=dumb.

No escape codes at all, and no rich: it costs almost nothing to produce.
Values are whole (ids, dates, names, sources), except that a quote is cut
at ``SHORTENED_WIDTH`` characters unless ``wide`` is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

from openwatch.render.listing import Column, Listing, cell_text, select_columns
from openwatch.render.safe import cell_width, shorten, visible

SHORTENED_WIDTH = 60
MAX_PAD_WIDTH = 80
"""No column is padded wider than this: one 10,000-character name would
otherwise push every row 10,000 columns to the right. A longer value is
still written whole (plain output keeps whole values); only its own row
loses the alignment."""


def _cell(column: Column, row: Mapping[str, object], wide: bool) -> str:
    text = visible(cell_text(row.get(column.key)))
    if column.shorten and not wide:
        return shorten(text, SHORTENED_WIDTH)
    if column.style == "stance" and row.get("planned") is True:
        return f"{text} (planned)"
    return text


def write_plain(listing: Listing, out: TextIO, *, wide: bool = False, columns: Sequence[str] | None = None) -> None:
    listing = select_columns(listing, columns)
    chosen = listing.columns
    cells = [[_cell(col, row, wide) for col in chosen] for row in listing.rows]
    headers = [col.header.upper() for col in chosen]
    widths = [cell_width(h) for h in headers]
    for line in cells:
        for index, cell in enumerate(line):
            widths[index] = max(widths[index], min(cell_width(cell), MAX_PAD_WIDTH))
    if listing.title:
        out.write(visible(listing.title) + "\n")
    for line in [headers, *cells]:
        padded = [
            cell + " " * max(0, widths[i] - cell_width(cell)) if i < len(line) - 1 else cell
            for i, cell in enumerate(line)
        ]
        out.write("  ".join(padded).rstrip() + "\n")
