"""The full-text index over sources, quotes, notes and model names.

``claims_fts`` is an FTS5 table whose content is the ``claims`` table
(``content="claims"``), so Datasette offers search on claims. Its columns
are ``claims`` columns -- ``source``, ``quote``, ``note`` -- so that
Datasette (and FTS5 itself) can read every row of it back from ``claims``.

What is indexed is more than those columns hold, and openwatch fills the
index itself (never FTS5's ``rebuild``):

- each column's words are followed by their English and French stems
  (core/words.py), so "fermé" finds "fermées" and "opening" finds "opened";
- the model's name, which ``claims`` does not hold, is indexed with the
  note (``note:Behemoth`` finds a model's claims, as does ``Behemoth``);
- retracted claims are not indexed at all, so neither openwatch nor
  Datasette's search box finds them; a retraction takes a claim out and a
  restore puts it back (store/claims.py indexes after every change).

Single writes index as they go; bulk writes index everything past a row id
after inserting, which is several times faster than a trigger per row.
Deleting a claim's entry needs exactly the words it was indexed with:
``unindex_claim`` derives them from the stored row the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from openwatch.core.errors import DatabaseError, InvalidValue
from openwatch.core.words import SearchHit
from openwatch.store.rows import SELECT_CLAIMS, row_to_claim

if TYPE_CHECKING:
    from openwatch.core.claim import Claim

FTS_COLUMNS = ("source", "quote", "note")

_ROWS_FOR_INDEX = """SELECT c.pk, c.source, c.quote, c.note, m.name
  FROM claims c LEFT JOIN models m ON m.id = c.model_id
 WHERE c.retracted_at IS NULL"""

_INSERT = "INSERT INTO {table} (rowid, source, quote, note) VALUES (?, ?, ?, ?)"
_DELETE = "INSERT INTO claims_fts (claims_fts, rowid, source, quote, note) VALUES ('delete', ?, ?, ?, ?)"
_BATCH = 5000


def create_index_sql(table: str = "claims_fts") -> str:
    return f'CREATE VIRTUAL TABLE {table} USING fts5(source, quote, note, content="claims", content_rowid="pk")'


def index_rows_sql() -> str:
    """The SELECT giving (rowid, source, quote, note, model name) of every claim to index."""
    return _ROWS_FOR_INDEX


def _entry(row: tuple[object, ...]) -> tuple[object, str | None, str | None, str | None]:
    """The index entry of one claim row (pk, source, quote, note, model name)."""
    from openwatch.core.words import with_stems

    pk, source, quote, note, model = row
    note_text = "\n".join(str(part) for part in (note, model) if part) or None
    return (pk, with_stems(_text(source)), with_stems(_text(quote)), with_stems(note_text))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def entries(rows: Iterable[tuple[object, ...]]) -> Iterator[tuple[object, str | None, str | None, str | None]]:
    return (_entry(tuple(row)) for row in rows)


def fill(conn: sqlite3.Connection, where: str = "", params: tuple[object, ...] = (), table: str = "claims_fts") -> None:
    """Index the claims ``where`` selects (an extra condition on ``c``), in batches."""
    cursor = conn.execute(_ROWS_FOR_INDEX + (f" AND ({where})" if where else ""), params)
    insert = _INSERT.format(table=table)
    while True:
        batch = cursor.fetchmany(_BATCH)
        if not batch:
            break
        conn.executemany(insert, entries(batch))


def index_from(conn: sqlite3.Connection, first_pk: int) -> None:
    """Index every claim whose row id is ``first_pk`` or more (after a bulk insert)."""
    fill(conn, "c.pk >= ?", (first_pk,))


def index_claim(conn: sqlite3.Connection, claim_id: str) -> None:
    """Index a claim as stored now (nothing if it is retracted)."""
    fill(conn, "c.id = ?", (claim_id,))


def unindex_claim(conn: sqlite3.Connection, claim_id: str) -> None:
    """Remove a claim's current entry from the index (before it changes); nothing if it is retracted."""
    row = conn.execute(_ROWS_FOR_INDEX + " AND c.id = ?", (claim_id,)).fetchone()
    if row is not None:
        conn.execute(_DELETE, _entry(tuple(row)))


def reindex_all(conn: sqlite3.Connection) -> None:
    """Empty the index and fill it again from every claim."""
    conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('delete-all')")
    fill(conn)


def next_pk(conn: sqlite3.Connection) -> int:
    """The row id the next inserted claim will get at the least."""
    return int(conn.execute("SELECT coalesce(max(pk), 0) + 1 FROM claims").fetchone()[0])


def words_query(text: str) -> str:
    """An FTS5 query finding claims holding every word of ``text``, in any inflection.

    Each word becomes a group of quoted strings (the word and its stems),
    so nothing the user typed is FTS5 syntax: ``l'ouverture``, ``AND``,
    ``"``, ``-`` and ``*`` are text or separators.
    """
    from openwatch.core.words import forms, words

    groups = []
    for word in dict.fromkeys(words(text)):
        options = " OR ".join('"' + form.replace('"', '""') + '"' for form in forms(word))
        groups.append(f"({options})")
    return " AND ".join(groups)


def search_claims(
    conn: sqlite3.Connection,
    text: str,
    *,
    company_id: int | None = None,
    limit: int = 50,
    fts: bool = False,
) -> list[Claim]:
    """Claims holding the words of ``text``, best first: see ``search_hits``."""
    return [hit.claim for hit in search_hits(conn, text, company_id=company_id, limit=limit, fts=fts)]


def search_hits(
    conn: sqlite3.Connection,
    text: str,
    *,
    company_id: int | None = None,
    limit: int = 50,
    fts: bool = False,
) -> list[SearchHit]:
    """Claims matching ``text``, best first (bm25), newest first on ties; never retracted ones.

    ``text`` is words (``words_query``); with ``fts`` it is an FTS5 query
    (words, "phrases", AND/OR/NOT, prefix*, column:word), and a syntax error
    is an ``InvalidValue`` that says so.
    """
    from openwatch.core.words import snippet, words

    if not text.strip():
        raise InvalidValue("text", "give some words to search for")
    query = text.strip() if fts else words_query(text)
    if not query:
        raise InvalidValue("text", f"no words to search for in {text!r}: give letters or digits")
    sql = (
        SELECT_CLAIMS + " JOIN claims_fts ON claims_fts.rowid = c.pk"
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
            f"cannot search for {text!r}: {reason.removeprefix('fts5: ')}. With --fts the search is SQLite"
            ' FTS5 syntax (words, "a phrase", AND, OR, NOT, prefix*); without it, words as typed',
        ) from None
    # For a raw query, the words in it (operators and column names aside) place the excerpt.
    typed = [w for w in words(text) if w.upper() not in ("AND", "OR", "NOT", "NEAR")] if fts else words(text)
    hits = []
    for row in rows:
        claim = row_to_claim(row)
        fields = (("quote", claim.quote), ("note", claim.note), ("source", claim.source), ("model", claim.model))
        hits.append(SearchHit(claim, snippet(fields, typed)))
    return hits


def _is_query_error(reason: str) -> bool:
    """Whether SQLite refused the query text itself (rather than the database)."""
    return reason.startswith(("fts5:", "no such column", "unknown special query", "unterminated string"))
