"""JSON, JSONL and CSV writers that stream: one record in memory at a time.

JSON keeps unicode readable (``ensure_ascii=False``) but writes C1, DEL and
bidirectional controls as ``\\u`` escapes, so even JSON on a terminal carries
nothing a terminal would act on. CSV neutralises formula cells unless
``raw``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\ufe66", "\uff0b", "\ufe62", "\uff0d", "\ufe63", "\uff20")
"""What starts a formula: the ASCII signs, tab and CR (OWASP), and the fullwidth
and small forms of = + - @, which some spreadsheets read as the ASCII ones."""
_HIDING = " \u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\n\x0b\x0c"
_LEADING = re.compile(f"[{_HIDING}]+")
"""White space and invisible characters a formula can hide behind (a spreadsheet may trim them)."""
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _dumps(record: Any) -> str:
    text = json.dumps(record, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON list, one object per line; ``[]`` when empty. Returns the count."""
    count = 0
    for record in records:
        out.write("[\n  " if count == 0 else ",\n  ")
        out.write(_dumps(record))
        count += 1
    out.write("[]\n" if count == 0 else "\n]\n")
    return count


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(_dumps(record))
        out.write("\n")
        count += 1
    return count


def neutralise(cell: str) -> str:
    """Make a cell inert in a spreadsheet (OWASP CSV injection), reversibly.

    A cell that could start a formula, or already starts with an apostrophe,
    gets one more apostrophe in front; ``restore`` takes exactly one away.
    """
    if cell.startswith(FORMULA_STARTS) or cell.startswith("'"):
        return "'" + cell
    hidden = _LEADING.match(cell)
    if hidden and cell[hidden.end() :].startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def csv_cell(value: Any, *, raw: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = " ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return text if raw else neutralise(text)


BOM = "\ufeff"
"""Written first in a spreadsheet CSV: without it Excel reads UTF-8 as a legacy code page."""


def write_csv(
    fields: Sequence[str],
    records: Iterable[dict[str, Any]],
    out: TextIO,
    *,
    raw: bool = False,
    bom: bool = False,
) -> int:
    """A header row, then one row per record; empty cells for absent values."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    count = 0
    for record in records:
        writer.writerow([csv_cell(record.get(name), raw=raw) for name in fields])
        count += 1
    return count
