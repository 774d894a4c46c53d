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
from typing import TYPE_CHECKING

from openwatch.core.errors import DatabaseError, InvalidValue
from openwatch.store.rows import SELECT_CLAIMS, row_to_claim

if TYPE_CHECKING:
    from openwatch.core.claim import Claim

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


def search_claims(
    conn: sqlite3.Connection, text: str, *, company_id: int | None = None, limit: int = 50
) -> list[Claim]:
    """Claims matching an FTS5 query, best first (bm25), newest first on ties; never retracted ones.

    The text is FTS5 query syntax (words, "phrases", AND/OR/NOT, prefix*,
    column:word); a syntax error is an ``InvalidValue`` that says how to
    search for the words literally.
    """
    query = text.strip()
    if not query:
        raise InvalidValue("text", "give some words to search for")
    sql = (
        SELECT_CLAIMS
        + " JOIN claims_fts ON claims_fts.rowid = c.pk"
        " WHERE claims_fts MATCH ? AND c.retracted_at IS NULL"
        + (" AND c.company_id = ?" if company_id is not None else "")
        + " ORDER BY bm25(claims_fts), c.date_start DESC, c.precision DESC, c.kind_rank DESC,"
        " c.recorded_at DESC, c.id DESC LIMIT ?"
    )
    params: list[object] = [query]
    if company_id is not None:
        params.append(company_id)
    params.append(limit)
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        reason = str(error)
        if not _is_query_error(reason):
            raise DatabaseError(f"cannot search the database: {reason}") from None
        raise InvalidValue(
            "text",
            f"cannot search for {text!r}: {reason.removeprefix('fts5: ')}. Search syntax is SQLite FTS5's"
            ' (words, "a phrase", AND, OR, NOT, prefix*); to search for words as they are, put them in'
            " double quotes",
        ) from None
    return [row_to_claim(row) for row in rows]


def _is_query_error(reason: str) -> bool:
    """Whether SQLite refused the query text itself (rather than the database)."""
    return reason.startswith(("fts5:", "no such column", "unknown special query", "unterminated string"))
