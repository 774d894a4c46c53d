"""History views: timeline, status, diff, changes, conflicts, gap and report."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from openwatch.cli import options
from openwatch.cli.common import (
    ColumnsOption,
    CompaniesOption,
    DbOption,
    FormatOption,
    KindOption,
    NoPlannedOption,
    OutputFormat,
    SinceOption,
    UntilOption,
    WideOption,
    argument,
    emit_rows,
    guarded,
    option,
    say,
    table_layout,
    today,
)
from openwatch.cli.complete import complete_company, complete_model
from openwatch.cli.options import parse_directions, parse_recorded_since
from openwatch.cli.reading import make_filters
from openwatch.render.listing import Listing

CHANGES_FOUND_EXIT = 3


class ChangesFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    atom = "atom"


def register(app: typer.Typer) -> None:
    app.command("timeline")(guarded(timeline))
    app.command("status")(guarded(status))
    app.command("diff")(guarded(diff))
    app.command("changes")(guarded(changes))
    app.command("conflicts")(guarded(conflicts))
    app.command("gap")(guarded(gap))
    app.command("report")(guarded(report))


_T = options.TIMELINE


def timeline(
    company: Annotated[str, argument(_T.param("company"), autocompletion=complete_company)],
    model: Annotated[str | None, option(_T.param("model"), autocompletion=complete_model)] = None,
    company_wide: Annotated[bool, option(_T.param("company_wide"))] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    chart: Annotated[bool, option(_T.param("chart"))] = False,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Show a company's claims in order, marking each stance move.

    Moves are opened (up the scale), closed (down), changed (to or from
    mixed/unknown) and new (a series' first claim); claims that disagree on
    one date are marked as a conflict. With --chart, each series is a lane
    across time showing the stance held as its level (0 closed .. 7
    open-source, m mixed, ? unknown); planned stretches alternate with dots
    and ! marks a conflict.

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
        columns=columns,
        wide=wide,
        company_wide=company_wide,
    )


_S = options.STATUS


def status(
    company: Annotated[list[str] | None, argument(_S.param("company"), autocompletion=complete_company)] = None,
    as_of: Annotated[str | None, option(_S.param("as_of"))] = None,
    evidence: Annotated[bool, option(_S.param("evidence"))] = False,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    columns: ColumnsOption = None,
    wide: WideOption = False,
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

    status_view(
        company=company,
        as_of=as_of,
        kind=kind,
        no_planned=no_planned,
        fmt=fmt,
        db=db,
        columns=columns,
        wide=wide,
        evidence=evidence,
    )


CompanyArgument = Annotated[str, argument(options.COMPANY_ARGUMENT)]
SomeCompanyArgument = Annotated[str | None, typer.Argument(metavar="COMPANY", help="Only this company (default: all).")]


def diff(
    company: CompanyArgument,
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
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Compare each series' stance at FROM and at TO, with the claims between.

    The direction is opened, closed, changed (to or from mixed/unknown),
    unchanged, or new when the series had no claim by FROM.

    Example: openwatch diff Meta --from 2025-05-01 --to 2025-08-01
    """
    table_layout(columns, wide)
    from openwatch.api import Tracker
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.render import listings
    from openwatch.render.records import DIFF

    now = today()
    start = parse_since(from_, now)
    end = parse_until(to, now) if to else now
    filters = make_filters(kind, no_planned)
    with Tracker.open(db) as tracker:
        found = tracker.diff(company, start=start, end=end, filters=filters)
    conflicted = [row.conflict for row in found.rows]
    emit_rows(fmt, DIFF, found.rows, lambda records: listings.diff(found.company, start, end, records, conflicted))


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
            "--direction",
            "-d",
            metavar="DIRECTION",
            help="opened, closed, changed or new; repeat for more.",
            show_default=False,
        ),
    ] = None,
    company: CompaniesOption = None,
    kind: KindOption = None,
    no_planned: NoPlannedOption = False,
    fail_on_change: Annotated[
        bool, typer.Option("--fail-on-change", help="Exit with code 3 when any move matched (for cron or CI).")
    ] = False,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: Annotated[
        ChangesFormat,
        typer.Option("--format", "-f", help="Output format: table, json, csv, or atom (an Atom feed of the moves)."),
    ] = ChangesFormat.table,
    db: DbOption = None,
) -> None:
    """List stance moves across all vendors, newest first: the feed to watch.

    A series' first claim counts as a move (new). --since and --until select
    by the claim's date; --recorded-since by when it was entered, so a
    backdated claim entered after the last run still shows.

    \b
    Example: openwatch changes --since 6m --direction closed
    Example: openwatch changes --recorded-since 2025-07-14T00:00:00Z --direction closed --fail-on-change
    Example: openwatch changes --format atom > moves.xml
    """
    table_layout(columns, wide)
    from openwatch.api import Tracker
    from openwatch.core.dates import parse_since, parse_until
    from openwatch.render import listings
    from openwatch.render.records import CHANGES

    now = today()
    start = parse_since(since, now) if since else None
    end = parse_until(until, now) if until else None
    entered = parse_recorded_since(recorded_since, now) if recorded_since else None
    directions = parse_directions(direction)
    filters = make_filters(kind, no_planned)
    with Tracker.open(db) as tracker:
        moves = tracker.changes(
            since=start, until=end, recorded_since=entered, companies=company, filters=filters, directions=directions
        )
    if fmt is ChangesFormat.atom:
        import sys

        from openwatch.publish.feeds import changes_feed

        # Every move that matched, newest recorded first (the site's feeds keep the newest 100).
        sys.stdout.write(changes_feed(moves, as_of=end or now))
    else:
        emit_rows(OutputFormat(fmt.value), CHANGES, moves, listings.changes)
    if fail_on_change and moves:
        raise typer.Exit(CHANGES_FOUND_EXIT)


def conflicts(
    company: SomeCompanyArgument = None,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List claims of one series on one date that disagree about the stance.

    Conflicts are shown, never resolved: status and diff take the strongest
    evidence of the day but mark it.

    Example: openwatch conflicts Meta --format json
    """
    table_layout(columns, wide)
    from openwatch.api import Tracker
    from openwatch.render import listings
    from openwatch.render.records import CONFLICTS

    with Tracker.open(db) as tracker:
        found = tracker.conflicts(company)

    def listing(_: object) -> Listing:
        return listings.conflicts(
            [
                {
                    "date": str(c.date),
                    "company": c.company,
                    "model": c.model,
                    "stance": m.stance.value,
                    "planned": m.planned,
                    "kind": m.kind.value,
                    "source": m.source,
                    "claim_id": m.id,
                }
                for c in found
                for m in c.claims
            ]
        )

    emit_rows(fmt, CONFLICTS, found, listing)


def gap(
    company: SomeCompanyArgument = None,
    columns: ColumnsOption = None,
    wide: WideOption = False,
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
    table_layout(columns, wide)
    from openwatch.api import Tracker
    from openwatch.render import listings
    from openwatch.render.records import GAP

    with Tracker.open(db) as tracker:
        found = tracker.gap([company] if company else None)
    emit_rows(fmt, GAP, found, lambda records: listings.gap("Said versus shipped", records))


def report(
    company: CompanyArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write: .md, .html or .svg.",
            dir_okay=False,
            show_default=False,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Read every section as of this date (default: today)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a company's chart, status, said-versus-shipped and timeline to a file.

    The format follows the extension: Markdown with every source linked
    (.md), a self-contained web page (.html), or the chart alone (.svg).
    --as-of applies to every section: claims dated after it are left out.

    Example: openwatch report Meta -o meta.html --as-of 2025-08-01
    """
    from openwatch.api import Tracker
    from openwatch.cli.output import replacing_file
    from openwatch.core.dates import parse_until
    from openwatch.core.errors import InvalidValue
    from openwatch.publish.report import REPORT_SUFFIXES, company_report_text
    from openwatch.publish.tracker_source import TrackerSource

    suffix = output.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InvalidValue("output", f"cannot tell the format of '{output}': end the name in .md, .html or .svg")
    now = today()
    day = parse_until(as_of, now) if as_of else now
    with Tracker.open(db) as tracker:
        tracker.check_output_path(output)  # report -o tracker.db once replaced the database
        name = tracker.company(company).name
        text = company_report_text(TrackerSource(tracker), name, day, suffix)
    with replacing_file(output) as out:
        out.write(text)
    say(f"Wrote {output}")
