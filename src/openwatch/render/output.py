"""One output path for every listing: a table, plain text, JSON or CSV.

Data goes to stdout, messages to stderr. Tables become plain text on a pipe,
with ``NO_COLOR`` set or with ``TERM=dumb``.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from openwatch.render.listing import Listing


def _is_utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


_FAILING = ("strict", "surrogateescape")
"""Error handlers that fail on a character the encoding lacks (under ``LC_ALL=C``, stdout has the second)."""


def tolerant(stream: TextIO) -> TextIO:
    """``stream``, made to show a character its encoding cannot carry as an escape
    (``Soci\\xe9t\\xe9`` under ``LC_ALL=C``) rather than fail with UnicodeEncodeError.
    For tables and messages: text meant for a person."""
    if not _is_utf8(stream) and isinstance(stream, io.TextIOWrapper) and stream.errors in _FAILING:
        stream.reconfigure(errors="backslashreplace")
    return stream


class _TerminalSafe(io.TextIOBase):
    """Writes through to a terminal with every control character escaped, line breaks kept."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        from openwatch.render.safe import visible_block

        self.out.write(visible_block(text.replace("\r\n", "\n")))
        return len(text)

    def flush(self) -> None:
        self.out.flush()


@contextmanager
def data_output(out: TextIO | None = None) -> Iterator[TextIO]:
    """The stream a CSV, JSON or JSONL result goes to on standard output.

    Always UTF-8, whatever the locale says (a file of data has one encoding;
    ``ensure_ascii=False`` JSON keeps ``é`` as itself). To a pipe or a file
    the data is written as stored; to a terminal, control characters (ESC
    sequences, OSC 52, U+202E, NUL) are shown escaped, since a terminal
    would act on them.
    """
    stream = out or sys.stdout
    target: TextIO = stream
    wrapper: io.TextIOWrapper | None = None
    if not _is_utf8(stream) and hasattr(stream, "buffer"):
        stream.flush()
        wrapper = io.TextIOWrapper(stream.buffer, encoding="utf-8", newline="", write_through=True)
        target = wrapper
    isatty = getattr(stream, "isatty", None)
    try:
        if isatty is not None and isatty():
            yield _TerminalSafe(target)  # type: ignore[misc]
        else:
            yield target
    finally:
        if wrapper is not None:
            wrapper.flush()
            wrapper.detach()  # the buffer belongs to sys.stdout: do not close it


def wants_rich(out: TextIO) -> bool:
    """Rich tables only for a person at a colour-capable terminal."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def show_table(listing: Listing, out: TextIO | None = None) -> None:
    stream = tolerant(out or sys.stdout)
    if not listing.rows:
        if listing.empty_message:
            message(listing.empty_message)
        return
    if wants_rich(stream):
        from openwatch.render.tables import write_rich

        write_rich(listing, stream)
    else:
        from openwatch.render.plain import write_plain

        write_plain(listing, stream)


def message(text: str) -> None:
    """A note for the person, on stderr, never mixed with data."""
    from openwatch.render.safe import visible

    sys.stderr.write(visible(text) + "\n")
