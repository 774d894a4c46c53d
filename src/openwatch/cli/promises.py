"""Promises and what became of them; the stance scale and the kinds, explained."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli.common import (
    ColumnsOption,
    DbOption,
    FormatOption,
    OutputFormat,
    WideOption,
    emit_rows,
    guarded,
    table_layout,
    today,
)
from openwatch.cli.complete import complete_company


def register(app: typer.Typer) -> None:
    app.command("promises")(guarded(promises))
    app.command("stances")(guarded(stances))


def promises(
    company: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMPANY]...", help="Only these companies.", autocompletion=complete_company),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only promises with this status: kept, broken, in-doubt, pending or overdue (repeatable).",
        ),
    ] = None,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List every promise and what became of it: kept, broken, in doubt, pending, overdue.

    A promise is a planned claim of kind stated: the vendor's own word on
    what it will do, with the date it named, if any (add --due). It is kept
    when a later claim that is not planned reaches the promised stance,
    broken when one settles below it (or the vendor lowers it), in doubt
    when only press reports point below it since, pending otherwise, and
    overdue once the date it named has passed. Each row says which claim
    settled it and how many days it took.

    Example: openwatch promises OpenAI --status kept
    """
    from openwatch.api import Tracker
    from openwatch.core.promises import parse_promise_status
    from openwatch.render import listings
    from openwatch.render.records import PROMISES

    table_layout(columns, wide)
    wanted = {parse_promise_status(value) for value in status} if status else None
    with Tracker.open(db) as tracker:
        found = tracker.promises(company, today=today(), statuses=wanted)
    emit_rows(fmt, PROMISES, found, listings.promises)


def stances(fmt: FormatOption = OutputFormat.table) -> None:
    """Explain the stance scale and the kinds of evidence, one line and one example each.

    The stances run from closed (0) to open-source (7), with mixed and
    unknown off the scale; the kind says how we know (reported, stated,
    observed, assessed). JSON gives {"stances": [...], "kinds": [...]}.

    Example: openwatch stances --format json
    """
    import sys

    from openwatch.core.reference import reference_record

    reference = reference_record()
    if fmt is OutputFormat.json:
        import json

        sys.stdout.write(json.dumps(reference, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is OutputFormat.csv:
        from openwatch.exchange.writers import write_csv

        rows = [{"group": "stance", **r} for r in reference["stances"]] + [
            {"group": "kind", "level": None, **r} for r in reference["kinds"]
        ]
        write_csv(("group", "name", "level", "meaning", "example"), rows, sys.stdout)
        return
    from openwatch.render import listings
    from openwatch.render.output import show_table

    scale, evidence = listings.stances(reference["stances"], reference["kinds"])
    show_table(scale)
    sys.stdout.write("\n")
    show_table(evidence)
