"""What a listing command hands to rendering: columns and rows of plain values.

Also how a table fits a terminal (``fit``), which both rich tables and
tests use: at any width every line fits, and ids, dates, stance names and
moves stay whole. When a row does not fit on one line:

1. long text gives way first, down to a comfortable width: the quote (and
   other shortened text), then the source; names (companies, models) are
   shortened from the middle ("Llam…emoth");
2. a "from" column (the stance before a move) is left out, if that alone
   lets the row fit on one line;
3. otherwise each row takes two lines: the first holds the columns that
   must stay whole, the second (indented) the long text, which may then
   use the whole width;
4. if even that does not fit (a very narrow terminal), long text is left
   out, quote then source then a "from" column, and the table says so.

``wide`` never cuts anything: lines are as long as their values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from openwatch.core.errors import InvalidValue

Style = Literal["text", "stance", "move", "id", "date", "dim", "flag"]
Role = Literal["whole", "name", "quote", "source", "from", "text"]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    style: Style = "text"
    shorten: bool = False
    """Long text that gives way first (quotes, notes)."""
    squeeze: int | None = None
    """If set, the column may be cut down to this width (names: from the middle)."""
    optional: bool = False
    """Kept for the callers of the first round; ``fit`` decides what is left out."""
    role: Role | None = None
    """How the column fits a narrow terminal; None: inferred (``role_of``)."""


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
INDENT = 2
SHORT = 12
"""The second line of a two-line row starts this far in."""

_WHOLE_STYLES = frozenset({"id", "date", "stance", "move", "flag"})
_NAME_KEYS = frozenset({"company", "model", "model_shown", "alias"})
# Floors, one line then two: what each role may be cut down to.
# Other text (a check's detail, a list of claim ids) is not cut to keep one line: it takes a line of its own.
_FLOOR_ONE_LINE: dict[Role, int] = {"quote": COMFORTABLE, "source": 12, "name": 10}
_FLOOR_TWO_LINES: dict[Role, int] = {"quote": SHORTEST, "text": SHORTEST, "source": SHORTEST, "name": SHORTEST}
# The order in which columns give way.
_GIVE_ORDER: tuple[Role, ...] = ("quote", "text", "source", "name")
_LEAVE_ORDER: tuple[Role, ...] = ("quote", "text", "source", "from")


def role_of(column: Column) -> Role:
    """A column's role: given, else read from its key and style."""
    if column.role is not None:
        return column.role
    if column.key.startswith("from"):
        return "from"
    if column.key == "source":
        return "source"
    if column.shorten:
        # A list of claim ids is not a quote: each id must stay whole.
        return "text" if column.style == "id" else "quote"
    if column.style in _WHOLE_STYLES:
        return "whole"
    if column.key in _NAME_KEYS or column.squeeze is not None:
        return "name"
    return "text"


def select_columns(listing: Listing, names: Sequence[str] | None) -> Listing:
    """The listing with only the columns ``names`` chooses, in that order (keys or headers, any case)."""
    if not names:
        return listing
    by_name: dict[str, Column] = {}
    for column in listing.columns:
        by_name.setdefault(column.key.casefold(), column)
        by_name.setdefault(column.header.casefold(), column)
        by_name.setdefault(column.key.removesuffix("_shown").casefold(), column)
    chosen: list[Column] = []
    for name in names:
        found = by_name.get(name.strip().casefold())
        if found is None:
            from openwatch.core.claim import did_you_mean

            valid = [c.key.removesuffix("_shown") for c in listing.columns]
            raise InvalidValue(
                "columns", f"no column '{name}'.{did_you_mean(name, valid)} Columns: " + ", ".join(valid)
            )
        if found not in chosen:
            chosen.append(found)
    return Listing(chosen, listing.rows, listing.title, listing.empty_message)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each column goes: one or two lines of (column index, width); what was left out."""

    lines: list[list[tuple[int, int]]]
    left_out: list[int]

    @property
    def two_lines(self) -> bool:
        return len(self.lines) > 1


def _span(widths: Sequence[int], gap: int) -> int:
    return sum(widths) + gap * max(0, len(widths) - 1)


def _shrink(
    indices: list[int],
    roles: Sequence[Role],
    natural: Sequence[int],
    room: int,
    floors: Mapping[Role, int],
    gap: int,
    minimum: Sequence[int | None] | None = None,
) -> dict[int, int] | None:
    """Widths for ``indices`` on one line of ``room`` columns, giving way in order; None if they cannot fit."""
    widths = {i: natural[i] for i in indices}
    minimum = minimum or [None] * len(natural)

    def excess() -> int:
        return _span(list(widths.values()), gap) - room

    for role in _GIVE_ORDER:
        # Within a role, the widest gives way first, a column at a time, so two names end up alike.
        members = [i for i in indices if roles[i] == role]
        floor: dict[int, int] = {}
        for i in members:
            least = minimum[i]
            floor[i] = min(natural[i], least if least is not None else floors.get(role, natural[i]))
        while excess() > 0:
            candidates = [i for i in members if widths[i] > floor[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            others = [widths[i] for i in candidates if i != widest]
            target = max([floor[widest], *others]) if others else floor[widest]
            widths[widest] -= max(1, min(excess(), widths[widest] - target))
    return widths if excess() <= 0 else None


def fit(columns: Sequence[Column], natural: Sequence[int], width: int, *, gap: int = 1, wide: bool = False) -> Layout:
    """How the columns fit ``width``: see the module's docstring."""
    every = list(range(len(columns)))
    if wide:
        return Layout([[(i, natural[i]) for i in every]], [])
    # Short text (a kind, a count, a check's result) is as good as whole: cutting it saves nothing.
    roles: list[Role] = [
        "whole" if role == "text" and natural[i] <= SHORT else role for i, role in enumerate(map(role_of, columns))
    ]
    one = _one_line(columns, roles, natural, width, gap)
    return one if one is not None else _two_lines(roles, natural, width, gap)


def _one_line(
    columns: Sequence[Column], roles: list[Role], natural: Sequence[int], width: int, gap: int
) -> Layout | None:
    """Every column on one line, each cut no shorter than its own ``squeeze``; else without the "from" column."""
    every = list(range(len(columns)))
    squeezed = [c.squeeze for c in columns]
    one = _shrink(every, roles, natural, width, _FLOOR_ONE_LINE, gap, squeezed)
    if one is not None:
        return Layout([[(i, one[i]) for i in every]], [])
    without_from = [i for i in every if roles[i] != "from"]
    if len(without_from) < len(every):
        one = _shrink(without_from, roles, natural, width, _FLOOR_ONE_LINE, gap, squeezed)
        if one is not None:
            return Layout([[(i, one[i]) for i in without_from]], [i for i in every if i not in one])
    return None


def _two_lines(roles: list[Role], natural: Sequence[int], width: int, gap: int) -> Layout:
    """Whole values and names on the first line, long text indented below; what cannot fit is left out."""
    every = list(range(len(roles)))
    first = [i for i in every if roles[i] in ("whole", "name", "from")]
    second = [i for i in every if i not in first]
    while len(first) > 1 and _shrink(first, roles, natural, width, _FLOOR_TWO_LINES, gap) is None:
        second.insert(0, first.pop())
    left_out: list[int] = []
    room = width - INDENT
    for role in (None, *_LEAVE_ORDER):
        if role is not None:
            for i in [i for i in second if roles[i] == role]:
                second.remove(i)
                left_out.append(i)
        if _shrink(second, roles, natural, room, _FLOOR_TWO_LINES, gap) is not None:
            break
    top = _shrink(first, roles, natural, width, _FLOOR_TWO_LINES, gap) or _cropped(first, natural, width, gap)
    bottom = _shrink(second, roles, natural, room, _FLOOR_TWO_LINES, gap) or _cropped(second, natural, room, gap)
    lines = [[(i, top[i]) for i in first]]
    if second:
        lines.append([(i, bottom[i]) for i in second])
    return Layout(lines, sorted(left_out))


def _cropped(indices: list[int], natural: Sequence[int], room: int, gap: int) -> dict[int, int]:
    """The last resort on a terminal too narrow for whole values: cut from the right."""
    widths: dict[int, int] = {}
    left = room
    for i in indices:
        size = max(0, min(natural[i], left))
        widths[i] = size
        left -= size + gap
    return widths


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)
