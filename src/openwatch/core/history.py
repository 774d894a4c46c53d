"""Stance history: ordering, series, as-of, moves, diff, conflicts and the gap.

These functions restate DESIGN.md's "Semantics" and nothing else. They take
claims that are already filtered (retracted claims, ``--kind``,
``--no-planned``) and never look at the clock.

Functions that work per series take iterables and group with
``itertools.groupby``, so the store can stream a whole database sorted by
series (``series_then_order``) and memory stays flat.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from openwatch.core.claim import (
    Claim,
    Direction,
    Kind,
    Stance,
    direction_between,
)
from openwatch.core.dates import PartialDate
from openwatch.core.series import Filters as Filters
from openwatch.core.series import by_series as by_series
from openwatch.core.series import claim_order as claim_order
from openwatch.core.series import ordered as ordered
from openwatch.core.series import select as select
from openwatch.core.series import series_then_order as series_then_order


def as_of(series: Sequence[Claim], day: date) -> Claim | None:
    """The claim a series' stance rests on at the end of ``day`` (claims in order)."""
    current = None
    for claim in series:
        if claim.date.start > day:
            break
        current = claim
    return current


def conflicting_dates(series: Sequence[Claim]) -> set[PartialDate]:
    """The dates on which claims of one series disagree about the stance."""
    stances: dict[PartialDate, set[Stance]] = {}
    for claim in series:
        stances.setdefault(claim.date, set()).add(claim.stance)
    return {day for day, found in stances.items() if len(found) > 1}


@dataclass(frozen=True, slots=True)
class Move:
    """A change of stance between consecutive claims of a series (or its first claim)."""

    claim: Claim
    before: Stance | None
    direction: Direction

    @property
    def after(self) -> Stance:
        return self.claim.stance


def step(before: Claim | Stance | None, after: Claim) -> Direction:
    """The direction of the move ``after`` makes from the claim (or stance) before it.

    Only a claim can say it was planned: a planned claim followed by a
    non-planned one of the same stance is ``delivered`` (the promise
    shipped), whereas the same stance after a bare stance is no move.
    """
    if isinstance(before, Claim):
        if before.planned and not after.planned and before.stance is after.stance:
            return Direction.DELIVERED
        return direction_between(before.stance, after.stance)
    return direction_between(before, after.stance)


def moves(series: Iterable[Claim], *, before: Claim | Stance | None = None) -> Iterator[Move]:
    """The moves of one series, oldest first.

    ``before``: the claim the series rested on before the first claim given
    (or just its stance), when only a window of the series is passed in.
    """
    previous = before
    for claim in series:
        direction = step(previous, claim)
        if direction is not Direction.UNCHANGED:
            yield Move(claim, _stance(previous), direction)
        previous = claim


def _stance(before: Claim | Stance | None) -> Stance | None:
    return before.stance if isinstance(before, Claim) else before


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A claim in a timeline, with the move it made in its series, if any."""

    claim: Claim
    move: Move | None
    conflict: bool


def timeline(claims: Iterable[Claim]) -> list[TimelineEntry]:
    """Claims in order, each marked with its series move and any conflict.

    Moves are computed on the whole series, so restrict the dates shown
    afterwards (``within``), not before: the first claim shown in a window
    may well be a move from a stance held before it.
    """
    entries: list[TimelineEntry] = []
    for series in by_series(claims):
        clashes = conflicting_dates(series)
        moved = {move.claim.id: move for move in moves(series)}
        entries.extend(TimelineEntry(c, moved.get(c.id), c.date in clashes) for c in series)
    entries.sort(key=lambda entry: claim_order(entry.claim))
    return entries


def within(claim: Claim, since: date | None, until: date | None) -> bool:
    """Whether a claim's date falls in an inclusive range (a partial date at its start)."""
    start = claim.date.start
    return (since is None or start >= since) and (until is None or start <= until)


@dataclass(frozen=True, slots=True)
class StatusRow:
    company: str
    model: str | None
    claim: Claim
    conflict: bool
    evidence: tuple[Claim, ...] = ()
    """With ``status(..., evidence=True)``: every claim the current stance rests on (``supporting``)."""

    @property
    def stance(self) -> Stance:
        return self.claim.stance


def supporting(series: Sequence[Claim], day: date) -> tuple[Claim, ...]:
    """The claims a series' stance as of ``day`` rests on: the run of claims of that stance since it
    last held another (the move that set it, and each claim that repeated it), oldest first."""
    run: list[Claim] = []
    for claim in series:
        if claim.date.start > day:
            break
        if run and claim.stance is not run[-1].stance:
            run = []
        run.append(claim)
    return tuple(run)


def status(
    claims: Iterable[Claim], day: date, *, presorted: bool = False, evidence: bool = False
) -> Iterator[StatusRow]:
    """The stance of every series as of ``day``; series with no claim by then are left out."""
    for series in by_series(claims, presorted=presorted):
        current = as_of(series, day)
        if current is None:
            continue
        clash = current.date in conflicting_dates([c for c in series if c.date == current.date])
        found = supporting(series, day) if evidence else ()
        yield StatusRow(current.company, current.model, current, clash, found)


@dataclass(frozen=True, slots=True)
class DiffRow:
    company: str
    model: str | None
    before: Claim | None
    after: Claim
    direction: Direction
    between: list[Claim]
    conflict: bool


def diff(claims: Iterable[Claim], start: date, end: date) -> list[DiffRow]:
    """Per series: the stance as of ``start`` and as of ``end``, and the claims between.

    The direction is ``delivered`` when the stance at ``start`` was planned
    and the same stance stands, no longer planned, at ``end``.
    """
    rows: list[DiffRow] = []
    for series in by_series(claims):
        after = as_of(series, end)
        if after is None:
            continue
        before = as_of(series, start)
        direction = step(before, after)
        between = [c for c in series if start < c.date.start <= end]
        clashes = conflicting_dates(series)
        conflict = any(c.date in clashes for c in between) or after.date in clashes
        rows.append(DiffRow(after.company, after.model, before, after, direction, between, conflict))
    return rows


def all_moves(claims: Iterable[Claim], *, presorted: bool = False) -> Iterator[Move]:
    """Every move of every series, series by series."""
    for series in by_series(claims, presorted=presorted):
        yield from moves(series)


def move_to(claim: Claim, previous: Claim | None) -> Move | None:
    """The move ``claim`` makes after ``previous`` (its series' claim just before it), if any."""
    direction = step(previous, claim)
    return None if direction is Direction.UNCHANGED else Move(claim, _stance(previous), direction)


def newest_first(found: Iterable[Move]) -> list[Move]:
    return sorted(found, key=lambda move: claim_order(move.claim), reverse=True)


@dataclass(frozen=True, slots=True)
class Conflict:
    company: str
    model: str | None
    date: PartialDate
    claims: list[Claim]


def conflicts(claims: Iterable[Claim], *, presorted: bool = False) -> list[Conflict]:
    """Claims of one series on one date with different stances, oldest first."""
    found: list[Conflict] = []
    for series in by_series(claims, presorted=presorted):
        for day in sorted(conflicting_dates(series), key=lambda d: d.sort_key):
            members = [c for c in series if c.date == day]
            found.append(Conflict(members[0].company, members[0].model, day, members))
    found.sort(key=lambda c: (c.date.sort_key, c.company.casefold(), (c.model or "").casefold()))
    return found


class Finding(enum.Enum):
    """What a listed statement is: words beyond what shipped, beyond a verdict, or unchecked."""

    MORE_OPEN_THAN_SHIPPED = "more open than shipped"
    MORE_OPEN_THAN_JUDGED = "more open than judged"
    NO_EVIDENCE = "no evidence"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Gap:
    """A statement held against what was shipped or judged, where it claims more openness;
    or a statement that nothing recorded can answer (``evidence`` None, ``no evidence``)."""

    stated: Claim
    evidence: Claim | None
    finding: Finding = Finding.MORE_OPEN_THAN_SHIPPED

    @property
    def company(self) -> str:
        return (self.evidence or self.stated).company

    @property
    def model(self) -> str | None:
        return (self.evidence or self.stated).model


def latest_by_source(series: Iterable[Claim]) -> list[Claim]:
    """Each source's latest claim of a series (claims in order), in claim order."""
    latest: dict[str, Claim] = {}
    for claim in series:
        latest[" ".join(claim.source.split()).casefold()] = claim
    return sorted(latest.values(), key=claim_order)


def gaps(claims: Iterable[Claim]) -> list[Gap]:
    """Every non-planned ``stated`` claim held against what was shipped and what was judged.

    A model statement is held against its own series; a company-wide one
    against the company's own series and each of its model series. Two
    questions, each answered with both dates:

    - shipped: the series' ``observed`` stance as of the statement's date;
    - judged: each assessor's latest ``assessed`` verdict on the series,
      whenever it was given (a verdict on a release judges the release, so a
      later one answers an earlier statement too).

    Listed where the words claim more openness (``more open than shipped`` /
    ``more open than judged``). A statement with nothing ordered to be held
    against is listed once as ``no evidence``; one that holds up is not
    listed. Planned claims are intent, never evidence; unordered stances are
    never compared.
    """
    series_list = list(by_series(claims))
    evidence = _evidence(series_list)
    found: list[Gap] = []
    for series in series_list:
        targets = evidence.targets(series[0].series)
        for claim in series:
            if claim.kind is Kind.STATED and not claim.planned and claim.stance.level is not None:
                found.extend(_statement_gaps(claim, targets, evidence))
    found.sort(key=_gap_order)
    return found


SeriesKey = tuple[str, str]
"""A series' case-insensitive (company, model) key; the model part is empty for a company-wide series."""


class _Evidence(NamedTuple):
    """What statements are held against, by series key."""

    shipped: dict[SeriesKey, list[Claim]]
    """The series' non-planned ``observed`` claims, in order."""
    judged: dict[SeriesKey, list[Claim]]
    """Each assessor's latest non-planned ``assessed`` verdict on the series, on the ordered scale."""
    model_series: dict[str, list[SeriesKey]]
    """Each company's model series."""

    def targets(self, key: SeriesKey) -> list[SeriesKey]:
        """The series a statement on ``key`` answers to: its own, and for a company-wide one each model's too."""
        return [key] if key[1] else [key, *self.model_series.get(key[0], [])]


def _evidence(series_list: Iterable[Sequence[Claim]]) -> _Evidence:
    """Gathered once for all series, since a company-wide statement answers to every model series."""
    evidence = _Evidence({}, {}, {})
    for series in series_list:
        key = series[0].series
        evidence.shipped[key] = [c for c in series if c.kind is Kind.OBSERVED and not c.planned]
        assessed = latest_by_source(c for c in series if c.kind is Kind.ASSESSED and not c.planned)
        evidence.judged[key] = [c for c in assessed if c.stance.level is not None]
        if key[1]:
            evidence.model_series.setdefault(key[0], []).append(key)
    return evidence


def _statement_gaps(claim: Claim, targets: Iterable[SeriesKey], evidence: _Evidence) -> list[Gap]:
    """One ordered statement held against each target's shipped stance (as of its date) and verdicts."""
    level = claim.stance.level or 0
    found: list[Gap] = []
    answered = False
    for target in targets:
        shipped = as_of(evidence.shipped[target], claim.date.start)
        if shipped is not None and shipped.stance.level is not None:
            answered = True
            if level > shipped.stance.level:
                found.append(Gap(claim, shipped, Finding.MORE_OPEN_THAN_SHIPPED))
        for verdict in evidence.judged[target]:
            answered = True
            if level > (verdict.stance.level or 0):
                found.append(Gap(claim, verdict, Finding.MORE_OPEN_THAN_JUDGED))
    if not answered:
        found.append(Gap(claim, None, Finding.NO_EVIDENCE))
    return found


def _gap_order(gap: Gap) -> tuple[object, ...]:
    """By statement, then where the evidence lies, then finding, then the evidence's own order."""
    return (
        claim_order(gap.stated),
        gap.company.casefold(),
        (gap.model or "").casefold(),
        gap.finding.value,
        claim_order(gap.evidence) if gap.evidence is not None else claim_order(gap.stated),
    )
