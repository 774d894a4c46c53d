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

__all__ = ["iter_jsonl", "record_to_claim"]


def iter_jsonl(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise InvalidValue("line", f"line {number} is not valid JSON: {error.msg}") from None




# --- Reading whole files for import ------------------------------------------

RecordOrProblem = dict[str, Any] | Problem
"""What a reader yields for each row: the record, or what is wrong with it."""

ReadRows = Iterator[tuple[str, RecordOrProblem]]


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
    readers = {"csv": _csv_rows, "json": _json_rows, "jsonl": _jsonl_rows}
    rows = readers[fmt](stream, name, raw)
    try:
        yield from rows
    except UnicodeDecodeError as error:
        raise OpenwatchError(
            f"{name} is not UTF-8 text (byte 0x{error.object[error.start]:02x} cannot be read): "
            "save it as UTF-8 and import it again"
        ) from None


def _csv_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    from openwatch.core.records import ALL_FIELDS
    from openwatch.core.validate import MAX_FIELD_CHARS, REQUIRED

    # The csv module refuses fields over 128 KiB by default; a long quote is data.
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise OpenwatchError(f"{name} is empty: a CSV needs a header row ({', '.join(REQUIRED)}, ...)")
        columns = [cell.strip().casefold() for cell in header]
        unknown = [header[i] for i, col in enumerate(columns) if col not in ALL_FIELDS]
        if unknown:
            raise OpenwatchError(
                f"{name}: unknown column(s) {', '.join(repr(u) for u in unknown)}; "
                f"known columns: {', '.join(ALL_FIELDS)}"
            )
        twice = sorted({col for col in columns if columns.count(col) > 1})
        if twice:
            raise OpenwatchError(f"{name}: column(s) {', '.join(twice)} appear more than once")
        missing = [col for col in REQUIRED if col not in columns]
        if missing:
            raise OpenwatchError(f"{name}: missing required column(s) {', '.join(missing)}")
        width = len(columns)
        line = reader.line_num + 1
        for cells in reader:
            where = f"{name}, line {line}"
            line = reader.line_num + 1
            if not cells:
                continue
            if len(cells) != width:
                yield where, Problem(where, None, f"has {len(cells)} cells, the header has {width}")
                continue
            if raw:
                yield where, {col: cell or None for col, cell in zip(columns, cells, strict=True)}
            else:
                # restore() inlined: this runs for every cell of a million-row file.
                yield where, {
                    col: (cell[1:] if cell[0] == "'" else cell) if cell else None
                    for col, cell in zip(columns, cells, strict=True)
                }
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise OpenwatchError(
                f"{name}, line {reader.line_num}: a cell is longer than the limit of "
                f"{MAX_FIELD_CHARS:,} characters"
            ) from None
        raise OpenwatchError(
            f"{name}, line {reader.line_num}: cannot read the CSV ({error}); is the file cut short?"
        ) from None


def _json_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        cut = " (the file ends too early: is it cut short?)" if error.pos >= len(error.doc.rstrip()) else ""
        raise OpenwatchError(
            f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}{cut}"
        ) from None
    if not isinstance(data, list):
        raise OpenwatchError(
            f"{name} holds a JSON {type(data).__name__}, not a list of claim objects "
            "(for one object per line, use --format jsonl)"
        )
    for number, item in enumerate(data, start=1):
        where = f"{name}, record {number}"
        if isinstance(item, dict):
            yield where, item
        else:
            yield where, Problem(where, None, f"is a JSON {type(item).__name__}, not an object")


def _jsonl_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            cut = " (cut short?)" if not line.endswith("\n") else ""
            yield where, Problem(where, None, f"is not valid JSON: {error.msg}{cut}")
            continue
        if isinstance(item, dict):
            yield where, item
        else:
            yield where, Problem(where, None, f"is a JSON {type(item).__name__}, not an object")
