"""Full-text search over quotes, notes, sources and models."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli.common import DbOption, FormatOption, OutputFormat, guarded
from openwatch.cli.complete import complete_company


def register(app: typer.Typer) -> None:
    app.command("search")(guarded(search))


def search(
    text: Annotated[
        str,
        typer.Argument(metavar="TEXT", help='Words to find; FTS5 syntax: "a phrase", AND, OR, NOT, prefix*.'),
    ],
    company: Annotated[
        str | None,
        typer.Option(
            "--company", "-c", metavar="COMPANY", help="Only this company's claims.", autocompletion=complete_company,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", min=1, help="At most this many results.")] = 50,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Search claims' quotes, notes, sources and models, best match first.

    Ranked by relevance (bm25), newest first among equals; retracted claims
    are left out. Words may be combined with AND, OR and NOT, "quoted" as a
    phrase, or end in * to match a prefix.

    \b
    Example: openwatch search "open source" --company Meta
    Example: openwatch search 'licen*' --limit 5 --format json
    """
    from openwatch.cli.reading import search_view

    search_view(text=text, company=company, limit=limit, fmt=fmt, db=db)
