"""The ``SiteSource`` the publishers read through, served by ``openwatch.api.Tracker``.

A company's timeline is read once per date and kept while its status and
gaps are asked for, so a site reads each company's claims three times at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

from openwatch.core.history import Gap, StatusRow, TimelineEntry

if TYPE_CHECKING:
    from openwatch.api import Tracker


class TrackerSource:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def companies(self) -> Sequence[str]:
        return [summary.name for summary in self.tracker.companies()]

    def timeline(self, company: str, as_of: date) -> Sequence[TimelineEntry]:
        return self.tracker.timeline(company, until=as_of).entries

    def status(self, company: str, as_of: date) -> Sequence[StatusRow]:
        return list(self.tracker.status([company], as_of=as_of))

    def gaps(self, company: str, as_of: date) -> Sequence[Gap]:
        return self.tracker.said_versus_shipped(company, as_of=as_of)

    def downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        return self.tracker.write_downloads(csv_out, jsonl_out)
