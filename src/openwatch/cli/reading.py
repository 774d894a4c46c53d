"""What the reading commands do, without Typer.

The Typer commands (views, admin, search) parse options and call these; the
fast path (cli/fastpath.py) calls the same functions straight from argv, so
a JSON answer never pays for importing Typer. Nothing here imports typer or
rich at module level.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openwatch.cli.output import OutputFormat, emit, say, today
from openwatch.render.listing import Column, Listing

if TYPE_CHECKING:
    import sqlite3

    from openwatch.core.claim import Kind
    from openwatch.render.chart import ChartSeries
    from openwatch.store.history import Filters
    from openwatch.store.names import Company

STATUS_FIELDS = ("company", "model", "stance", "planned", "date", "claim_id", "conflict")


def parse_kinds(values: list[str] | None) -> list[Kind] | None:
    from openwatch.core.claim import parse_kind

    return [parse_kind(v) for v in values] if values else None


def make_filters(kind: list[str] | None, no_planned: bool) -> Filters:
    from openwatch.store.history import Filters

    return Filters(kinds=parse_kinds(kind), include_planned=not no_planned)


def model_cell(model: str | None) -> str:
    return model or "(company-wide)"



def timeline_records(
    conn: sqlite3.Connection,
    owner: Company,
    *,
    model_id: int | None = None,
    filters: Filters,
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    from openwatch.core import history
    from openwatch.core.records import claim_to_record
    from openwatch.store.history import iter_series_claims

    claims = iter_series_claims(conn, company_ids=[owner.id], model_id=model_id, filters=filters)
    records = []
    for entry in history.timeline(claims):
        if not history.within(entry.claim, start, end):
            continue
        record = claim_to_record(entry.claim, with_state=False)
        record["move"] = entry.move.direction.value if entry.move else None
        record["conflict"] = entry.conflict
        records.append(record)
    return records


def timeline_listing(title: str, records: list[dict[str, Any]]) -> Listing:
    from openwatch.render.listing import Column, Listing

    columns = [
        Column("Date", "date", "date"),
        Column("Model", "model_shown", squeeze=10),
        Column("Stance", "stance", "stance"),
        Column("Move", "move", "move"),
        Column("Kind", "kind"),
        Column("Source", "source", squeeze=10),
        Column("Quote", "quote", shorten=True),
        Column("Id", "id", "id", optional=True),
    ]
    if any(r["conflict"] for r in records):
        columns.insert(4, Column("!", "flag", "flag"))
    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "flag": "conflict" if r["conflict"] else "",
        }
        for r in records
    ]
    return Listing(columns, rows, title=title, empty_message="No claims match.")


def chart_series(records: Iterable[dict[str, Any]]) -> list[ChartSeries]:
    """The change points of each series of a timeline, for the chart."""
    from openwatch.core.claim import Stance
    from openwatch.core.dates import parse_iso_date
    from openwatch.render.chart import ChartPoint, ChartSeries

    found: dict[tuple[bool, str, str], ChartSeries] = {}
    for record in records:
        title = model_cell(record["model"])
        key = (record["model"] is not None, title.casefold(), title)
        series = found.setdefault(key, ChartSeries(title, []))
        if record["move"] is None:
            continue
        stance = Stance(record["stance"])
        series.points.append(
            ChartPoint(
                day=parse_iso_date(record["date"]).start,
                label=record["date"],
                stance=stance.value,
                level=stance.level,
                planned=record["planned"],
                move=record["move"],
            )
        )
    return [found[key] for key in sorted(found) if found[key].points]



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
) -> None:
    """``openwatch timeline``: a company's claims in order, or their chart."""
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.core.records import CLAIM_FIELDS
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company, require_model

    if chart and fmt is not OutputFormat.table:
        raise InvalidValue("format", "--chart draws a picture: leave out --format, or drop --chart for data")
    now = today()
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    filters = make_filters(kind, no_planned)
    with open_database(db) as database:
        owner = require_company(database.conn, company)
        model_id = require_model(database.conn, owner, model).id if model else None
        records = timeline_records(database.conn, owner, model_id=model_id, filters=filters, start=start, end=end)

    if chart:
        import sys

        from openwatch.render.chart import show_chart

        if not records:
            say("No claims match.")
            return
        show_chart(f"{owner.name}: stance over time", chart_series(records), sys.stdout)
        return
    emit(
        fmt,
        records=records,
        fields=[*CLAIM_FIELDS, "move", "conflict"],
        listing=lambda: timeline_listing(f"{owner.name}: timeline", records),
    )


def status_records(
    conn: sqlite3.Connection, company_ids: list[int] | None, day: date, filters: Filters
) -> Iterator[dict[str, Any]]:
    """One record per series, streamed in series order."""
    from openwatch.core import history
    from openwatch.store.history import iter_series_claims

    claims = iter_series_claims(conn, company_ids=company_ids, filters=filters, until=day)
    for row in history.status(claims, day, presorted=True):
        yield {
            "company": row.company,
            "model": row.model,
            "stance": row.stance.value,
            "planned": row.claim.planned,
            "date": str(row.claim.date),
            "claim_id": row.claim.id,
            "conflict": row.conflict,
        }


def status_listing(title: str | None, records: Iterable[dict[str, Any]]) -> Listing:
    from openwatch.render.listing import Column, Listing

    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "flag": "conflict" if r["conflict"] else "",
        }
        for r in records
    ]
    columns = [
        Column("Company", "company"),
        Column("Model", "model_shown"),
        Column("Stance", "stance", "stance"),
        Column("Since", "date", "date"),
        Column("Claim", "claim_id", "id"),
    ]
    if any(r["conflict"] for r in rows):
        columns.append(Column("!", "flag", "flag"))
    return Listing(columns, rows, title=title, empty_message="No series has a claim by that date.")



def status_view(
    *,
    company: list[str] | None,
    as_of: str | None,
    kind: list[str] | None,
    no_planned: bool,
    fmt: OutputFormat,
    db: Path | None,
) -> None:
    """``openwatch status``: every series' stance as of a date."""
    from openwatch.core.dates import parse_until
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company

    now = today()
    day = parse_until(as_of, now) if as_of else now
    filters = make_filters(kind, no_planned)
    with open_database(db) as database:
        ids = [require_company(database.conn, c).id for c in company] if company else None
        # JSON and CSV stream row by row while the database is open.
        records = status_records(database.conn, ids, day, filters)
        emit(
            fmt,
            records=records,
            fields=STATUS_FIELDS,
            listing=lambda: status_listing(f"Status as of {day.isoformat()}", records),
        )


def companies_view(*, fmt: OutputFormat, db: Path | None) -> None:
    from openwatch.store.db import open_database
    from openwatch.store.names import list_companies

    with open_database(db) as database:
        rows = [
            {
                "company": c.name,
                "claims": c.claims,
                "models": c.models,
                "first": c.first,
                "last": c.last,
            }
            for c in list_companies(database.conn)
        ]
    emit(
        fmt,
        records=rows,
        fields=["company", "claims", "models", "first", "last"],
        listing=lambda: Listing(
            [
                Column("Company", "company"),
                Column("Claims", "claims"),
                Column("Models", "models"),
                Column("First", "first", "date"),
                Column("Last", "last", "date"),
            ],
            rows,
            empty_message="No companies yet: add a claim with 'openwatch add'.",
        ),
    )


def models_view(*, company: str | None, fmt: OutputFormat, db: Path | None) -> None:
    from openwatch.store.db import open_database
    from openwatch.store.names import list_models, require_company

    with open_database(db) as database:
        target = require_company(database.conn, company) if company else None
        rows = [
            {
                "company": m.company,
                "model": m.model,
                "claims": m.claims,
                "first": m.first,
                "last": m.last,
            }
            for m in list_models(database.conn, target)
        ]
    emit(
        fmt,
        records=rows,
        fields=["company", "model", "claims", "first", "last"],
        listing=lambda: Listing(
            [
                Column("Company", "company"),
                Column("Model", "model"),
                Column("Claims", "claims"),
                Column("First", "first", "date"),
                Column("Last", "last", "date"),
            ],
            rows,
            empty_message="No models tracked.",
        ),
    )


def search_view(
    *, text: str, company: str | None, limit: int, fmt: OutputFormat, db: Path | None
) -> None:
    from openwatch.core.records import CLAIM_FIELDS, claim_to_record
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company
    from openwatch.store.search import search_claims

    with open_database(db) as database:
        owner = require_company(database.conn, company) if company else None
        found = search_claims(database.conn, text, company_id=owner.id if owner else None, limit=limit)
    records = [claim_to_record(claim, with_state=False) for claim in found]

    def listing() -> Listing:
        rows = [{**r, "model_shown": r["model"] or "(company-wide)"} for r in records]
        return Listing(
            [
                Column("Date", "date", "date"),
                Column("Company", "company", squeeze=8),
                Column("Model", "model_shown", squeeze=10),
                Column("Stance", "stance", "stance"),
                Column("Kind", "kind"),
                Column("Source", "source", squeeze=10),
                Column("Quote", "quote", shorten=True),
                Column("Id", "id", "id", optional=True),
            ],
            rows,
            empty_message="No claims match.",
        )

    emit(fmt, records=records, fields=list(CLAIM_FIELDS), listing=listing)
