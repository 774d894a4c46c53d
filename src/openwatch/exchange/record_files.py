"""Reading another index's records file by file: every bad file said, none stopping the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from openwatch.core.errors import InvalidValue

T = TypeVar("T")


def each_record(files: Iterable[Path], parse: Callable[[str, str], T]) -> Iterator[tuple[str, T | InvalidValue]]:
    """(location, ``parse(text, location)``) for each file; a file that cannot be read or parsed gives its error.

    Errors are yielded, not raised, so an import can report every bad file and
    follow its all-or-nothing or ``--skip-invalid`` rule.
    """
    for file in files:
        location = str(file)
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            yield location, InvalidValue("record", f"{location}: not UTF-8 text")
            continue
        except OSError as error:
            yield location, InvalidValue("record", f"{location}: cannot be read: {error.strerror}")
            continue
        try:
            yield location, parse(text, location)
        except InvalidValue as error:
            yield location, error
