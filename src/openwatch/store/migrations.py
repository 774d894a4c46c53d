"""The schema, as append-only migrations.

Each migration is a named function, applied once, in order, through
sqlite-utils ``Migrations``. Never edit or reorder a released one: append a
new function to ``STEPS``. ``PRAGMA user_version`` mirrors the number
applied, so opening a database can tell in one cheap read whether there is
work to do, and whether the file comes from a newer openwatch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database as UtilsDatabase

MIGRATION_SET = "openwatch"


def m001_claims(db: UtilsDatabase) -> None:
    """Companies, models, their aliases, claims and the versions of each claim."""
    for statement in (
        """CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE company_aliases (
            key TEXT PRIMARY KEY,
            alias TEXT NOT NULL,
            company_id INTEGER NOT NULL REFERENCES companies(id)
        )""",
        """CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            UNIQUE (company_id, key)
        )""",
        """CREATE TABLE model_aliases (
            company_id INTEGER NOT NULL REFERENCES companies(id),
            key TEXT NOT NULL,
            alias TEXT NOT NULL,
            model_id INTEGER NOT NULL REFERENCES models(id),
            PRIMARY KEY (company_id, key)
        )""",
        """CREATE TABLE claims (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL,
            date_start TEXT NOT NULL,
            precision INTEGER NOT NULL,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            model_id INTEGER REFERENCES models(id),
            stance TEXT NOT NULL,
            kind TEXT NOT NULL,
            kind_rank INTEGER NOT NULL,
            planned INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            url TEXT,
            quote TEXT,
            license TEXT,
            note TEXT,
            recorded_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            retracted_at TEXT,
            retraction_reason TEXT
        )""",
        # The order history reads a series in: date, precision, kind, time, id.
        """CREATE INDEX claims_series ON claims
            (company_id, model_id, date_start, precision, kind_rank, recorded_at, id)""",
        "CREATE INDEX claims_date ON claims (date_start)",
        "CREATE INDEX claims_recorded ON claims (recorded_at)",
        """CREATE TABLE claim_versions (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            changed_at TEXT NOT NULL,
            change TEXT NOT NULL,
            reason TEXT,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX claim_versions_claim ON claim_versions (claim_id)",
    ):
        db.execute(statement)


def m002_search(db: UtilsDatabase) -> None:
    """A full-text index over source, quote, note and model name (replaced by m007)."""
    # As released: m007 drops this table and builds the current one.
    db.execute(
        'CREATE VIRTUAL TABLE claims_fts USING fts5(source, quote, note, model, content="claims", content_rowid="pk")'
    )
    db.execute(
        "INSERT INTO claims_fts (rowid, source, quote, note, model) "
        "SELECT c.pk, c.source, c.quote, c.note, m.name FROM claims c LEFT JOIN models m ON m.id = c.model_id"
    )


def m003_datasette_views(db: UtilsDatabase) -> None:
    """Views for browsing in Datasette: the stance scale, every series' current stance, every move.

    They restate core/history.py's semantics in SQL -- claims ordered by date
    (a partial date at the start of its period, before the days in it), then
    kind from weakest to strongest evidence, then recorded_at, then id;
    retracted claims never count; a move up the scale is "opened", down
    "closed", to or from an unordered stance "changed", a series' first claim
    "new" -- and tests/test_datasette_views.py holds them to the core on the
    sample and on edge cases. Nothing in openwatch reads them.
    """
    from openwatch.store.views import VIEWS

    for statement in VIEWS:
        db.execute(statement)


def m004_company_merges(db: UtilsDatabase) -> None:
    """Each merge of one company into another (``alias add OLD NEW`` when OLD is tracked)."""
    db.execute(
        """CREATE TABLE company_merges (
            id INTEGER PRIMARY KEY,
            merged_at TEXT NOT NULL,
            from_name TEXT NOT NULL,
            into_company_id INTEGER NOT NULL REFERENCES companies(id),
            into_name TEXT NOT NULL,
            claims INTEGER NOT NULL,
            models INTEGER NOT NULL
        )"""
    )


def m005_versions_data_optional(db: UtilsDatabase) -> None:
    """A version's ``data`` may be NULL: "the claim as it is now".

    An import of a million claims wrote each one twice, as a row and as the
    JSON of its first version. A bulk import now writes that first version
    without data; it stays NULL only while it is the claim's latest version,
    and ``replace_claim`` fills it in before the claim first changes (see
    store/claims.py). SQLite cannot relax NOT NULL in place, so the table is
    rebuilt with the same columns, rows and index.
    """
    for statement in (
        """CREATE TABLE claim_versions_next (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            changed_at TEXT NOT NULL,
            change TEXT NOT NULL,
            reason TEXT,
            data TEXT
        )""",
        """INSERT INTO claim_versions_next (id, claim_id, changed_at, change, reason, data)
            SELECT id, claim_id, changed_at, change, reason, data FROM claim_versions""",
        "DROP TABLE claim_versions",
        "ALTER TABLE claim_versions_next RENAME TO claim_versions",
        "CREATE INDEX claim_versions_claim ON claim_versions (claim_id)",
    ):
        db.execute(statement)


def m006_claim_recorded_by_due(db: UtilsDatabase) -> None:
    """Who entered each claim, and the date a promise named (DESIGN.md's ``recorded_by`` and ``due``).

    Both NULL for claims entered before: who recorded them was not kept.
    """
    db.execute("ALTER TABLE claims ADD COLUMN due TEXT")
    db.execute("ALTER TABLE claims ADD COLUMN recorded_by TEXT")


def m007_search_words(db: UtilsDatabase) -> None:
    """Search by words in any inflection, Datasette's full-text page, and ``delivered`` moves.

    ``claims_fts`` is built again with only columns ``claims`` has (m002's
    ``model`` column broke Datasette's page for it: "no such column:
    T.model"), holding the stems of the words beside them and leaving
    retracted claims out (store/search.py says how). The ``stance_changes``
    view gains the ``delivered`` move: a planned claim followed by the same
    stance, no longer planned (DESIGN.md "Semantics").
    """
    from openwatch.store.search import create_index_sql, fill
    from openwatch.store.views import VIEWS_M007

    db.execute("DROP TABLE claims_fts")
    db.execute(create_index_sql())
    fill(db.conn)
    for statement in VIEWS_M007:
        db.execute(statement)


def m008_link_checks(db: UtilsDatabase) -> None:
    """Every check of a claim's link (``openwatch verify``), append-only, and the texts they read.

    A page's text is kept once per distinct text, keyed by its SHA-256: a
    page checked every month for years that never changes is stored once,
    and any two checks can still be compared (``verify --diff``).
    """
    for statement in (
        """CREATE TABLE link_checks (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            url TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            status TEXT NOT NULL,
            http_status INTEGER,
            final_url TEXT,
            content_type TEXT,
            size INTEGER,
            sha256 TEXT,
            quote TEXT NOT NULL,
            page_date TEXT,
            change TEXT NOT NULL,
            archive_url TEXT,
            detail TEXT
        )""",
        "CREATE INDEX link_checks_claim ON link_checks (claim_id, checked_at, id)",
        """CREATE TABLE link_check_texts (
            sha256 TEXT PRIMARY KEY,
            text TEXT NOT NULL
        ) WITHOUT ROWID""",
    ):
        db.execute(statement)


def m009_name_keys(db: UtilsDatabase) -> None:
    """Names matched by DESIGN.md's key: spaces, hyphens and underscores alike (store/rekey.py).

    "DeepSeek-R1" and "DeepSeek R1" become one model; what now shares a key is
    merged, each moved claim keeping its history.
    """
    from openwatch.store.rekey import rekey_names

    rekey_names(db.conn)


STEPS: tuple[Callable[[UtilsDatabase], None], ...] = (
    m001_claims,
    m002_search,
    m003_datasette_views,
    m004_company_merges,
    m005_versions_data_optional,
    m006_claim_recorded_by_due,
    m007_search_words,
    m008_link_checks,
    m009_name_keys,
)
MIGRATION_COUNT = len(STEPS)
MIGRATION_NAMES = frozenset(step.__name__ for step in STEPS)
APPLICATION_ID = 0x6F77_6174  # "owat": marks a file as an openwatch database


def apply_pending(conn: sqlite3.Connection, *, upto: int | None = None) -> None:
    """Apply the migrations not yet applied, up to ``upto``, in the caller's transaction.

    The caller holds the write lock (``BEGIN IMMEDIATE``) and has read the
    version under it: see store/db.py.
    """
    from sqlite_utils import Database as UtilsDatabase
    from sqlite_utils import Migrations

    target = MIGRATION_COUNT if upto is None else upto
    migrations = Migrations(MIGRATION_SET)
    for step in STEPS[:target]:
        migrations(name=step.__name__)(step)
    migrations.apply(UtilsDatabase(conn, execute_plugins=False))
    conn.execute(f"PRAGMA user_version = {int(target)}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def migrate(conn: sqlite3.Connection, *, upto: int | None = None) -> None:
    """Apply pending migrations in one immediate transaction (tests use ``upto``
    to make a database of an older schema)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < (MIGRATION_COUNT if upto is None else upto):
            apply_pending(conn, upto=upto)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
