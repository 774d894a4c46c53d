"""History views: timeline."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, emit, guarded, today

KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        help="Only claims of this kind (reported, stated, observed, assessed); repeat for more.",
        show_default=False,
    ),
]
NoPlannedOption = Annotated[
    bool, typer.Option("--no-planned", help="Leave out claims about intent (planned).")
]


def register(app: typer.Typer) -> None:
    app.command("timeline")(guarded(timeline))


def parse_kinds(values: list[str] | None) -> list[Any] | None:
    from openwatch.core.claim import parse_kind

    return [parse_kind(v) for v in values] if values else None


def timeline(
    company: Annotated[str, typer.Argument(help="A tracked company (or one of its aliases).")],
    model: Annotated[str | None, typer.Option("--model", "-m", help="Only this model's series.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (YYYY-MM-DD, 2025-07, 6m, 1y...).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date, inclusive.")] = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show a company's claims in order, marking each stance move.

    Moves are opened (up the scale), closed (down), changed (to or from
    mixed/unknown) and new (a series' first claim); claims that disagree on
    one date are marked as a conflict.

    Example: openwatch timeline Meta --since 2024 --model "Llama 4 Behemoth"
    """
    from openwatch.core import history
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.core.records import CLAIM_FIELDS, claim_to_record
    from openwatch.render.listing import Column, Listing
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
        return Listing(columns, rows, title=f"{owner.name}: timeline", empty_message="No claims match.")

    emit(fmt, records=records, fields=[*CLAIM_FIELDS, "move", "conflict"], listing=listing)
