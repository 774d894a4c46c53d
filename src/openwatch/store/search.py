"""The full-text index over quotes, notes, sources and model names.

``claims_fts`` is an FTS5 table whose content is the ``claims`` table
(``content="claims"``, so Datasette finds it and offers search on claims).
Its ``model`` column holds the model's name, which ``claims`` does not
have: the index is therefore filled by openwatch itself, never rebuilt by
FTS5 from the content table. Single writes index as they go; bulk writes
index everything past a row id in one statement after inserting, which is
several times faster than a trigger per row.
"""

from __future__ import annotations

import sqlite3

FTS_COLUMNS = ("source", "quote", "note", "model")

_ROWS_FOR_INDEX = """SELECT c.pk, c.source, c.quote, c.note, m.name
  FROM claims c LEFT JOIN models m ON m.id = c.model_id"""


def create_index_sql() -> str:
    return (
        'CREATE VIRTUAL TABLE claims_fts USING fts5(source, quote, note, model, '
        'content="claims", content_rowid="pk")'
    )


def index_rows_sql() -> str:
    """The SELECT giving (rowid, source, quote, note, model) for every claim."""
    return _ROWS_FOR_INDEX


def index_from(conn: sqlite3.Connection, first_pk: int) -> None:
    """Index every claim whose row id is ``first_pk`` or more (after a bulk insert)."""
    conn.execute(
        "INSERT INTO claims_fts (rowid, source, quote, note, model) "
        + _ROWS_FOR_INDEX
        + " WHERE c.pk >= ?",
        (first_pk,),
    )


def index_claim(conn: sqlite3.Connection, claim_id: str) -> None:
    conn.execute(
        "INSERT INTO claims_fts (rowid, source, quote, note, model) " + _ROWS_FOR_INDEX + " WHERE c.id = ?",
        (claim_id,),
    )


def unindex_claim(conn: sqlite3.Connection, claim_id: str) -> None:
    """Remove a claim's current text from the index (before it changes)."""
    conn.execute(
        "INSERT INTO claims_fts (claims_fts, rowid, source, quote, note, model) "
        "SELECT 'delete', c.pk, c.source, c.quote, c.note, m.name "
        "FROM claims c LEFT JOIN models m ON m.id = c.model_id WHERE c.id = ?",
        (claim_id,),
    )


def reindex_all(conn: sqlite3.Connection) -> None:
    """Empty the index and fill it again from every claim."""
    conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('delete-all')")
    index_from(conn, 0)


def next_pk(conn: sqlite3.Connection) -> int:
    """The row id the next inserted claim will get at the least."""
    return int(conn.execute("SELECT coalesce(max(pk), 0) + 1 FROM claims").fetchone()[0])
