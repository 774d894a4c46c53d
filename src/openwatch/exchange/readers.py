"""Reading claim records back from files."""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.merge import Problem
from openwatch.core.records import record_to_claim
from openwatch.core.validate import MAX_FIELD_CHARS

__all__ = ["iter_jsonl", "read_bounded_text", "record_to_claim"]

MAX_RECORD_CHARS = MAX_FIELD_CHARS + 1_000_000
"""The longest line, or JSON record, read: one field at its limit and room for the rest.

Reading stops as soon as a line passes it, so ``import /dev/zero`` is
refused at once instead of filling the memory."""


def iter_jsonl(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line."""
    for number, line in enumerate(bounded_lines(stream, "the file"), start=1):
        if line.strip():
            try:
                yield number, _DECODER.decode(line)
            except json.JSONDecodeError as error:
                raise InvalidValue("line", f"line {number} is not valid JSON: {error.msg}") from None
            except RecursionError:
                raise InvalidValue("line", f"line {number} nests too deeply to be a claim") from None


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


# --- JSON that is refused rather than guessed at --------------------------------


class _Unreadable:
    """A JSON value that stands for no value a claim could hold (NaN, 1e400, a 5,000-digit number)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason
        _made[0] += 1


_made = [0]
"""How many ``_Unreadable`` values were made: a record decoded without making one need not be searched for them."""


class _Duplicated(dict[str, Any]):
    """A JSON object that gave one key twice: which value was meant cannot be known."""

    duplicates: list[str]


_MAX_DIGITS = 100


def _constant(name: str) -> _Unreadable:
    return _Unreadable(f"holds {name}, which is not a number JSON allows")


def _float(text: str) -> float | _Unreadable:
    value = float(text)
    if math.isfinite(value):
        return value
    return _Unreadable(f"holds the number {text[:20]}{'…' if len(text) > 20 else ''}, too large to be a number")


def _int(text: str) -> int | _Unreadable:
    if len(text) > _MAX_DIGITS:
        return _Unreadable(f"holds a number of {len(text):,} digits")
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) == len(pairs):
        return value
    seen: set[str] = set()
    twice = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    marked = _Duplicated(value)
    marked.duplicates = sorted(set(twice))
    return marked


_DECODER = json.JSONDecoder(
    parse_constant=_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_object
)


def _record_or_problem(where: str, item: Any, made_before: int = -1) -> RecordOrProblem:
    """``item`` if it is a claim record; else what is wrong with it. ``made_before``: ``_made[0]``
    before it was decoded (a plain object that made no ``_Unreadable`` is returned at once)."""
    if item.__class__ is dict and made_before == _made[0]:
        return item  # the common case, for every record of a large import
    if isinstance(item, _Unreadable):
        return Problem(where, None, item.reason)
    if not isinstance(item, dict):
        return Problem(where, None, f"is a JSON {type(item).__name__}, not an object")
    if isinstance(item, _Duplicated):
        names = ", ".join(item.duplicates)
        return Problem(where, item.duplicates[0], f"gives {names} more than once: say it once")
    for key, value in item.items():
        if isinstance(value, _Unreadable):
            return Problem(where, key, value.reason)
    return item




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
    reader = csv.reader(bounded_lines(stream, name), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise OpenwatchError(f"{name} is empty: a CSV needs a header row ({', '.join(REQUIRED)}, ...)")
        columns = [cell.strip().casefold() for cell in header]
        unknown = [header[i] for i, col in enumerate(columns) if col not in ALL_FIELDS]
        if unknown:
            shown = ", ".join(repr(u[:40] + ("…" if len(u) > 40 else "")) for u in unknown[:5])
            more = f" and {len(unknown) - 5:,} more ({len(unknown):,} in all)" if len(unknown) > 5 else ""
            raise OpenwatchError(
                f"{name}: unknown column(s) {shown}{more}; known columns: {', '.join(ALL_FIELDS)}"
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
    for number, (item, made_before) in enumerate(_JsonList(stream, name), start=1):
        where = f"{name}, record {number}"
        yield where, _record_or_problem(where, item, made_before)


def _jsonl_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    decode = _DECODER.decode
    for number, line in enumerate(bounded_lines(stream, name), start=1):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        made_before = _made[0]
        try:
            item = decode(line)
        except json.JSONDecodeError as error:
            cut = " (cut short?)" if not line.endswith("\n") else ""
            yield where, Problem(where, None, f"is not valid JSON: {error.msg}{cut}")
            continue
        except RecursionError:
            yield where, Problem(where, None, "nests too deeply to be a claim")
            continue
        yield where, _record_or_problem(where, item, made_before)


class _JsonList:
    """The items of a JSON list, read one at a time: memory holds one record, not the file.

    A record longer than ``MAX_RECORD_CHARS`` is refused as soon as it is,
    as is one nested too deeply to read, each naming the record.
    """

    _CHUNK = 1 << 16

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream = stream
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.lines_before = 0  # line breaks in text already dropped from the buffer
        self.eof = False

    def _read_more(self, at_least: int = 0) -> None:
        if self.pos:
            self.lines_before += self.buffer.count("\n", 0, self.pos)
            self.buffer = self.buffer[self.pos :]
            self.pos = 0
        chunk = self.stream.read(max(self._CHUNK, at_least))
        if chunk:
            self.buffer += chunk
        else:
            self.eof = True

    def _next_char(self) -> str:
        """The next character that is not white space, without consuming it; "" at the end."""
        while True:
            buffer = self.buffer
            pos = self.pos
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            self.pos = pos
            if pos < len(buffer):
                return buffer[pos]
            if self.eof:
                return ""
            self._read_more()

    def _fail(self, message: str, pos: int | None = None) -> OpenwatchError:
        at = self.pos if pos is None else pos
        line = self.lines_before + self.buffer.count("\n", 0, at) + 1
        column = at - self.buffer.rfind("\n", 0, at)
        cut = " (the file ends too early: is it cut short?)" if self.eof and at >= len(self.buffer.rstrip()) else ""
        return OpenwatchError(f"{self.name} is not valid JSON: {message} at line {line}, column {column}{cut}")

    def _value(self, number: int) -> Any:
        while True:
            try:
                item, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof:
                    raise self._fail(error.msg, error.pos) from None
                item, end = None, -1
            except RecursionError:
                raise OpenwatchError(
                    f"{self.name}, record {number} nests too deeply to be a claim; nothing was imported"
                ) from None
            # A value that ends where the text read so far ends may go on (a
            # number cut in two): read more and decode it again.
            if end != -1 and (end < len(self.buffer) or self.eof):
                self.pos = end
                return item
            held = len(self.buffer) - self.pos
            if held > MAX_RECORD_CHARS:
                raise OpenwatchError(
                    f"{self.name}, record {number} is longer than the limit of {MAX_RECORD_CHARS:,} "
                    "characters; nothing was imported"
                )
            self._read_more(at_least=held)  # doubling: a long record is decoded a few times, not once a chunk

    def __iter__(self) -> Iterator[tuple[Any, int]]:
        """Each item, with ``_made[0]`` as it was before the item was decoded."""
        first = self._next_char()
        if first != "[":
            if first == "":
                raise self._fail("Expecting value")
            whole = self._value(0)
            kind = "object" if isinstance(whole, dict) else type(whole).__name__
            raise OpenwatchError(
                f"{self.name} holds a JSON {kind}, not a list of claim objects "
                "(for one object per line, use --format jsonl)"
            )
        self.pos += 1
        if self._next_char() == "]":
            self.pos += 1
        else:
            number = 0
            while True:
                number += 1
                made_before = _made[0]
                yield self._value(number), made_before
                after = self._next_char()
                if after == "]":
                    self.pos += 1
                    break
                if after != ",":
                    raise self._fail("Expecting ',' delimiter" if after else "Expecting ',' delimiter or ']'")
                self.pos += 1
                if self._next_char() in ("]", ""):
                    raise self._fail("Expecting value")
        if self._next_char() != "":
            raise self._fail("Extra data")
