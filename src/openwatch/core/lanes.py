"""A company's history as lanes: one per series, stretches of a stance in time.

What every chart draws (the SVG, the terminal), worked out once: each series
is a lane, company-wide first, then models by name; a lane is a run of
stretches, each the stance held from one claim until the next claim that
changes the stance or whether it is planned (so a promise that shipped shows
as a planned stretch followed by a delivered one); every claim is a mark on
its lane, flagged where claims of that date disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openwatch.core.claim import Claim, Stance
from openwatch.core.history import TimelineEntry


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stance held from ``start`` until ``end`` (the next change, or the chart's end)."""

    start: date
    end: date
    stance: Stance
    planned: bool


@dataclass(frozen=True, slots=True)
class Mark:
    """One claim on its lane."""

    claim: Claim
    conflict: bool
    move: str | None
    """The move the claim made (``new``, ``opened``...), or None."""

    @property
    def day(self) -> date:
        return self.claim.date.start


@dataclass(frozen=True, slots=True)
class Lane:
    company: str
    model: str | None
    stretches: tuple[Stretch, ...]
    marks: tuple[Mark, ...]

    @property
    def title(self) -> str:
        return self.model if self.model is not None else "(company-wide)"


def lane_order(company: str, model: str | None) -> tuple[bool, str, str]:
    """Company-wide first, then models by name, case aside."""
    return (model is not None, (model or "").casefold(), model or "")


def lanes(entries: Iterable[TimelineEntry], end: date) -> list[Lane]:
    """The lanes of a timeline, every stretch closed at ``end`` at the latest.

    Claims dated after ``end`` are left out: a chart as of a date knows
    nothing later.
    """
    grouped: dict[tuple[str, str], list[TimelineEntry]] = {}
    for entry in entries:
        if entry.claim.date.start > end:
            continue
        grouped.setdefault(entry.claim.series, []).append(entry)
    built = [_lane(series, end) for series in grouped.values()]
    built.sort(key=lambda lane: (lane_order(lane.company, lane.model), lane.company.casefold()))
    return built


def _lane(series: Sequence[TimelineEntry], end: date) -> Lane:
    stretches: list[Stretch] = []
    opened: tuple[date, Stance, bool] | None = None
    for entry in series:
        claim = entry.claim
        state = (claim.stance, claim.planned)
        if opened is not None and (opened[1], opened[2]) == state:
            continue
        if opened is not None:
            stretches.append(Stretch(opened[0], claim.date.start, opened[1], opened[2]))
        opened = (claim.date.start, claim.stance, claim.planned)
    if opened is not None:
        stretches.append(Stretch(opened[0], max(end, opened[0]), opened[1], opened[2]))
    # Several changes on one day leave empty stretches: the last claim of the day holds.
    kept = tuple(s for s in stretches if s.end > s.start or s is stretches[-1])
    marks = tuple(Mark(e.claim, e.conflict, e.move.direction.value if e.move is not None else None) for e in series)
    first = series[0].claim
    return Lane(first.company, first.model, kept, marks)


def span(all_lanes: Sequence[Lane], end: date) -> tuple[date, date]:
    """The dates a chart of these lanes covers: the first claim to ``end``."""
    starts = [lane.stretches[0].start for lane in all_lanes if lane.stretches]
    first = min(starts, default=end)
    return (min(first, end), end)
