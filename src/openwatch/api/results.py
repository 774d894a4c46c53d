"""What some views return beyond core's rows: a company's timeline, a diff, what a report shows.

A module of its own, imported by a view when it returns one, and named tuples
(a tenth of a dataclass's cost to define): a reading command's start-up pays
little for them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from openwatch.core.history import DiffRow, Gap, StatusRow, TimelineEntry


class Timeline(NamedTuple):
    """A company's claims in order, each with the move it made in its series."""

    company: str
    entries: list[TimelineEntry]


class Diff(NamedTuple):
    """Each series of a company at ``start`` and at ``end``."""

    company: str
    start: date
    end: date
    rows: list[DiffRow]


class CompanyReport(NamedTuple):
    """What a report on one company shows: its timeline, its status as of a date, its gaps."""

    company: str
    as_of: date
    timeline: list[TimelineEntry]
    status: list[StatusRow]
    gaps: list[Gap]
