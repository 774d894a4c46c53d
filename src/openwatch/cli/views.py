"""History views: timeline, status, diff, changes, conflicts, gap and report."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, emit, guarded, say, today
from openwatch.cli.complete import complete_company, complete_kind, complete_model
from openwatch.cli.reading import (
    chart_series,
    make_filters,
    model_cell,
    status_listing,
    status_records,
    timeline_listing,
    timeline_records,
)

KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only claims of this kind (reported, stated, observed, assessed); repeat for more.",
        show_default=False,
        autocompletion=complete_kind,
    ),
]
NoPlannedOption = Annotated[
    bool, typer.Option("--no-planned", help="Leave out claims about intent (planned).")
]


def register(app: typer.Typer) -> None:
    app.command("timeline")(guarded(timeline))
    app.command("status")(guarded(status))
    app.command("diff")(guarded(diff))
    app.command("changes")(guarded(changes))
    app.command("conflicts")(guarded(conflicts))
    app.command("gap")(guarded(gap))
    app.command("report")(guarded(report))



if TYPE_CHECKING:
    import sqlite3

    from openwatch.core.claim import Claim
    from openwatch.render.listing import Listing
    from openwatch.store.history import Filters

SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="From this date (YYYY-MM-DD, 2025-07, 6m, 1y...).")
]
UntilOption = Annotated[str | None, typer.Option("--until", metavar="DATE", help="Up to this date, inclusive.")]


DIFF_FIELDS = ("company", "model", "from_stance", "to_stance", "direction", "claims")
CHANGE_FIELDS = ("date", "company", "model", "from_stance", "to_stance", "direction", "claim_id", "source")
CONFLICT_FIELDS = ("company", "model", "date", "stances", "claims")
GAP_FIELDS = (
    "company",
    "model",
    "date",
    "stated_stance",
    "stated_claim_id",
    "finding",
    "evidence_stance",
    "evidence_kind",
    "evidence_source",
    "evidence_date",
    "evidence_claim_id",
)
CHANGES_FOUND_EXIT = 3


# -- timeline ---------------------------------------------------------------


def timeline(
    company: Annotated[
        str,
        typer.Argument(
            metavar="COMPANY", help="A tracked company (or one of its aliases).", autocompletion=complete_company
        ),
    ],
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", metavar="MODEL", help="Only this model's series.", autocompletion=complete_model),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    chart: Annotated[
        bool,
        typer.Option("--chart", help="Draw each series' stance over time as a step chart instead of a table."),
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show a company's claims in order, marking each stance move.

    Moves are opened (up the scale), closed (down), changed (to or from
    mixed/unknown) and new (a series' first claim); claims that disagree on
    one date are marked as a conflict. With --chart, each series is drawn as
    a step line on the scale from closed to open-source, with its dated
    change points; planned claims are drawn hollow and dotted.

    \b
    Example: openwatch timeline Meta --since 2024 --model "Llama 4 Behemoth"
    Example: openwatch timeline Meta --chart
    """
    from openwatch.cli.reading import timeline_view

    timeline_view(
        company=company,
        model=model,
        since=since,
        until=until,
        kind=kind,
        no_planned=no_planned,
        chart=chart,
        fmt=fmt,
        db=db,
    )


# -- status -------------------------------------------------------------------


def status(
    company: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMPANY]...",
            help="Tracked companies (default: all).",
            show_default=False,
            autocompletion=complete_company,
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="The stance at the end of this date (default: today).")
    ] = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show the stance of every (company, model) series as of a date.

    Each row rests on the last claim dated on or by that date (on one date
    the strongest evidence wins: reported, stated, assessed, observed); a
    partial date such as 2025-07 means its end. Claims that disagree on that
    date are marked as a conflict.

    Example: openwatch status Meta --as-of 2025-08-01
    """
    from openwatch.cli.reading import status_view

    status_view(company=company, as_of=as_of, kind=kind, no_planned=no_planned, fmt=fmt, db=db)


# -- diff ---------------------------------------------------------------------


def diff(
    company: Annotated[str, typer.Argument(metavar="COMPANY", help="A tracked company (or one of its aliases).")],
    from_: Annotated[
        str,
        typer.Option(
            "--from", metavar="DATE", help="The earlier date (a partial date means its start).", show_default=False
        ),
    ],
    to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="The later date, inclusive (default: today).")
    ] = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Compare each series' stance at FROM and at TO, with the claims between.

    The direction is opened, closed, changed (to or from mixed/unknown),
    unchanged, or new when the series had no claim by FROM.

    Example: openwatch diff Meta --from 2025-05-01 --to 2025-08-01
    """
    from openwatch.core import history
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.store.db import open_database
    from openwatch.store.history import iter_series_claims
    from openwatch.store.names import require_company

    now = today()
    start = parse_since(from_, now)
    end = parse_until(to, now) if to else now
    if start > end:
        raise InvalidValue("to", f"--from {start.isoformat()} is after --to {end.isoformat()}: swap them")
    filters = make_filters(kind, no_planned)
    with open_database(db) as database:
        owner = require_company(database.conn, company)
        claims = iter_series_claims(database.conn, company_ids=[owner.id], filters=filters, until=end)
        rows = history.diff(claims, start, end)
    records: list[dict[str, Any]] = [
        {
            "company": row.company,
            "model": row.model,
            "from_stance": row.before.stance.value if row.before else None,
            "to_stance": row.after.stance.value,
            "direction": row.direction.value,
            "claims": [c.id for c in row.between],
        }
        for row in rows
    ]
    conflicted = [row.conflict for row in rows]

    def listing() -> Listing:
        from openwatch.render.listing import Column, Listing

        shown = [
            {
                **r,
                "model_shown": model_cell(r["model"]),
                "from_shown": r["from_stance"] or "(none)",
                "between": ", ".join(r["claims"]),
                "flag": "conflict" if clash else "",
            }
            for r, clash in zip(records, conflicted, strict=True)
        ]
        columns = [
            Column("Model", "model_shown"),
            Column(f"At {start.isoformat()}", "from_shown", "stance"),
            Column(f"At {end.isoformat()}", "to_stance", "stance"),
            Column("Move", "direction", "move"),
            Column("Claims between", "between", "id", shorten=True),
        ]
        if any(conflicted):
            columns.append(Column("!", "flag", "flag"))
        return Listing(columns, shown, title=f"{owner.name}: {start} to {end}", empty_message="No series by then.")

    emit(fmt, records=records, fields=DIFF_FIELDS, listing=listing)


# -- changes ------------------------------------------------------------------


def parse_recorded_since(text: str, now: date) -> datetime:
    """An ISO time, or a date (its start, UTC) such as 2025-07-14, yesterday or 7d."""
    from datetime import UTC, time

    from openwatch.core.dates import parse_since, parse_timestamp

    cleaned = text.strip()
    if "T" in cleaned or ":" in cleaned:
        return parse_timestamp(cleaned)
    return datetime.combine(parse_since(cleaned, now), time.min, tzinfo=UTC)


def parse_directions(values: list[str] | None) -> set[str] | None:
    from openwatch.core.claim import Direction, did_you_mean
    from openwatch.core.errors import InvalidValue

    if not values:
        return None
    names = [d.value for d in Direction if d is not Direction.UNCHANGED]
    chosen = set()
    for value in values:
        cleaned = value.strip().casefold()
        if cleaned not in names:
            raise InvalidValue(
                "direction",
                f"unknown direction '{value}'.{did_you_mean(cleaned, names)} Valid: " + ", ".join(names),
            )
        chosen.add(cleaned)
    return chosen


def find_moves(
    conn: sqlite3.Connection,
    *,
    since: date | None,
    until: date | None,
    recorded_since: datetime | None,
    company_ids: list[int] | None,
    filters: Filters,
    directions: set[str] | None,
) -> list[dict[str, Any]]:
    """The moves asked for, newest first; only those are ever held in memory.

    Without a window the whole history streams by series. With --since the
    window's claims come from the date index, and each touched series' claim
    before the window from one step back on the series index. With
    --recorded-since each claim entered since then is compared with the claim
    just before it in its series, wherever that lies in time.
    """
    from openwatch.core import history
    from openwatch.store.history import iter_series_claims, previous_claim, window_claims

    def wanted(move: history.Move) -> bool:
        return directions is None or move.direction.value in directions

    found: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def keep(move: history.Move) -> None:
        claim = move.claim
        found.append(
            (
                history.claim_order(claim),
                {
                    "date": str(claim.date),
                    "company": claim.company,
                    "model": claim.model,
                    "from_stance": move.before.value if move.before else None,
                    "to_stance": move.after.value,
                    "direction": move.direction.value,
                    "claim_id": claim.id,
                    "source": claim.source,
                },
            )
        )

    if since is None and recorded_since is None:
        claims = iter_series_claims(conn, company_ids=company_ids, filters=filters, until=until)
        for move in history.all_moves(claims, presorted=True):
            if wanted(move):
                keep(move)
    else:
        located = window_claims(
            conn,
            since=since,
            until=until,
            recorded_since=recorded_since,
            company_ids=company_ids,
            filters=filters,
        )
        if recorded_since is None:
            # A date window holds a run of consecutive claims of each series:
            # only the first needs the claim before it.
            previous: Claim | None = None
            series_key: tuple[int, int | None] | None = None
            for item in located:
                key = (item.company_id, item.model_id)
                if key != series_key:
                    series_key = key
                    previous = previous_claim(conn, item, filters)
                step = history.move_to(item.claim, previous)
                if step is not None and wanted(step):
                    keep(step)
                previous = item.claim
        else:
            for item in located:
                step = history.move_to(item.claim, previous_claim(conn, item, filters))
                if step is not None and wanted(step):
                    keep(step)
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [record for _, record in found]


def changes(
    since: SinceOption = None,
    until: UntilOption = None,
    recorded_since: Annotated[
        str | None,
        typer.Option(
            "--recorded-since",
            metavar="TIME",
            help="Only claims entered at or after this time (ISO 8601, e.g. 2025-07-14T09:00:00Z) "
            "or date (its start, UTC), whatever date they carry.",
        ),
    ] = None,
    direction: Annotated[
        list[str] | None,
        typer.Option(
            "--direction", "-d",
            metavar="DIRECTION",
            help="opened, closed, changed or new; repeat for more.",
            show_default=False,
        ),
    ] = None,
    company: Annotated[
        list[str] | None,
        typer.Option(
            "--company", "-c", metavar="COMPANY", help="Only this company; repeat for more.", show_default=False,
        ),
    ] = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit with code 3 when any move matched (for cron or CI).")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List stance moves across all vendors, newest first: the feed to watch.

    A series' first claim counts as a move (new). --since and --until select
    by the claim's date; --recorded-since by when it was entered, so a
    backdated claim entered after the last run still shows.

    \b
    Example: openwatch changes --since 6m --direction closed
    Example: openwatch changes --recorded-since 2025-07-14T00:00:00Z --direction closed --fail-on-change
    """
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company

    now = today()
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    entered = parse_recorded_since(recorded_since, now) if recorded_since else None
    directions = parse_directions(direction)
    filters = make_filters(kind, no_planned)
    with open_database(db) as database:
        ids = [require_company(database.conn, c).id for c in company] if company else None
        records = find_moves(
            database.conn,
            since=start,
            until=end,
            recorded_since=entered,
            company_ids=ids,
            filters=filters,
            directions=directions,
        )

    def listing() -> Listing:
        from openwatch.render.listing import Column, Listing

        rows = [
            {**r, "model_shown": model_cell(r["model"]), "from_shown": r["from_stance"] or ""} for r in records
        ]
        return Listing(
            [
                Column("Date", "date", "date"),
                Column("Company", "company"),
                Column("Model", "model_shown"),
                Column("From", "from_shown", "stance"),
                Column("To", "to_stance", "stance"),
                Column("Move", "direction", "move"),
                Column("Source", "source", shorten=True),
                Column("Claim", "claim_id", "id"),
            ],
            rows,
            empty_message="No moves match.",
        )

    emit(fmt, records=records, fields=CHANGE_FIELDS, listing=listing)
    if fail_on_change and records:
        raise typer.Exit(CHANGES_FOUND_EXIT)


# -- conflicts ----------------------------------------------------------------


def conflicts(
    company: Annotated[str | None, typer.Argument(metavar="COMPANY", help="Only this company (default: all).")] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List claims of one series on one date that disagree about the stance.

    Conflicts are shown, never resolved: status and diff take the strongest
    evidence of the day but mark it.

    Example: openwatch conflicts Meta --format json
    """
    from openwatch.core import history
    from openwatch.store.db import open_database
    from openwatch.store.history import iter_series_claims
    from openwatch.store.names import require_company

    with open_database(db) as database:
        ids = [require_company(database.conn, company).id] if company else None
        found = history.conflicts(iter_series_claims(database.conn, company_ids=ids), presorted=True)
    records = [
        {
            "company": c.company,
            "model": c.model,
            "date": str(c.date),
            "stances": [m.stance.value for m in c.claims],
            "claims": [m.id for m in c.claims],
        }
        for c in found
    ]

    def listing() -> Listing:
        from openwatch.render.listing import Column, Listing

        rows = [
            {
                "date": str(c.date),
                "company": c.company,
                "model_shown": model_cell(c.model),
                "stance": m.stance.value,
                "planned": m.planned,
                "kind": m.kind.value,
                "source": m.source,
                "claim_id": m.id,
            }
            for c in found
            for m in c.claims
        ]
        return Listing(
            [
                Column("Date", "date", "date"),
                Column("Company", "company"),
                Column("Model", "model_shown"),
                Column("Stance", "stance", "stance"),
                Column("Kind", "kind"),
                Column("Source", "source", shorten=True),
                Column("Claim", "claim_id", "id"),
            ],
            rows,
            empty_message="No conflicting claims.",
        )

    emit(fmt, records=records, fields=CONFLICT_FIELDS, listing=listing)


# -- gap ----------------------------------------------------------------------


def gap_records(conn: sqlite3.Connection, company_ids: list[int] | None) -> list[dict[str, Any]]:
    """Flagged statements, company by company (a company's claims at a time in memory)."""
    from openwatch.core import history
    from openwatch.store.history import companies_in_order, iter_series_claims

    records = []
    for company_id in companies_in_order(conn, company_ids):
        for found in history.gaps(iter_series_claims(conn, company_ids=[company_id])):
            evidence = found.evidence
            records.append(
                {
                    "company": found.company,
                    "model": found.model,
                    "date": str(found.stated.date),
                    "stated_stance": found.stated.stance.value,
                    "stated_claim_id": found.stated.id,
                    "finding": found.finding.value,
                    "evidence_stance": evidence.stance.value if evidence else None,
                    "evidence_kind": evidence.kind.value if evidence else None,
                    "evidence_source": evidence.source if evidence else None,
                    "evidence_date": str(evidence.date) if evidence else None,
                    "evidence_claim_id": evidence.id if evidence else None,
                }
            )
    return records


def gap_listing(title: str | None, records: list[dict[str, Any]]) -> Listing:
    from openwatch.render.listing import Column, Listing

    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "evidence_shown": (
                f"{r['evidence_stance']} ({r['evidence_kind']} {r['evidence_date']})"
                if r["evidence_claim_id"]
                else "no evidence recorded"
            ),
        }
        for r in records
    ]
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company"),
            Column("Model", "model_shown"),
            Column("Said", "stated_stance", "stance"),
            Column("Claim", "stated_claim_id", "id"),
            Column("Finding", "finding"),
            Column("Shipped or judged", "evidence_shown", "stance"),
            Column("Claim", "evidence_claim_id", "id"),
        ],
        rows,
        title=title,
        empty_message="No statement claims more openness than was shipped or judged, and none lacks evidence.",
    )


def gap(
    company: Annotated[str | None, typer.Argument(metavar="COMPANY", help="Only this company (default: all).")] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show what a vendor said beside what it shipped or was judged to ship.

    Each stated claim that is not planned is held against what was shipped
    (observed) as of its date and against each assessor's latest verdict
    (assessed), whenever given, on the same series (a company-wide
    statement: on each of the company's models). Listed where the words
    claim more openness, or where nothing recorded answers them.

    Example: openwatch gap Meta
    """
    from openwatch.store.db import open_database
    from openwatch.store.names import require_company

    with open_database(db) as database:
        ids = [require_company(database.conn, company).id] if company else None
        records = gap_records(database.conn, ids)
    emit(fmt, records=records, fields=GAP_FIELDS, listing=lambda: gap_listing("Said versus shipped", records))


# -- report -------------------------------------------------------------------


def report(
    company: Annotated[str, typer.Argument(metavar="COMPANY", help="A tracked company (or one of its aliases).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o",
            metavar="FILE",
            help="The file to write: .md, .html or .svg.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="Status as of this date (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a company's timeline, status, said-versus-shipped and chart to a file.

    The format follows the extension: Markdown (.md), a web page (.html) or
    a picture (.svg).

    Example: openwatch report Meta -o meta.md
    """
    from openwatch.core.dates import parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.render.report import REPORT_FORMATS, Report, render_report
    from openwatch.store.db import open_database
    from openwatch.store.history import Filters
    from openwatch.store.names import require_company

    suffix = output.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise InvalidValue(
            "output", f"cannot tell the format of '{output}': end the name in .md, .html or .svg"
        )
    now = today()
    day = parse_until(as_of, now) if as_of else now
    with open_database(db) as database:
        owner = require_company(database.conn, company)
        timeline_rows = timeline_records(database.conn, owner, filters=Filters())
        status_rows = list(status_records(database.conn, [owner.id], day, Filters()))
        gap_rows = gap_records(database.conn, [owner.id])
    content = Report(
        title=f"{owner.name}: openness over time",
        as_of=day,
        status=status_listing(f"Status as of {day.isoformat()}", status_rows),
        gap=gap_listing("Said versus shipped", gap_rows),
        chart=chart_series(timeline_rows),
        timeline=timeline_listing("Timeline", timeline_rows),
        credits=_credits(timeline_rows),
    )
    write_file(output, render_report(content, suffix))
    say(f"Wrote {output}")


def _credits(records: list[dict[str, Any]]) -> list[str]:
    """The attributions owed for what a report shows: every index claim carries its CC-BY notice."""
    from openwatch.core.crosswalk import ATTRIBUTION, SOURCE

    return [ATTRIBUTION] if any(record["source"] == SOURCE for record in records) else []


def write_file(path: Path, text: str) -> None:
    from openwatch.cli.output import replacing_file

    with replacing_file(path) as out:
        out.write(text)
