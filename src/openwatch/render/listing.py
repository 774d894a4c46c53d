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
    """The column that gives way first when space runs out (quotes, notes)."""
    squeeze: int | None = None
    """If set, the column may be cut down to this width after the shortened one."""
    optional: bool = False
    """Left out of a terminal table that is too narrow even after squeezing."""


@dataclass(slots=True)
class Listing:
    columns: list[Column]
    rows: Sequence[Mapping[str, object]] = field(default_factory=list)
    title: str | None = None
    empty_message: str | None = None
    """Said on stderr when there are no rows (a table only; JSON says [])."""


PLANNED_MARK = "→"
"""Marks a planned stance in a narrow table; a caption explains it."""
SHORTEST = 8


COMFORTABLE = 20


def fit_widths(columns: Sequence[Column], natural: list[int], width: int, gap: int = 1) -> list[int | None]:
    """Column widths that fit ``width``; None for an optional column left out.

    The shortened column (the quote) gives way first, down to a comfortable
    width; then the squeezable columns, widest first, down to their minimum;
    then the quote down to a few characters; then optional columns are left
    out, last first, and the room they free goes back to the quote. Other
    columns keep their natural width, so the columns that matter always show.
    """
    widths: list[int | None] = list(natural)

    def excess() -> int:
        shown = [w for w in widths if w is not None]
        return sum(shown) + gap * (len(shown) - 1) - width

    shortened = [i for i, c in enumerate(columns) if c.shorten]
    squeezable = [i for i, c in enumerate(columns) if c.squeeze is not None and not c.shorten]

    def shrink(index: int, floor: int) -> None:
        current = widths[index]
        if current is not None and excess() > 0:
            widths[index] = current - min(excess(), max(0, current - floor))

    for index in shortened:
        shrink(index, COMFORTABLE)
    while excess() > 0:
        candidates = [i for i in squeezable if (widths[i] or 0) > (columns[i].squeeze or SHORTEST)]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i] or 0)
        widths[widest] = (widths[widest] or 0) - 1
    for index in shortened:
        shrink(index, SHORTEST)
    for index in reversed(range(len(columns))):
        if excess() <= 0:
            break
        if columns[index].optional:
            widths[index] = None
    for index in shortened + squeezable:
        current = widths[index]
        if excess() < 0 and current is not None and current < natural[index]:
            widths[index] = current + min(natural[index] - current, -excess())
    return widths


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)
