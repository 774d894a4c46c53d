"""What may create a database: init, add, imports of files (other indexes' records: api/indexes.py).

These take a database path rather than an open ``Tracker``: an import into
a database that is not there yet builds it under another name and puts it in
place only when the import has committed, so a failed import leaves no empty
database behind to be mistaken for a real one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # shell completion imports this module: only what it needs at run time
    from openwatch.core.claim import Claim
    from openwatch.core.validate import ClaimFields
    from openwatch.store.bulk import ImportOptions, ImportReport, ProgressCallback

DbPath = str | os.PathLike[str] | None


def database_path(db: DbPath = None) -> Path:
    """The database a path (or, with None, ``$OPENWATCH_DB`` or the default) means; it need not exist."""
    from openwatch.store.db import resolve_path

    return resolve_path(db)


def sqlite_version() -> str:
    """The version of SQLite openwatch runs on."""
    from openwatch.store.db import sqlite_version as version

    return version()


def completion_choices(db: DbPath, *, models: bool = False, company: str | None = None) -> list[str]:
    """Tracked names for shell completion: companies and their aliases, or models (of ``company``)."""
    from openwatch.store.completion import choices_for_completion

    return choices_for_completion(db, models_of=company, models=models)


def init(db: DbPath = None) -> Path:
    """Create the database (and its folder) if it is not there; return its path."""
    from openwatch.store.db import open_database

    with open_database(db, create=True) as database:
        return database.path


def add(db: DbPath, fields: ClaimFields, *, now: datetime, today: date, new_name: bool = False) -> Claim:
    """Check ``fields``, then record the claim, creating the database if needed (not for a bad claim).

    A company or model that is not tracked but is a near miss of one that is
    (``Metaa``, Cyrillic ``Меta``) is refused (a usage error) unless
    ``new_name`` says it is meant. A copy of a stored claim is recorded all
    the same (``add_checked`` is what the command line uses).
    """
    added = add_checked(db, fields, now=now, today=today, again=True, new_name=new_name)
    assert added.claim is not None  # with again, always stored
    return added.claim


@dataclass(frozen=True, slots=True)
class Added:
    """What ``add_checked`` did: the claim stored, or the id of the stored claim it repeats."""

    claim: Claim | None
    already: str | None = None


NameChoice = Callable[[str, str, list[str]], str]
"""Asked which name to use: (field, the name typed, the tracked names it is close to) -> the name to record."""


def add_checked(
    db: DbPath,
    fields: ClaimFields,
    *,
    now: datetime,
    today: date,
    again: bool = False,
    new_name: bool = False,
    choose: NameChoice | None = None,
) -> Added:
    """``add`` as a person types it: a copy of a stored claim is not stored again (unless ``again``),
    and a new name close to a tracked one is asked about (``choose``), or refused (a usage error)
    unless ``new_name`` says it is meant."""
    from dataclasses import replace

    from openwatch.api.tracker import Tracker
    from openwatch.core.matching import NearMissName
    from openwatch.core.validate import build_claim, new_claim_id

    claim = build_claim(fields, claim_id=new_claim_id(), recorded_at=now, today=today)
    with Tracker.open(db, create=True) as tracker:
        near = tracker.near_names(claim.company, claim.model)
        if near and not new_name:
            for field, typed, close in (("company", claim.company, near.company), ("model", claim.model, near.model)):
                if not close or typed is None:
                    continue
                if choose is None:
                    raise NearMissName(field, typed, close)
                chosen = choose(field, typed, close)
                claim = replace(claim, company=chosen) if field == "company" else replace(claim, model=chosen)
        if not again:
            already = tracker.same_content(claim)
            if already is not None:
                return Added(None, already)
        return Added(tracker.add_claim(claim))


def name_snapshot(db: DbPath) -> dict[str, list[str]] | None:
    """The tracked companies and their models (None: no database yet), to compare after an import."""
    from openwatch.api.tracker import Tracker
    from openwatch.store.db import resolve_path
    from openwatch.store.entry import name_table

    if not resolve_path(db).exists():
        return None
    with Tracker.open(db) as tracker:
        return name_table(tracker.conn)


def new_near_misses(db: DbPath, before: dict[str, list[str]] | None) -> list[str]:
    """What an import added under a name close to one tracked before it: one line each (reported, not refused)."""
    from openwatch.core.matching import name_key, near_miss

    after = name_snapshot(db)
    if not before or after is None:
        return []
    lines = []
    known = {name_key(name): name for name in before}
    for company, models in after.items():
        tracked = known.get(name_key(company))
        if tracked is None:
            close = near_miss(company, list(before))
            if close:
                lines.append(f"new company '{company}' is close to tracked " + " or ".join(f"'{c}'" for c in close))
            continue
        old_models = {name_key(m) for m in before[tracked]}
        for model in models:
            if name_key(model) not in old_models:
                close = near_miss(model, before[tracked])
                if close:
                    lines.append(
                        f"new model '{model}' of {company} is close to tracked " + " or ".join(f"'{c}'" for c in close)
                    )
    return lines


def import_records(
    db: DbPath, rows: Iterator[tuple[str, Any]], options: ImportOptions, progress: ProgressCallback | None = None
) -> ImportReport:
    """Import claim (and alias) records into the database, in one transaction (``store.bulk``)."""
    from openwatch.store.bulk import import_records as bulk_import
    from openwatch.store.claims import everything_as_records
    from openwatch.store.db import open_database, resolve_path
    from openwatch.store.staged import StagedDatabase

    path = resolve_path(db)
    if path.exists():
        with open_database(path, create=True) as database:
            return bulk_import(database.conn, rows, options, progress)
    if options.dry_run:
        import tempfile

        with (
            tempfile.TemporaryDirectory(prefix="openwatch-dry-run-") as folder,
            open_database(Path(folder) / "dry-run.db", create=True) as database,
        ):
            return bulk_import(database.conn, rows, options, progress)
    with StagedDatabase(path) as staged:
        report = bulk_import(staged.conn, rows, options, progress)
        wrote_something = report.tally.added or report.tally.aliases_added  # (every row refused: no file)
        if not report.written or not wrote_something or staged.publish():
            return report
        # Another process made the database while this import ran: copy what
        # was imported into it, exactly as an export and import would.
        with open_database(staged.path) as source, open_database(path, create=True) as database:
            return bulk_import(database.conn, everything_as_records(source.conn), options)
