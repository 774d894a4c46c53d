"""``openwatch verify``: check that each claim's link still holds what it is cited for."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, emit_rows, say, today
from openwatch.cli.complete import complete_company

if TYPE_CHECKING:
    from openwatch.api import Tracker
    from openwatch.core.evidence import ProblemRow

PROBLEM_FOUND_EXIT = 3


def register(app: typer.Typer) -> None:
    from openwatch.cli.common import guarded

    app.command("verify")(guarded(verify))


def verify(
    companies: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMPANY]...",
            help="Only these companies' claims (all when none is named).",
            show_default=False,
            autocompletion=complete_company,
        ),
    ] = None,
    claim: Annotated[
        str | None,
        typer.Option(
            "--claim", metavar="ID", help="Only this claim (an id or a unique prefix), however recently checked."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Only claims dated on or after DATE (or a span: 6m).")
    ] = None,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            metavar="AGE",
            help="Check links never checked or last checked longer ago than AGE (30d, 12h, 2w, 6m, 1y); 0d checks all.",
        ),
    ] = "30d",
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", metavar="N", min=1, max=64, help="Requests in flight in all (2 at most to one host)."
        ),
    ] = 16,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, metavar="SECONDS", help="Seconds for each request, start to end.")
    ] = 20.0,
    archive: Annotated[
        bool | None,
        typer.Option(
            "--archive/--no-archive",
            help="--archive asks the Internet Archive to save a copy where none exists; "
            "--no-archive skips the look-up. By default the closest copy is looked up.",
            show_default=False,
        ),
    ] = None,
    ignore_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Fetch pages even where robots.txt asks robots not to.")
    ] = False,
    report: Annotated[
        bool, typer.Option("--report", help="List what needs a look from the recorded checks; fetch nothing.")
    ] = False,
    diff: Annotated[
        str | None,
        typer.Option("--diff", metavar="ID", help="Show what changed in a claim's page text between two checks."),
    ] = None,
    fail_on_problem: Annotated[
        bool, typer.Option("--fail-on-problem", help="Exit with code 3 when any problem is listed (for cron or CI).")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Check each claim's link: still there, quote still on the page, changed since, archived copy.

    Every check is recorded. verify exits 0 whatever it finds, unless
    --fail-on-problem is given and a problem is listed (exit 3). A quote
    found on a page is not proof that a claim is right, and a page that
    changed is a prompt to look, not an error.

    \b
    Example: openwatch verify Meta --older-than 7d
    Example: openwatch verify --report --fail-on-problem
    Example: openwatch verify --diff 3f2a
    """
    from openwatch.api import Tracker
    from openwatch.core.errors import InvalidValue

    if report and diff:
        raise InvalidValue("report", "--report and --diff are two different questions: ask one at a time")
    with Tracker.open(db) as tracker:
        if diff is not None:
            _show_diff(tracker, diff, fmt)
            return
        if report:
            problems: list[ProblemRow] = tracker.check_report(companies)
        else:
            problems = _run(
                tracker,
                companies,
                claim=claim,
                since=since,
                older_than=older_than,
                concurrency=concurrency,
                timeout=timeout,
                archive=archive,
                ignore_robots=ignore_robots,
                fmt=fmt,
            )
    if report:
        from openwatch.render.checks import PROBLEMS, problems_table

        emit_rows(fmt, PROBLEMS, problems, problems_table)
    if fail_on_problem and problems:
        raise typer.Exit(PROBLEM_FOUND_EXIT)


def _run(
    tracker: Tracker,
    companies: list[str] | None,
    *,
    claim: str | None,
    since: str | None,
    older_than: str,
    concurrency: int,
    timeout: float,
    archive: bool | None,
    ignore_robots: bool,
    fmt: OutputFormat,
) -> list[ProblemRow]:
    from openwatch.core.dates import parse_since, utc_now
    from openwatch.core.evidence import checked_before
    from openwatch.render.checks import CHECKS, CheckProgress, checks_table

    start = parse_since(since, today()) if since else None
    cutoff = checked_before(older_than, utc_now())
    due = tracker.links_due(companies, claim=claim, since=start, checked_before=cutoff)
    made = 0
    with CheckProgress(len(due)) as progress:

        def advance(_: object) -> None:
            nonlocal made
            made += 1
            progress.advance()

        try:
            run = tracker.verify(
                due,
                now=utc_now,
                concurrency=concurrency,
                timeout=timeout,
                archive=archive,
                ignore_robots=ignore_robots,
                on_check=advance,
            )
        except KeyboardInterrupt:
            say(f"Interrupted: the {made} check{'s' if made != 1 else ''} made so far are recorded.")
            raise
    emit_rows(fmt, CHECKS, run.checks, checks_table)
    if due:
        problems = len(run.problems)
        say(
            f"Checked {len(run.checks)} link{'s' if len(run.checks) != 1 else ''}: "
            f"{problems} problem{'s' if problems != 1 else ''} (openwatch verify --report lists all that need a look)."
        )
    return run.problems


def _show_diff(tracker: Tracker, ref: str, fmt: OutputFormat) -> None:
    change = tracker.check_diff(ref)
    if fmt is not OutputFormat.table:
        from openwatch.core.evidence import check_record
        from openwatch.exchange.writers import write_json

        if fmt is OutputFormat.csv:
            from openwatch.core.errors import InvalidValue

            raise InvalidValue("format", "--diff shows a diff: use --format table or json")
        record = {
            "claim_id": change.claim_id,
            "older": check_record(change.older),
            "newer": check_record(change.newer),
            "diff": change.lines,
        }
        write_json([record], sys.stdout)
        return
    from openwatch.render.checks import write_diff

    if not change.lines:
        say(
            f"The page's text of claim {change.claim_id} is the same at "
            f"{change.older.checked_at.date().isoformat()} and {change.newer.checked_at.date().isoformat()}."
        )
        return
    write_diff(change.lines)
