"""What the reading commands do, without Typer.

The Typer commands (views, admin, search) parse options and call these; the
fast path (cli/fastpath.py) calls the same functions straight from argv, so
a JSON answer never pays for importing Typer. Nothing here imports typer or
rich at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openwatch.cli.output import OutputFormat, emit, today
from openwatch.render.listing import Column, Listing


def parse_kinds(values: list[str] | None) -> list[Any] | None:
    from openwatch.core.claim import parse_kind

    return [parse_kind(v) for v in values] if values else None


def timeline_view(
    *,
    company: str,
    model: str | None,
    since: str | None,
    until: str | None,
    kind: list[str] | None,
    no_planned: bool,
    fmt: OutputFormat,
    db: Path | None,
) -> None:
    from openwatch.core import history
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.core.records import CLAIM_FIELDS, claim_to_record
    from openwatch.store.claims import iter_claims
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company, require_model

    now = today()
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    kinds = parse_kinds(kind)
    with open_database(db) as database:
        owner = require_company(database.conn, company)
        model_id = require_model(database.conn, owner, model).id if model else None
        claims = history.select(
            iter_claims(database.conn, company_ids=[owner.id], model_id=model_id),
            kinds=kinds,
            include_planned=not no_planned,
        )
        entries = [e for e in history.timeline(claims) if history.within(e.claim, start, end)]

    records = []
    for entry in entries:
        record = claim_to_record(entry.claim, with_state=False)
        record["move"] = entry.move.direction.value if entry.move else None
        record["conflict"] = entry.conflict
        records.append(record)

    def listing() -> Listing:
        return timeline_listing(records, title=f"{owner.name}: timeline")

    emit(fmt, records=records, fields=[*CLAIM_FIELDS, "move", "conflict"], listing=listing)


def timeline_listing(records: list[dict[str, Any]], *, title: str | None = None) -> Listing:
    """Timeline records as a table: at 80 columns the quote gives way, no column is dropped."""
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
            "model_shown": r["model"] or "(company-wide)",
            "flag": "conflict" if r["conflict"] else "",
        }
        for r in records
    ]
    return Listing(columns, rows, title=title, empty_message="No claims match.")


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
