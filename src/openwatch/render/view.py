"""What a company page or report shows, and how a claim is addressed in one.

The leaf that the HTML pages (render/html.py), the Markdown report
(render/markdown.py) and the site's addresses (publish/) all read, so none
of them has to import another for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from openwatch.core.claim import Kind
from openwatch.core.history import Gap, StatusRow, TimelineEntry
from openwatch.core.lanes import Lane


@dataclass(frozen=True, slots=True)
class CompanyView:
    """Everything a company page or report shows, as of one date."""

    company: str
    as_of: date
    lanes: Sequence[Lane]
    status: Sequence[StatusRow]
    gaps: Sequence[Gap]
    timeline: Sequence[TimelineEntry]
    attributions: Sequence[str] = ()
    promises: str | None = None
    """A rendered promises section, once that view exists; None leaves the section out."""

    @property
    def has_statements(self) -> bool:
        return any(entry.claim.kind is Kind.STATED for entry in self.timeline)


def claim_anchor(claim_id: str) -> str:
    """A claim id as it sits in a ``#claim-ID`` link (the page's ``id`` keeps it as is)."""
    return quote(claim_id, safe="")
