"""What may create a database: init, imports of files and of another index's records.

These take a database path rather than an open ``Tracker``: an import into
a database that is not there yet builds it under another name and puts it in
place only when the import has committed, so a failed import leaves no empty
database behind to be mistaken for a real one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openwatch.core.claim import Claim
from openwatch.core.dates import PartialDate
from openwatch.core.validate import ClaimFields

if TYPE_CHECKING:
    from openwatch.exchange.eosai import IndexRecord
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
    from openwatch.store.names import choices_for_completion

    return choices_for_completion(db, models_of=company, models=models)


def init(db: DbPath = None) -> Path:
    """Create the database (and its folder) if it is not there; return its path."""
    from openwatch.store.db import open_database

    with open_database(db, create=True) as database:
        return database.path


def add(db: DbPath, fields: ClaimFields, *, now: datetime, today: date, new_name: bool = False) -> Claim:
    """Check ``fields``, then record the claim, creating the database if needed (not for a bad claim).

    A company or model that is not tracked but is a near miss of one that is
    (``Metaa``, Cyrillic ``Меta``) is refused (``NearMissName``, exit 2)
    unless ``new_name`` says it is meant.
    """
    from openwatch.api.tracker import Tracker
    from openwatch.core.validate import build_claim, new_claim_id

    claim = build_claim(fields, claim_id=new_claim_id(), recorded_at=now, today=today)
    with Tracker.open(db, create=True) as tracker:
        if not new_name:
            tracker.refuse_near_miss(claim.company, claim.model)
        return tracker.add_claim(claim)


def import_records(
    db: DbPath, rows: Iterator[tuple[str, Any]], options: ImportOptions, progress: ProgressCallback | None = None
) -> ImportReport:
    """Import claim (and alias) records into the database, in one transaction (``store.bulk``)."""
    from openwatch.store.bulk import import_records as bulk_import
    from openwatch.store.claims import everything_as_records
    from openwatch.store.db import StagedDatabase, open_database, resolve_path

    path = resolve_path(db)
    if path.exists():
        with open_database(path, create=True) as database:
            return bulk_import(database.conn, rows, options, progress)
    if options.dry_run:
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


@dataclass(slots=True)
class IndexImport:
    """What an index import did (or, dry, would do)."""

    snapshot: PartialDate
    read: int = 0
    added: list[Claim] = field(default_factory=list)
    reassessed: list[Claim] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[str] = field(default_factory=list)
    new_companies: dict[str, list[str]] = field(default_factory=dict)
    """Organisations the tracker did not know, with the nearest known companies."""
    written: bool = False


def import_eosai(
    db: DbPath, path: Path, *, as_of: PartialDate, now: datetime, today: date, dry_run: bool, skip_invalid: bool
) -> IndexImport:
    """The European Open Source AI Index's records at ``path`` as assessed claims.

    Every record is checked like any imported claim. With a bad record and
    without ``skip_invalid`` nothing is written (``invalid`` lists them all,
    ``written`` is False); ``dry_run`` writes nothing. A claim's id is fixed by
    the index's grades, so the same snapshot imports once; a record whose
    grades changed since an earlier import gets a new claim dated ``as_of``.
    """
    from openwatch.core.errors import OpenwatchError
    from openwatch.exchange.eosai import IndexRecord, read_records
    from openwatch.exchange.readers import record_to_claim

    result = IndexImport(as_of)
    checked: list[tuple[IndexRecord, Claim]] = []
    for location, read in read_records(path, snapshot=str(as_of)):
        result.read += 1
        if not isinstance(read, IndexRecord):
            result.invalid.append(read.message)
            continue
        try:
            claim = record_to_claim(read.fields, now=now, today=today)
        except OpenwatchError as error:
            result.invalid.append(f"{location}: {error.message}")
            continue
        checked.append((read, claim))
    if result.invalid and not skip_invalid:
        return result
    if as_of.start < max((c.date.start for _, c in checked), default=as_of.start):
        latest = max(str(c.date) for _, c in checked)
        raise OpenwatchError(
            f"--as-of {as_of} is before the newest release date in the records ({latest}): "
            "give the date the snapshot was taken"
        )
    _store_index(db, checked, result, dry_run=dry_run)
    return result


def _store_index(db: DbPath, checked: list[tuple[IndexRecord, Claim]], result: IndexImport, *, dry_run: bool) -> None:
    from openwatch.core.claim import name_key, near_matches
    from openwatch.exchange.eosai import ID_PREFIX, is_assessment_of
    from openwatch.store.claims import existing_ids, ids_with_prefix, insert_claim
    from openwatch.store.db import open_database, resolve_path, write_transaction
    from openwatch.store.names import company_names, find_company

    if dry_run and not resolve_path(db).exists():
        # Nothing to compare with: everything would be added, every organisation is new.
        for _, claim in checked:
            if claim.id not in {c.id for c in result.added}:
                result.added.append(claim)
                result.new_companies.setdefault(claim.company, [])
        return
    with open_database(db, create=True) as database, write_transaction(database.conn, commit=not dry_run) as conn:
        present = existing_ids(conn, [c.id for _, c in checked])
        known = company_names(conn)
        seen: set[str] = set()
        new_keys: set[str] = set()
        for record, claim in checked:
            if claim.id in present or claim.id in seen:
                result.unchanged += claim.id in present
                continue
            seen.add(claim.id)
            earlier = [
                i
                for i in ids_with_prefix(conn, f"{ID_PREFIX}{record.key}-")
                if i != claim.id and is_assessment_of(i, record.key)
            ]
            if earlier:
                # The index changed its verdict: a new assessment, dated when it was made.
                claim = replace(claim, date=result.snapshot)
                result.reassessed.append(claim)
            else:
                result.added.append(claim)
            if find_company(conn, claim.company) is None and name_key(claim.company) not in new_keys:
                new_keys.add(name_key(claim.company))
                result.new_companies[claim.company] = near_matches(claim.company, known)
            if not dry_run:
                insert_claim(conn, claim)
    result.written = not dry_run
