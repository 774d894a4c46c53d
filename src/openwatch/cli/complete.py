"""Shell completion of names and values, for ``autocompletion=`` on arguments and options.

Company and model names come from the database, opened read-only: completing
never creates, migrates or locks anything, and any problem (no database, a
locked or damaged file) simply completes nothing -- a traceback in the middle
of a half-typed command line would be worse than no suggestion.

    typer.Option("--company", autocompletion=complete_company)
    typer.Option("--model", autocompletion=complete_model)  # uses the company typed before it

The common cases are answered before Typer is even imported, by
cli/complete_fast.py; these functions answer the rest, the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import typer

from openwatch.core.errors import OpenwatchError


def _matching(choices: list[str], incomplete: str) -> list[str]:
    """The choices that start with what was typed, ignoring case, each once; quoted for bash."""
    from openwatch.cli.complete_fast import matching, shell_quoted

    return shell_quoted(matching(choices, incomplete))


def _from_database(ctx: typer.Context | None, read: Callable[[sqlite3.Connection], list[str]]) -> list[str]:
    from openwatch.store.db import connect_readonly

    db = ctx.params.get("db") if ctx is not None else None
    try:
        conn = connect_readonly(db if isinstance(db, (str, Path)) else None)
    except OpenwatchError:
        return []
    try:
        return read(conn)
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tracked company names and their aliases."""
    from openwatch.store.names import company_choices

    return _matching(_from_database(ctx, company_choices), incomplete)


def complete_model(ctx: typer.Context, incomplete: str) -> list[str]:
    """Model names of the company already on the command line, else of every company."""
    from openwatch.store.names import model_choices

    company = ctx.params.get("company")
    if isinstance(company, (list, tuple)):  # export's --company may repeat
        company = company[0] if len(company) == 1 else None
    named = company if isinstance(company, str) and company.strip() else None
    return _matching(_from_database(ctx, lambda conn: model_choices(conn, named)), incomplete)


def complete_alias_target(ctx: typer.Context, incomplete: str) -> list[str]:
    """``alias add ALIAS TARGET``: a model when --company is given, else a company."""
    if ctx.params.get("company"):
        return complete_model(ctx, incomplete)
    return complete_company(ctx, incomplete)


def complete_stance(incomplete: str) -> list[str]:
    from openwatch.core.claim import Stance

    return _matching([s.value for s in Stance], incomplete)


def complete_kind(incomplete: str) -> list[str]:
    from openwatch.core.claim import Kind

    return _matching([k.value for k in Kind], incomplete)
