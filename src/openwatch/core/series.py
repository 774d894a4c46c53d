"""Claims in series and in order: what history reads, and how it reads it (DESIGN.md, "Semantics").

A series is one (company, model) pair; claims sort by date, then by kind
from weakest to strongest evidence, then when they were recorded, then id.
Re-exported by ``core.history``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openwatch.core.claim import Claim, Kind


@dataclass(frozen=True, slots=True)
class Filters:
    """What history sees beyond "never retracted": only these kinds, and planned claims or not."""

    kinds: Sequence[Kind] | None = None
    include_planned: bool = True


def claim_order(claim: Claim) -> tuple[date, int, int, datetime, str]:
    """Date, then weakest to strongest kind, then recorded_at, then id."""
    start, precision = claim.date.sort_key
    return (start, precision, claim.kind.strength, claim.recorded_at, claim.id)


def series_then_order(claim: Claim) -> tuple[tuple[str, str], tuple[date, int, int, datetime, str]]:
    return (claim.series, claim_order(claim))


def ordered(claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=claim_order)


def by_series(claims: Iterable[Claim], *, presorted: bool = False) -> Iterator[list[Claim]]:
    """Each series' claims, in claim order. ``presorted``: already in series order."""
    source = claims if presorted else sorted(claims, key=series_then_order)
    for _, group in itertools.groupby(source, key=lambda c: c.series):
        yield list(group)


def select(
    claims: Iterable[Claim],
    *,
    kinds: Iterable[Kind] | None = None,
    include_planned: bool = True,
) -> Iterator[Claim]:
    """The claims history should see: never retracted, then the user's filters."""
    wanted = frozenset(kinds) if kinds else None
    for claim in claims:
        if claim.retracted:
            continue
        if wanted is not None and claim.kind not in wanted:
            continue
        if not include_planned and claim.planned:
            continue
        yield claim
