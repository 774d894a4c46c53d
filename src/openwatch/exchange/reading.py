"""What every reader of files shares: lines read with a limit, and what a reader yields."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.merge import Problem
from openwatch.core.validate import MAX_FIELD_CHARS

MAX_RECORD_CHARS = MAX_FIELD_CHARS + 1_000_000
"""The longest line, or JSON record, read: one field at its limit and room for the rest.

Reading stops as soon as a line passes it, so ``import /dev/zero`` is
refused at once instead of filling the memory."""


RecordOrProblem = dict[str, Any] | Problem
"""What a reader yields for each row: the record, or what is wrong with it."""

ReadRows = Iterator[tuple[str, RecordOrProblem]]


def bounded_lines(stream: IO[str], name: str, limit: int = MAX_RECORD_CHARS) -> Iterator[str]:
    """The lines of ``stream``, refusing one longer than ``limit`` characters as soon as it is.

    Iterating a file reads a whole line before anything can look at it; a
    file with no line breaks (``/dev/zero``) would be read into memory whole.
    """
    number = 0
    readline = stream.readline
    while True:
        line = readline(limit + 2)  # room for the line's own \r\n
        if not line:
            return
        number += 1
        if len(line) > limit and len(line.rstrip("\r\n")) > limit:
            raise OpenwatchError(
                f"{name}, line {number}: the line is longer than the limit of {limit:,} characters "
                "(is it a file of claims?); nothing was imported"
            )
        yield line


def read_bounded_text(path: str | Path, what: str, limit: int = MAX_FIELD_CHARS) -> str:
    """A whole UTF-8 file (``-``: standard input) as text, refused as soon as it passes ``limit`` characters.

    For ``add --quote-file``: ``/dev/zero`` or a runaway pipe is refused at
    once, with memory bounded by the limit. A leading BOM is dropped.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    parts: list[str] = []
    size = 0
    try:
        handle = sys.stdin.buffer if str(path) == "-" else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise OpenwatchError(f"cannot read {path}: {error.strerror}") from None
    try:
        while True:
            chunk = handle.read(1 << 20)
            text = decoder.decode(chunk, final=not chunk)
            size += len(text)
            if size > limit:
                raise InvalidValue(what, f"{path} is longer than the limit of {limit:,} characters for the {what}")
            parts.append(text)
            if not chunk:
                return "".join(parts)
    except UnicodeDecodeError:
        raise InvalidValue(what, f"{path} is not UTF-8 text: save it as UTF-8") from None
    except OSError as error:
        raise OpenwatchError(f"cannot read {path}: {error.strerror}") from None
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
