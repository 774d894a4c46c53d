"""One output path for every listing: a table, plain text, JSON or CSV.

Data goes to stdout, messages to stderr. Tables become plain text on a pipe,
with ``NO_COLOR`` set or with ``TERM=dumb``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from openwatch.render.listing import Listing


def wants_rich(out: TextIO) -> bool:
    """Rich tables only for a person at a colour-capable terminal."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def show_table(
    listing: Listing,
    out: TextIO | None = None,
    *,
    wide: bool = False,
    columns: Sequence[str] | None = None,
) -> None:
    """The listing as a table (rich at a terminal, else plain); ``columns`` chooses, ``wide`` never cuts."""
    stream = out or sys.stdout
    if not listing.rows:
        if listing.empty_message:
            message(listing.empty_message)
        return
    if wants_rich(stream):
        from openwatch.render.tables import write_rich

        write_rich(listing, stream, wide=wide, columns=columns)
    else:
        from openwatch.render.plain import write_plain

        write_plain(listing, stream, wide=wide, columns=columns)


def message(text: str) -> None:
    """A note for the person, on stderr, never mixed with data."""
    from openwatch.render.safe import visible

    sys.stderr.write(visible(text) + "\n")
