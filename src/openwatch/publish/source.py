"""What the site builder needs from a tracker, and nothing more.

``SiteSource`` is the narrow interface the publishers read through: the
tracked companies, and per company its timeline, status and said-versus-
shipped findings as of a date, plus the downloads as ``export`` writes them.
``openwatch.api.Tracker`` can serve it; so can a test's hand-made data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TextIO

from openwatch.core.history import Gap, StatusRow, TimelineEntry


class SiteSource(Protocol):
    def companies(self) -> Sequence[str]:
        """Canonical names of the tracked companies, in any order."""
        ...

    def timeline(self, company: str, as_of: date) -> Sequence[TimelineEntry]:
        """The company's claims dated on or before ``as_of``, in claim order, moves marked."""
        ...

    def status(self, company: str, as_of: date) -> Sequence[StatusRow]:
        """The stance of each of the company's series as of ``as_of``, company-wide first."""
        ...

    def gaps(self, company: str, as_of: date) -> Sequence[Gap]:
        """Said versus shipped: the company's flagged statements, from claims dated up to ``as_of``."""
        ...

    def downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        """Every claim as ``openwatch export -o claims.csv`` and ``-o claims.jsonl`` write them.

        Both in one read of the claims; returns the number of claims.
        """
        ...
