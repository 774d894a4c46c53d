"""A company report to share (``openwatch report COMPANY -o FILE``): Markdown, HTML or SVG.

Everything in it is read as of one date: status, said versus shipped, the
chart and the timeline all leave out claims dated after it.
"""

from __future__ import annotations

from datetime import date

from openwatch.publish.source import SiteSource
from openwatch.render.view import CompanyView

REPORT_SUFFIXES = (".md", ".html", ".svg")


def company_view(source: SiteSource, company: str, as_of: date) -> CompanyView:
    from openwatch.core.attribution import attributions_for
    from openwatch.core.lanes import lanes

    entries = source.timeline(company, as_of)
    return CompanyView(
        company=company,
        as_of=as_of,
        lanes=lanes(entries, as_of),
        status=source.status(company, as_of),
        gaps=source.gaps(company, as_of),
        timeline=entries,
        attributions=attributions_for({entry.claim.source for entry in entries}),
    )


def company_report_text(source: SiteSource, company: str, as_of: date, suffix: str) -> str:
    """The report as the text of a ``.md``, ``.html`` or ``.svg`` file."""
    from openwatch.render.report import company_report

    return company_report(company_view(source, company, as_of), suffix)
