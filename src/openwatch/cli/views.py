"""History views: timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, guarded
from openwatch.cli.complete import complete_company, complete_kind, complete_model
from openwatch.cli.reading import parse_kinds

__all__ = ["KindOption", "NoPlannedOption", "parse_kinds", "register", "timeline"]

KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
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


def timeline(
    company: Annotated[
        str,
        typer.Argument(help="A tracked company (or one of its aliases).", autocompletion=complete_company),
    ],
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Only this model's series.", autocompletion=complete_model),
    ] = None,
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
    from openwatch.cli.reading import timeline_view

    timeline_view(
        company=company,
        model=model,
        since=since,
        until=until,
        kind=kind,
        no_planned=no_planned,
        fmt=fmt,
        db=db,
    )
