"""Reading claim records back from files."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.merge import Problem
from openwatch.core.records import record_to_claim
from openwatch.core.validate import MAX_FIELD_CHARS
from openwatch.exchange.json_rows import DECODER, json_rows, jsonl_rows
from openwatch.exchange.reading import (
    ReadRows,
    bounded_lines,
    read_bounded_text,
)

__all__ = ["iter_jsonl", "read_bounded_text", "record_to_claim"]


def iter_jsonl(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line."""
    for number, line in enumerate(bounded_lines(stream, "the file"), start=1):
        if line.strip():
            try:
                yield number, DECODER.decode(line)
            except json.JSONDecodeError as error:
                raise InvalidValue("line", f"line {number} is not valid JSON: {error.msg}") from None
            except RecursionError:
                raise InvalidValue("line", f"line {number} nests too deeply to be a claim") from None


# --- Reading whole files for import ------------------------------------------


def open_text(path: str) -> IO[str]:
    """A file (or ``-``, standard input) as strict UTF-8 text, a leading BOM skipped."""
    if path == "-":
        binary: IO[bytes] = sys.stdin.buffer
        if not hasattr(binary, "peek"):
            # Buffered, so the format can be told from a peek at the first bytes.
            binary = io.BufferedReader(binary)  # type: ignore[type-var]
    else:
        try:
            binary = open(path, "rb")  # noqa: SIM115 - the caller closes the wrapper
        except OSError as error:
            raise OpenwatchError(f"cannot read {path}: {error.strerror}") from None
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")


def sniff_format(stream: IO[str]) -> str:
    """``json``, ``jsonl`` or ``csv`` from the first character (for stdin or an odd extension)."""
    peek = getattr(getattr(stream, "buffer", None), "peek", None)
    head = peek(64).decode("utf-8", "ignore").lstrip("\ufeff \t\r\n") if peek else ""
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    return "csv"


def read_records(stream: IO[str], fmt: str, name: str, *, raw: bool = False) -> ReadRows:
    """Every row of a CSV, JSON or JSONL file as (location, record or problem).

    A file that cannot be read as a whole (not UTF-8, cut short, a CSV
    without a required column, JSON that is not a list) raises
    ``OpenwatchError`` naming the file; a bad row is yielded as a ``Problem``
    so that every bad row can be reported.
    """
    readers = {"csv": _csv_rows, "json": json_rows, "jsonl": jsonl_rows}
    rows = readers[fmt](stream, name, raw)
    try:
        yield from rows
    except UnicodeDecodeError as error:
        raise OpenwatchError(
            f"{name} is not UTF-8 text (byte 0x{error.object[error.start]:02x} cannot be read): "
            "save it as UTF-8 and import it again"
        ) from None


def _csv_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    # The csv module refuses fields over 128 KiB by default; a long quote is data.
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(bounded_lines(stream, name), strict=True)
    try:
        columns = _csv_columns(next(reader, None), name)
        yield from _csv_records(reader, columns, name, raw)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise OpenwatchError(
                f"{name}, line {reader.line_num}: a cell is longer than the limit of {MAX_FIELD_CHARS:,} characters"
            ) from None
        raise OpenwatchError(
            f"{name}, line {reader.line_num}: cannot read the CSV ({error}); is the file cut short?"
        ) from None


def _csv_columns(header: list[str] | None, name: str) -> list[str]:
    """The claim field of each column, or the one error that says what is wrong with the header."""
    from openwatch.core.records import ALL_FIELDS
    from openwatch.core.validate import REQUIRED

    if header is None:
        raise OpenwatchError(f"{name} is empty: a CSV needs a header row ({', '.join(REQUIRED)}, ...)")
    columns = [cell.strip().casefold() for cell in header]
    unknown = [header[i] for i, col in enumerate(columns) if col not in ALL_FIELDS]
    if unknown:
        shown = ", ".join(repr(u[:40] + ("…" if len(u) > 40 else "")) for u in unknown[:5])
        more = f" and {len(unknown) - 5:,} more ({len(unknown):,} in all)" if len(unknown) > 5 else ""
        raise OpenwatchError(f"{name}: unknown column(s) {shown}{more}; known columns: {', '.join(ALL_FIELDS)}")
    twice = sorted({col for col in columns if columns.count(col) > 1})
    if twice:
        raise OpenwatchError(f"{name}: column(s) {', '.join(twice)} appear more than once")
    missing = [col for col in REQUIRED if col not in columns]
    if missing:
        raise OpenwatchError(f"{name}: missing required column(s) {', '.join(missing)}")
    return columns


def _csv_records(reader: Any, columns: list[str], name: str, raw: bool) -> ReadRows:
    """Each row as a record of its cells (or what is wrong with it), with the line it starts on."""
    width = len(columns)
    line = reader.line_num + 1
    for cells in reader:
        where = f"{name}, line {line}"
        line = reader.line_num + 1
        if not cells:
            continue
        if len(cells) != width:
            yield where, Problem(where, None, f"has {len(cells)} cells, the header has {width}")
        elif raw:
            yield where, {col: cell or None for col, cell in zip(columns, cells, strict=True)}
        else:
            # restore() inlined: this runs for every cell of a million-row file.
            yield (
                where,
                {
                    col: (cell[1:] if cell[0] == "'" else cell) if cell else None
                    for col, cell in zip(columns, cells, strict=True)
                },
            )
