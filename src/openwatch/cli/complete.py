"""Shell completion of names and values, for ``autocompletion=`` on arguments and options.

Company and model names come from the database, opened read-only
(``openwatch.api.files.completion_choices``): completing never creates,
migrates or locks anything, and any problem simply completes nothing.

    typer.Option("--company", autocompletion=complete_company)
    typer.Option("--model", autocompletion=complete_model)  # uses the company typed before it
"""

from __future__ import annotations

from pathlib import Path

import typer


def _matching(choices: list[str], incomplete: str) -> list[str]:
    """The choices that start with what was typed, ignoring case, each once."""
    typed = incomplete.casefold()
    seen: set[str] = set()
    found = []
    for choice in choices:
        key = choice.casefold()
        if key.startswith(typed) and key not in seen:
            seen.add(key)
            found.append(choice)
    return found


def _db(ctx: typer.Context | None) -> Path | str | None:
    db = ctx.params.get("db") if ctx is not None else None
    return db if isinstance(db, (str, Path)) else None


def complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tracked company names and their aliases."""
    from openwatch.api.files import completion_choices

    return _matching(completion_choices(_db(ctx)), incomplete)


def complete_model(ctx: typer.Context, incomplete: str) -> list[str]:
    """Model names of the company already on the command line, else of every company."""
    from openwatch.api.files import completion_choices

    company = ctx.params.get("company")
    if isinstance(company, (list, tuple)):  # export's --company may repeat
        company = company[0] if len(company) == 1 else None
    named = company if isinstance(company, str) and company.strip() else None
    return _matching(completion_choices(_db(ctx), models=True, company=named), incomplete)


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
