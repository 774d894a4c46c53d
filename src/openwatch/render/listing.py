"""What a listing command hands to rendering: columns and rows of plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["text", "stance", "move", "id", "date", "dim", "flag"]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    style: Style = "text"
    shorten: bool = False
    """The column that gives way (is cut short) when space runs out; quotes, notes."""


@dataclass(slots=True)
class Listing:
    columns: list[Column]
    rows: Sequence[Mapping[str, object]] = field(default_factory=list)
    title: str | None = None
    empty_message: str | None = None
    """Said on stderr when there are no rows (a table only; JSON says [])."""


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)
