"""A company report to share: status, said versus shipped, chart and timeline.

Markdown is written by hand (cells escaped so a quote cannot become markup
or break a table; the chart sits in a fence longer than any run of
backticks in it). HTML and SVG come from a recording rich console, which
escapes the text it exports.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from openwatch.core.history import Gap, StatusRow, TimelineEntry
from openwatch.render.chart import ASCII, UNICODE, ChartSeries, chart_lines, chart_series, plain_text, rich_text
from openwatch.render.listing import Column, Listing, cell_text
from openwatch.render.safe import visible

REPORT_FORMATS = (".md", ".html", ".svg")
REPORT_WIDTH = 120
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    as_of: date
    status: Listing
    gap: Listing
    chart: Sequence[ChartSeries]
    timeline: Listing
    credits: Sequence[str] = ()
    """Attributions the data shown requires (the EOSAI index's CC-BY 4.0 notice)."""


def company_report(
    company: str, as_of: date, timeline: Sequence[TimelineEntry], status: Sequence[StatusRow], gaps: Sequence[Gap]
) -> Report:
    """A report on one company from its timeline, its status as of ``as_of`` and its gaps."""
    from openwatch.core.indexes import attributions
    from openwatch.render import listings
    from openwatch.render.records import GAP, STATUS, TIMELINE

    return Report(
        title=f"{company}: openness over time",
        as_of=as_of,
        status=listings.status(f"Status as of {as_of.isoformat()}", list(STATUS.records(status))),
        gap=listings.gap("Said versus shipped", list(GAP.records(gaps))),
        chart=chart_series(timeline),
        timeline=listings.timeline("Timeline", list(TIMELINE.records(timeline))),
        # Every index claim shown carries the index's notice (CC-BY 4.0, CC BY 4.0, MIT).
        credits=attributions(entry.claim.source for entry in timeline),
    )


def render_report(report: Report, suffix: str) -> str:
    """The report as the text of a ``.md``, ``.html`` or ``.svg`` file."""
    if suffix == ".md":
        return markdown(report)
    return recorded(report, svg=suffix == ".svg")


def md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def md_cell(column: Column, row: Mapping[str, object]) -> str:
    text = cell_text(row.get(column.key))
    if column.style == "stance" and row.get("planned") is True:
        return f"{text} (planned)"
    return text


def md_table(listing: Listing) -> str:
    if not listing.rows:
        return f"_{md_escape(listing.empty_message or 'Nothing to show.')}_\n"
    header = "| " + " | ".join(md_escape(c.header) for c in listing.columns) + " |"
    rule = "|" + "|".join("---" for _ in listing.columns) + "|"
    body = [
        "| " + " | ".join(md_escape(md_cell(c, row)) for c in listing.columns) + " |" for row in listing.rows
    ]
    return "\n".join([header, rule, *body]) + "\n"


def fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}{fence}\n"


def markdown(report: Report) -> str:
    chart = plain_text(chart_lines("Stance over time", report.chart, REPORT_WIDTH, ASCII))
    parts = [
        f"# {md_escape(report.title)}\n",
        f"## Status as of {report.as_of.isoformat()}\n",
        md_table(report.status),
        "## Said versus shipped\n",
        md_table(report.gap),
        "## Stance over time\n",
        fenced(chart),
        "## Timeline\n",
        md_table(report.timeline),
    ]
    if report.credits:
        parts += ["## Sources\n", *(md_escape(line) + "\n" for line in report.credits)]
    return "\n".join(parts)


def recorded(report: Report, *, svg: bool) -> str:
    from rich.console import Console
    from rich.text import Text

    from openwatch.render.tables import build_table

    console = Console(
        record=True,
        file=io.StringIO(),
        width=REPORT_WIDTH,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(Text(visible(report.title), style="bold underline"))
    for heading, listing in (
        (f"Status as of {report.as_of.isoformat()}", report.status),
        ("Said versus shipped", report.gap),
    ):
        console.print()
        console.print(Text(heading, style="bold"))
        if listing.rows:
            console.print(build_table(Listing(listing.columns, listing.rows), REPORT_WIDTH))
        else:
            console.print(Text(visible(listing.empty_message or "Nothing to show."), style="dim"))
    console.print()
    console.print(rich_text(chart_lines("Stance over time", report.chart, REPORT_WIDTH, UNICODE)))
    console.print()
    console.print(Text("Timeline", style="bold"))
    console.print(build_table(Listing(report.timeline.columns, report.timeline.rows), REPORT_WIDTH))
    for line in report.credits:
        console.print()
        console.print(Text(visible(line), style="dim"))
    if svg:
        return console.export_svg(title=visible(report.title))
    return console.export_html(inline_styles=True)
