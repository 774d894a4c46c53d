"""``db check``: SQLite's own checks plus openwatch's promises about its data.

Each check returns the problems it found (none when all is well). A check
that cannot even run on a damaged file reports that as its problem, so one
broken part never hides the report on the others.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from openwatch.core.checks import CheckResult
from openwatch.core.records import claim_to_record
from openwatch.core.revisions import field_changes
from openwatch.store.migrations import APPLICATION_ID, MIGRATION_COUNT, MIGRATION_NAMES, MIGRATION_SET
from openwatch.store.rows import SELECT_CLAIMS, row_to_claim


def _integrity(conn: sqlite3.Connection, result: CheckResult) -> None:
    for (message,) in conn.execute("PRAGMA integrity_check(100)"):
        if message != "ok":
            result.add(str(message))


def _foreign_keys(conn: sqlite3.Connection, result: CheckResult) -> None:
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        result.add(f"{table} row {rowid} points at a missing row of {parent}")


def _schema(conn: sqlite3.Connection, result: CheckResult) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        result.add(f"the file is not marked as an openwatch database (application id {application_id})")
    if version != MIGRATION_COUNT:
        result.add(f"schema version {version}, expected {MIGRATION_COUNT}")
    names = {
        row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))
    }
    for name in sorted(MIGRATION_NAMES - names):
        result.add(f"migration {name} is not recorded as applied")
    for name in sorted(names - MIGRATION_NAMES):
        result.add(f"migration {name} is unknown to this openwatch")


_CLAIMS_WITH_LATEST = SELECT_CLAIMS.replace(
    " FROM claims c",
    ", (SELECT v.data FROM claim_versions v WHERE v.claim_id = c.id ORDER BY v.id DESC LIMIT 1) FROM claims c",
    1,
)


def _versions(conn: sqlite3.Connection, result: CheckResult) -> None:
    """Every claim's history starts with 'created' and ends with what the claim holds now.

    Only the latest version may be without data: it then stands for the claim as it is.
    """
    for (claim_id,) in conn.execute(
        "SELECT c.id FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_versions v"
        " WHERE v.claim_id = c.id AND v.change = 'created'"
        " AND v.id = (SELECT min(id) FROM claim_versions w WHERE w.claim_id = c.id))"
    ):
        result.add(f"claim {claim_id} has no 'created' version first in its history")
    for (claim_id,) in conn.execute(
        "SELECT DISTINCT v.claim_id FROM claim_versions v WHERE v.data IS NULL"
        " AND v.id <> (SELECT max(id) FROM claim_versions w WHERE w.claim_id = v.claim_id)"
    ):
        result.add(f"claim {claim_id} has a version without data that is not its latest")
    for row in conn.execute(_CLAIMS_WITH_LATEST + " ORDER BY c.pk"):
        claim_id, data = str(row[0]), row[-1]
        try:
            current = claim_to_record(row_to_claim(row))
        except (ValueError, TypeError) as error:
            result.add(f"claim {claim_id} holds a value openwatch cannot read: {error}")
            continue
        if data is None:
            continue  # "as it is now" (a bulk-imported claim not changed since), or no version: reported above
        try:
            latest = json.loads(data)
        except ValueError:
            result.add(f"claim {claim_id}: its latest version is not valid JSON")
            continue
        differing = field_changes(latest, current) if isinstance(latest, dict) else None
        if differing is None:
            result.add(f"claim {claim_id}: its latest version is not a record")
        elif differing:
            names = ", ".join(change.field for change in differing)
            result.add(f"claim {claim_id} differs from its latest version in: {names}")


def _search_index(conn: sqlite3.Connection, result: CheckResult) -> None:
    """The full-text index holds every claim in force once (retracted ones not), with its words now."""
    from openwatch.store.search import create_index_sql, fill

    # FTS5's own check is a write statement: on a read-only file, or while
    # another program holds the write lock, it cannot run -- which says
    # nothing about the index. It is skipped then (not waited for: busy
    # timeout 0), and the comparisons below, which only read, still run.
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as error:
        name = str(getattr(error, "sqlite_errorname", "") or "")
        if not name.startswith(("SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_LOCKED")):
            result.add(f"the index is damaged: {error}")
            return
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    missing = conn.execute(
        "SELECT count(*) FROM claims WHERE retracted_at IS NULL AND pk NOT IN (SELECT id FROM claims_fts_docsize)"
    ).fetchone()[0]
    stray = conn.execute(
        "SELECT count(*) FROM claims_fts_docsize WHERE id NOT IN (SELECT pk FROM claims WHERE retracted_at IS NULL)"
    ).fetchone()[0]
    if missing:
        result.add(f"{missing} claims are missing from the index")
    if stray:
        result.add(f"the index holds {stray} rows that are no claim in force")
    if missing or stray:
        return
    # Build the index afresh in a temporary table and compare their vocabularies:
    # an index entry left stale by a change to a claim shows up as a difference.
    conn.execute(create_index_sql("temp.check_fts"))
    try:
        fill(conn, table="temp.check_fts")
        conn.execute("CREATE VIRTUAL TABLE temp.check_vocab_now USING fts5vocab(temp, check_fts, 'row')")
        conn.execute("CREATE VIRTUAL TABLE temp.check_vocab_stored USING fts5vocab(main, claims_fts, 'row')")
        stale = sum(
            conn.execute(f"SELECT count(*) FROM (SELECT * FROM temp.{a} EXCEPT SELECT * FROM temp.{b})").fetchone()[0]
            for a, b in (("check_vocab_stored", "check_vocab_now"), ("check_vocab_now", "check_vocab_stored"))
        )
        if stale:
            result.add(f"{stale} indexed words do not match the claims' text (the index is stale)")
    finally:
        for name in ("check_vocab_stored", "check_vocab_now", "check_fts"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _licences(conn: sqlite3.Connection, result: CheckResult) -> None:
    """Observed claims whose own licence contradicts their stance (reported, never changed)."""
    from openwatch.core.claim import Kind
    from openwatch.core.licences import licence_contradiction

    for row in conn.execute(SELECT_CLAIMS + " WHERE c.license IS NOT NULL ORDER BY c.pk"):
        try:
            claim = row_to_claim(row)
        except (ValueError, TypeError):
            continue  # reported by the versions check
        if claim.kind is not Kind.OBSERVED or claim.retracted:
            continue
        why = licence_contradiction(claim.stance, claim.license, claim.model)
        if why is not None:
            result.add(f"claim {claim.id} ({claim.company}, {claim.model or 'company-wide'}): {why}")


CHECKS: tuple[tuple[str, str, Callable[[sqlite3.Connection, CheckResult], None]], ...] = (
    ("integrity", "SQLite integrity_check: the file's pages and indexes", _integrity),
    ("foreign-keys", "SQLite foreign_key_check: no row points at a missing one", _foreign_keys),
    ("schema", "schema version and migrations known to this openwatch", _schema),
    ("versions", "every claim has a 'created' version and its latest version matches it", _versions),
    ("search-index", "the full-text index covers every claim, with its current text", _search_index),
    ("licences", "no observed claim's stance contradicts its own licence (the licence table)", _licences),
)


def check_database(conn: sqlite3.Connection) -> list[CheckResult]:
    results = []
    for name, description, run in CHECKS:
        result = CheckResult(name, description)
        try:
            run(conn, result)
        except sqlite3.Error as error:
            result.add(f"could not run: {error}")
        results.append(result)
    return results
