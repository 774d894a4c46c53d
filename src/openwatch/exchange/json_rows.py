"""Reading JSON and JSONL claim records: one record in memory at a time, nothing guessed.

NaN, Infinity, numbers too large to be numbers, a key given twice and
nesting too deep to be a claim are refused, each naming its record.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import IO, Any

from openwatch.core.errors import OpenwatchError
from openwatch.core.merge import Problem
from openwatch.exchange.reading import MAX_RECORD_CHARS, ReadRows, RecordOrProblem, bounded_lines


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


DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_float, parse_int=_int, object_pairs_hook=_object)


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


def json_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    for number, (item, made_before) in enumerate(_JsonList(stream, name), start=1):
        where = f"{name}, record {number}"
        yield where, _record_or_problem(where, item, made_before)


def jsonl_rows(stream: IO[str], name: str, raw: bool) -> ReadRows:
    decode = DECODER.decode
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
                item, end = DECODER.raw_decode(self.buffer, self.pos)
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
