"""Full-text search over quotes, notes, sources and models."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli import options
from openwatch.cli.common import DbOption, FormatOption, OutputFormat, argument, guarded, option
from openwatch.cli.complete import complete_company

_S = options.SEARCH


def register(app: typer.Typer) -> None:
    app.command("search")(guarded(search))


def search(
    text: Annotated[str, argument(_S.param("text"))],
    company: Annotated[str | None, option(_S.param("company"), autocompletion=complete_company)] = None,
    limit: Annotated[int, option(_S.param("limit"))] = _S.param("limit").default,
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
