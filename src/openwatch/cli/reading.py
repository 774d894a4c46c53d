"""What the reading commands do, without Typer: parse, one API call, render.

Reading commands open only the reading part of the API (``api.views.Views``),
so their start-up does not pay for every other part's modules. The Typer
commands (views, admin, search) parse options and call these; the
fast path (cli/fastpath.py) calls the same functions straight from argv, so
a JSON answer never pays for importing Typer. Nothing here imports typer or
rich at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from openwatch.cli.output import OutputFormat, emit_rows, say, table_layout, today

if TYPE_CHECKING:
    from openwatch.core.claim import Kind
    from openwatch.core.history import Filters


def parse_kinds(values: list[str] | None) -> list[Kind] | None:
    from openwatch.core.claim import parse_kind

    return [parse_kind(v) for v in values] if values else None


def make_filters(kind: list[str] | None, no_planned: bool) -> Filters:
    from openwatch.core.history import Filters

    return Filters(kinds=parse_kinds(kind), include_planned=not no_planned)


def timeline_view(
    *,
    company: str,
    model: str | None,
    since: str | None,
    until: str | None,
    kind: list[str] | None,
    no_planned: bool,
    chart: bool,
    fmt: OutputFormat,
    db: Path | None,
    columns: str | None = None,
    wide: bool = False,
    company_wide: bool = False,
) -> None:
    """``openwatch timeline``: a company's claims in order, or their chart."""
    table_layout(columns, wide)
    from openwatch.api.views import Views
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.render import listings
    from openwatch.render.records import TIMELINE

    if chart and fmt is not OutputFormat.table:
        raise InvalidValue("format", "--chart draws a picture: leave out --format, or drop --chart for data")
    now = today()
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    with Views.open(db) as tracker:
        found = tracker.timeline(
            company,
            model=model,
            since=start,
            until=end,
            filters=make_filters(kind, no_planned),
            company_wide=company_wide,
        )
    if chart:
        import sys

        from openwatch.core.lanes import lanes, span
        from openwatch.render.chart import show_lanes

        if not found.entries:
            say("No claims match.")
            return
        drawn = lanes(found.entries, end or now)
        first, last = span(drawn, end or now)
        show_lanes(f"{found.company}: stance over time", drawn, start or first, last, sys.stdout)
        return
    emit_rows(fmt, TIMELINE, found.entries, lambda records: listings.timeline(f"{found.company}: timeline", records))


def status_view(
    *,
    company: list[str] | None,
    as_of: str | None,
    kind: list[str] | None,
    no_planned: bool,
    fmt: OutputFormat,
    db: Path | None,
    columns: str | None = None,
    wide: bool = False,
    evidence: bool = False,
) -> None:
    """``openwatch status``: every series' stance as of a date."""
    table_layout(columns, wide)
    from openwatch.api.views import Views
    from openwatch.core.dates import parse_until
    from openwatch.render import listings
    from openwatch.render.records import STATUS, STATUS_EVIDENCE

    now = today()
    day = parse_until(as_of, now) if as_of else now
    title = f"Status as of {day.isoformat()}"
    with Views.open(db) as tracker:
        # JSON and CSV stream row by row while the database is open.
        rows = tracker.status(company, as_of=day, filters=make_filters(kind, no_planned), evidence=evidence)
        if evidence:
            emit_rows(fmt, STATUS_EVIDENCE, rows, lambda records: listings.status_evidence(title, records))
        else:
            emit_rows(fmt, STATUS, rows, lambda records: listings.status(title, records))


def companies_view(*, fmt: OutputFormat, db: Path | None, prune: bool = False) -> None:
    from openwatch.api.views import Views
    from openwatch.render import listings
    from openwatch.render.records import COMPANIES

    if prune:
        from openwatch.api import Tracker

        with Tracker.open(db) as tracker:
            removed = tracker.prune_companies()
        say("Removed " + ", ".join(removed) if removed else "No company without claims")
    with Views.open(db) as views:
        rows = views.companies()
    emit_rows(fmt, COMPANIES, rows, listings.companies)


def models_view(*, company: str | None, fmt: OutputFormat, db: Path | None) -> None:
    from openwatch.api.views import Views
    from openwatch.render import listings
    from openwatch.render.records import MODELS

    with Views.open(db) as tracker:
        rows = tracker.models(company)
    emit_rows(fmt, MODELS, rows, listings.models)


def search_view(
    *,
    text: str,
    company: str | None,
    limit: int,
    fts: bool = False,
    fmt: OutputFormat,
    db: Path | None,
    columns: str | None = None,
    wide: bool = False,
) -> None:
    table_layout(columns, wide)
    from openwatch.api.views import Views
    from openwatch.render import listings
    from openwatch.render.records import SEARCH

    with Views.open(db) as tracker:
        found = tracker.search(text, company=company, limit=limit, fts=fts)
    emit_rows(fmt, SEARCH, found, listings.search)
