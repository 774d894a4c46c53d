"""The ``SiteSource`` the publishers read through, served by ``openwatch.api.Tracker``.

A company's claims are read once per date (``Tracker.company_as_of``) and
kept while its timeline, status and gaps are asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, TextIO

from openwatch.core.history import Gap, StatusRow, TimelineEntry

if TYPE_CHECKING:
    from openwatch.api import Tracker
    from openwatch.api.publish import CompanyAsOf


class TrackerSource:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self._last: tuple[str, date, CompanyAsOf] | None = None

    def _read(self, company: str, as_of: date) -> CompanyAsOf:
        if self._last is None or self._last[:2] != (company, as_of):
            self._last = (company, as_of, self.tracker.company_as_of(company, as_of=as_of))
        return self._last[2]

    def companies(self) -> Sequence[str]:
        return [summary.name for summary in self.tracker.companies()]

    def timeline(self, company: str, as_of: date) -> Sequence[TimelineEntry]:
        return self._read(company, as_of).timeline

    def status(self, company: str, as_of: date) -> Sequence[StatusRow]:
        return self._read(company, as_of).status

    def gaps(self, company: str, as_of: date) -> Sequence[Gap]:
        return self._read(company, as_of).gaps

    def downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        return self.tracker.write_downloads(csv_out, jsonl_out)
