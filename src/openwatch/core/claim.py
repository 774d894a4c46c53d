"""The claim, the stance scale and the kinds of evidence."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from openwatch.core.dates import PartialDate
from openwatch.core.errors import InvalidValue
from openwatch.core.matching import name_key as name_key  # re-exported: where the store looks for it


class Stance(enum.Enum):
    """An openness level, ordered from closed to open, plus two unordered ones."""

    CLOSED = "closed"
    LIMITED = "limited"
    HOSTED = "hosted"
    API = "api"
    WEIGHTS_NONCOMMERCIAL = "weights-noncommercial"
    WEIGHTS_RESTRICTED = "weights-restricted"
    OPEN_WEIGHTS = "open-weights"
    OPEN_SOURCE = "open-source"
    MIXED = "mixed"
    UNKNOWN = "unknown"

    @property
    def level(self) -> int | None:
        """Position on the ordered scale (0 closed .. 7 open-source); None if unordered."""
        return _LEVELS.get(self)

    def __str__(self) -> str:
        return self.value


_LEVELS = {stance: level for level, stance in enumerate(list(Stance)[:8])}
ORDERED_STANCES: tuple[Stance, ...] = tuple(list(Stance)[:8])


class Kind(enum.Enum):
    """How we know: ordered from weakest to strongest evidence."""

    REPORTED = "reported"
    STATED = "stated"
    ASSESSED = "assessed"
    OBSERVED = "observed"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]

    def __str__(self) -> str:
        return self.value


_STRENGTH = {kind: rank for rank, kind in enumerate(Kind)}
EVIDENCE_KINDS = frozenset({Kind.OBSERVED, Kind.ASSESSED})


class Direction(enum.Enum):
    """Which way a series moved."""

    NEW = "new"
    OPENED = "opened"
    CLOSED = "closed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DELIVERED = "delivered"

    def __str__(self) -> str:
        return self.value


def direction_between(before: Stance | None, after: Stance) -> Direction:
    """The direction of a move from ``before`` (None: no claim yet) to ``after``."""
    if before is None:
        return Direction.NEW
    if before is after:
        return Direction.UNCHANGED
    low, high = before.level, after.level
    if low is None or high is None:
        return Direction.CHANGED
    return Direction.OPENED if high > low else Direction.CLOSED


@dataclass(frozen=True, slots=True)
class Claim:
    """One dated, attributed statement about how open a vendor or model is.

    ``company`` and ``model`` hold canonical names; ``model`` None means a
    company-wide claim. Timestamps are timezone-aware UTC datetimes.
    """

    id: str
    date: PartialDate
    company: str
    model: str | None
    stance: Stance
    kind: Kind
    planned: bool
    source: str
    url: str | None
    quote: str | None
    license: str | None
    note: str | None
    recorded_at: datetime
    updated_at: datetime
    retracted_at: datetime | None = None
    retraction_reason: str | None = None
    due: PartialDate | None = None
    """For a planned claim, the date the vendor named for it ("in about 6 months": 2026-02), if any."""
    recorded_by: str | None = None
    """Who entered the claim (``add --by``, ``$OPENWATCH_USER``, git's user.name, the login name)."""

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def series(self) -> tuple[str, str]:
        """The case-insensitive key of the (company, model) series."""
        return (name_key(self.company), name_key(self.model or ""))


def near_matches(word: str, choices: list[str], limit: int = 3) -> list[str]:
    """The ``choices`` closest to a mistyped ``word``, best first (maybe none).

    Near ties are all returned: ``opne`` is as close to ``open-source`` as to
    ``open-weights``, and guessing one would mislead.
    """
    # difflib is imported here: only a mistake needs it, and every command imports this module.
    import difflib

    lowered = word.casefold()
    if not lowered:
        return []
    scored = sorted(
        ((difflib.SequenceMatcher(None, lowered, c.casefold()).ratio(), c) for c in choices),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < 0.45:
        return []
    best = scored[0][0]
    return [c for score, c in scored if score >= max(0.45, best - 0.05)][:limit]


def did_you_mean(word: str, choices: list[str]) -> str:
    """A " Did you mean 'a' or 'b'?" hint, or an empty string."""
    hints = near_matches(word, choices)
    if not hints:
        return ""
    return " Did you mean " + " or ".join(f"'{h}'" for h in hints) + "?"


_STANCE_BY_VALUE = {s.value: s for s in Stance}
_KIND_BY_VALUE = {k.value: k for k in Kind}


def parse_stance(text: str) -> Stance:
    """Read a stance name, or explain the valid ones and suggest the nearest."""
    exact = _STANCE_BY_VALUE.get(text)
    if exact is not None:
        return exact
    cleaned = text.strip().casefold().replace("_", "-").replace(" ", "-")
    try:
        return Stance(cleaned)
    except ValueError:
        pass
    names = [s.value for s in Stance]
    raise InvalidValue(
        "stance",
        f"unknown stance '{text}'.{did_you_mean(cleaned, names)} Valid stances, closed to open: " + ", ".join(names),
    )


def parse_kind(text: str) -> Kind:
    """Read a kind of evidence name."""
    exact = _KIND_BY_VALUE.get(text)
    if exact is not None:
        return exact
    cleaned = text.strip().casefold()
    try:
        return Kind(cleaned)
    except ValueError:
        pass
    names = [k.value for k in Kind]
    raise InvalidValue("kind", f"unknown kind '{text}'.{did_you_mean(cleaned, names)} Valid kinds: " + ", ".join(names))
