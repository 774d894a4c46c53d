"""Full-text search over quotes, notes, sources and models."""

from __future__ import annotations

from typing import Annotated

import typer

from openwatch.cli import options
from openwatch.cli.common import (
    ColumnsOption,
    DbOption,
    FormatOption,
    OutputFormat,
    WideOption,
    argument,
    guarded,
    option,
)
from openwatch.cli.complete import complete_company

_S = options.SEARCH


def register(app: typer.Typer) -> None:
    app.command("search")(guarded(search))


def search(
    text: Annotated[str, argument(_S.param("text"))],
    company: Annotated[str | None, option(_S.param("company"), autocompletion=complete_company)] = None,
    limit: Annotated[int, option(_S.param("limit"))] = _S.param("limit").default,
    fts: Annotated[bool, option(_S.param("fts"))] = False,
    columns: ColumnsOption = None,
    wide: WideOption = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Search claims' quotes, notes, sources and models, best match first.

    What you type is words, all of which must be found, in any inflection
    in English or French (fermé finds fermées); quotes, apostrophes and
    hyphens are text. Ranked by relevance (bm25), newest first among equals;
    retracted claims are left out. Each result shows where the words are,
    marked **like this**. With --fts the text is an SQLite FTS5 query.

    \b
    Example: openwatch search "l'ouverture" --company Meta
    Example: openwatch search 'licen* OR Behemoth' --fts --format json
    """
    from openwatch.cli.reading import search_view

    search_view(text=text, company=company, limit=limit, fts=fts, fmt=fmt, db=db, columns=columns, wide=wide)
