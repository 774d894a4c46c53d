"""Setting up and looking around: init, companies, models, alias, db."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openwatch.cli import options
from openwatch.cli.common import (
    DbOption,
    FormatOption,
    OutputFormat,
    argument,
    emit_rows,
    guarded,
    option,
    say,
    today,
)
from openwatch.cli.complete import complete_alias_target, complete_company


def register(app: typer.Typer) -> None:
    app.command("init")(guarded(init))
    app.command("companies")(guarded(companies))
    app.command("models")(guarded(models))
    alias_app = typer.Typer(
        help='Other names for a company or a model.\n\nExample: openwatch alias add "Meta Platforms" Meta',
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    alias_app.command("add")(guarded(alias_add))
    alias_app.command("list")(guarded(alias_list))
    alias_app.command("remove")(guarded(alias_remove))
    app.add_typer(alias_app, name="alias")
    db_app = typer.Typer(
        help="The database file: where it is, a check of it, a safe copy.\n\nExample: openwatch db check",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    db_app.command("path")(guarded(db_path))
    db_app.command("check")(guarded(db_check))
    db_app.command("backup")(guarded(db_backup))
    app.add_typer(db_app, name="db")


def init(
    sample: Annotated[bool, typer.Option("--sample", help="Also load the bundled, sourced sample claims.")] = False,
    db: DbOption = None,
) -> None:
    """Create the database, and with --sample load the sample data set.

    Running it again is safe: it adds only sample claims that are missing and
    never changes claims already there.

    Example: openwatch init --sample
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import utc_now

    with Tracker.open(db, create=True) as tracker:
        if not sample:
            say(f"Database ready at {tracker.path}")
            return
        loaded = tracker.load_sample(now=utc_now(), today=today())
        say(f"Sample data: {loaded.added} claims added, {loaded.present} already there ({tracker.path})")


def companies(
    prune: Annotated[bool, option(options.COMPANIES.param("prune"))] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List tracked companies with their number of claims and models.

    With --prune, first remove the companies left without any claim (a typo
    fixed with 'edit'), with their models and aliases; the claims' history
    still names them.

    Example: openwatch companies --format json
    """
    from openwatch.cli.reading import companies_view

    companies_view(fmt=fmt, db=db, prune=prune)


def models(
    company: Annotated[str | None, argument(options.MODELS.param("company"), autocompletion=complete_company)] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List tracked models, for one company or all.

    Example: openwatch models Meta
    """
    from openwatch.cli.reading import models_view

    models_view(company=company, fmt=fmt, db=db)


def alias_add(
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help="The other name.")],
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="The tracked company (or, with --company, model) it stands for.",
            autocompletion=complete_alias_target,
        ),
    ],
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            "-c",
            metavar="COMPANY",
            help="Make a model alias within this company.",
            autocompletion=complete_company,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Let ALIAS stand for a tracked company, or with --company for a model.

    When ALIAS is itself a tracked company, it is merged into TARGET: its
    claims move (each keeps its history, with a new version saying so), its
    models and aliases join TARGET's, and the merge is recorded.

    \b
    Example: openwatch alias add "Meta Platforms" Meta
    Example: openwatch alias add "Google AI" Google
    Example: openwatch alias add "Llama-3.1-405B" "Llama 3.1" --company Meta
    """
    from openwatch.api import Tracker
    from openwatch.core.dates import utc_now
    from openwatch.core.names import Merge

    with Tracker.open(db) as tracker:
        added = tracker.add_alias(alias, target, company=company, now=utc_now())
    if isinstance(added, Merge):
        say(
            f"Merged {added.merged} into {added.into}: {added.claims} claims and "
            f"{added.models} models moved; '{added.merged}' now means {added.into}"
        )
    elif added.model is None:
        say(f"'{added.alias}' now means {added.company}")
    else:
        say(f"'{added.alias}' now means {added.company} / {added.model}")


def alias_list(
    company: Annotated[
        str | None,
        typer.Argument(metavar="COMPANY", help="Only this company's aliases.", autocompletion=complete_company),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List aliases of companies and models.

    Example: openwatch alias list --format csv
    """
    from openwatch.api import Tracker
    from openwatch.render import listings
    from openwatch.render.records import ALIASES

    with Tracker.open(db) as tracker:
        found = tracker.aliases(company)
    emit_rows(fmt, ALIASES, found, listings.aliases)


def alias_remove(
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help="The alias to remove.")],
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            "-c",
            metavar="COMPANY",
            help="Remove a model alias of this company.",
            autocompletion=complete_company,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Remove an alias; claims are not touched.

    Example: openwatch alias remove "Meta Platforms"
    """
    from openwatch.api import Tracker

    with Tracker.open(db) as tracker:
        removed = tracker.remove_alias(alias, company=company)
    say(f"Removed alias '{removed.alias}'")


def db_path(db: DbOption = None) -> None:
    """Print the path of the database in use (it need not exist yet).

    Example: datasette "$(openwatch db path)"
    """
    from openwatch.api.files import database_path

    typer.echo(str(database_path(db)))


def db_check(fmt: FormatOption = OutputFormat.table, db: DbOption = None) -> None:
    """Check the database: SQLite's integrity and openwatch's own promises.

    Runs SQLite's integrity_check and foreign_key_check, then checks that the
    schema is one this openwatch knows, that every claim has a 'created'
    version and its latest version matches it, that the full-text index
    covers every claim, and that no observed claim's stance contradicts its
    own licence (the licence table). Exits 1 with a report when anything is
    wrong.

    Example: openwatch db check
    """
    from openwatch.api import Tracker
    from openwatch.core.errors import DatabaseError
    from openwatch.render import listings
    from openwatch.render.records import CHECKS

    with Tracker.open(db) as tracker:
        results = tracker.check()
        path = tracker.path
    emit_rows(fmt, CHECKS, results, listings.checks)
    failed = [r for r in results if not r.ok]
    if failed and all(r.name == "licences" for r in failed):
        # The file is sound; some claims contradict their own licences: data to correct, not damage.
        from openwatch.core.errors import OpenwatchError

        raise OpenwatchError(
            f"{path}: {failed[0].total} observed claim(s) contradict their own licence (listed above); "
            "nothing was changed: correct them with 'openwatch edit ID --stance ...' or '--license ...'"
        )
    if failed:
        count = sum(r.total for r in failed)
        raise DatabaseError(
            f"{path} failed {len(failed)} of {len(results)} checks ({count} problems): "
            "restore it from a backup, or keep a copy of it before changing anything"
        )
    say(f"{path}: all {len(results)} checks passed")


def db_backup(
    target: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Copy the database to FILE, consistently, even while others write to it.

    Uses SQLite's online backup; the copy is written beside FILE under a
    temporary name and renamed into place, so FILE is never half written.
    An existing FILE is kept unless --force.

    Example: openwatch db backup ~/openwatch-2025-07-14.db
    """
    from openwatch.api import Tracker

    with Tracker.open(db) as tracker:
        copy = tracker.backup(target.expanduser(), force=force)
    say(f"Backed up {tracker.path} to {target} ({copy.claims} claims, {copy.size:,} bytes)")
