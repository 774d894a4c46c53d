"""The queries behind the history views: indexed, so cost follows the answer.

A series is read through the ``claims_series`` index (company, model, then
claim order); a window of dates through ``claims_date``; claims entered since
a time through ``claims_recorded``. The stance a series held before a window
is one backwards step on ``claims_series`` per series, never a scan.

Filters (``kinds``, ``include_planned``, never retracted) are applied here, in
SQL, so that the claim before a window is the one history would see.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openwatch.core.claim import Claim
from openwatch.core.dates import format_timestamp
from openwatch.core.history import Filters
from openwatch.store.rows import CLAIM_ORDER, CLAIM_ORDER_DESC, PRECISION, SELECT_CLAIMS, row_to_claim


def filter_sql(filters: Filters) -> tuple[list[str], list[object]]:
    """WHERE clauses and their parameters: never retracted claims, then the user's filters."""
    where = ["c.retracted_at IS NULL"]
    params: list[object] = []
    if filters.kinds:
        where.append(f"c.kind IN ({', '.join('?' * len(filters.kinds))})")
        params.extend(kind.value for kind in filters.kinds)
    if not filters.include_planned:
        where.append("c.planned = 0")
    return where, params


@dataclass(frozen=True, slots=True)
class Located:
    """A claim with the row ids of its series, for indexed lookups around it."""

    company_id: int
    model_id: int | None
    claim: Claim


def companies_in_order(conn: sqlite3.Connection, company_ids: Iterable[int] | None = None) -> list[int]:
    """Company row ids by name (all of them, or those given)."""
    if company_ids is None:
        return [row[0] for row in conn.execute("SELECT id FROM companies ORDER BY key")]
    ids = sorted(set(company_ids))
    rows = conn.execute(f"SELECT id FROM companies WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY key", ids)
    return [row[0] for row in rows]


def iter_series_claims(
    conn: sqlite3.Connection,
    *,
    company_ids: Iterable[int] | None = None,
    model_id: int | None = None,
    filters: Filters = Filters(),
    until: date | None = None,
) -> Iterator[Claim]:
    """Stream claims in series order: company by name, company-wide first, models by name.

    One indexed query per company, so memory holds one company's sort at
    most and the order does not depend on the order claims were entered.
    ``until``: leave out claims dated (at their start) after it.
    """
    where, params = filter_sql(filters)
    where.insert(0, "c.company_id = ?")
    if model_id is not None:
        where.append("c.model_id = ?")
        params.append(model_id)
    if until is not None:
        where.append("c.date_start <= ?")
        params.append(until.isoformat())
    sql = SELECT_CLAIMS + " WHERE " + " AND ".join(where) + f" ORDER BY m.key, c.model_id, {CLAIM_ORDER}"
    for company_id in companies_in_order(conn, company_ids):
        for row in conn.execute(sql, [company_id, *params]):
            yield row_to_claim(row)


def window_claims(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    recorded_since: datetime | None = None,
    company_ids: Iterable[int] | None = None,
    filters: Filters = Filters(),
) -> list[Located]:
    """Claims dated in ``[since, until]`` and entered at or after ``recorded_since``.

    Sorted by series row ids, then claim order. Reads only the window through
    the date index (or the recorded-at index), never the whole table.
    """
    where, params = filter_sql(filters)
    if since is not None:
        where.append("c.date_start >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("c.date_start <= ?")
        params.append(until.isoformat())
    if recorded_since is not None:
        where.append("c.recorded_at >= ?")
        params.append(format_timestamp(recorded_since))
    if company_ids is not None:
        ids = list(company_ids)
        where.append(f"c.company_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    # Without statistics SQLite would rather walk the whole series index than
    # sort a few rows; name the index that holds the window.
    index = "claims_date" if since is not None or recorded_since is None else "claims_recorded"
    sql = (
        SELECT_CLAIMS.replace("SELECT ", "SELECT c.company_id, c.model_id, ", 1).replace(
            "FROM claims c", f"FROM claims c INDEXED BY {index}", 1
        )
        + " WHERE "
        + " AND ".join(where)
        + f" ORDER BY c.company_id, c.model_id, {CLAIM_ORDER}"
    )
    return [Located(row[0], row[1], row_to_claim(row[2:])) for row in conn.execute(sql, params)]


def previous_claim(conn: sqlite3.Connection, located: Located, filters: Filters = Filters()) -> Claim | None:
    """The claim just before ``located`` in its series: one step back on the series index."""
    claim = located.claim
    where, params = filter_sql(filters)
    sql = (
        SELECT_CLAIMS
        + " WHERE c.company_id = ? AND c.model_id IS ?"
        + " AND (c.date_start, c.precision, c.kind_rank, c.recorded_at, c.id) < (?, ?, ?, ?, ?)"
        + "".join(f" AND {clause}" for clause in where)
        + f" ORDER BY {CLAIM_ORDER_DESC} LIMIT 1"
    )
    key = (
        claim.date.start.isoformat(),
        PRECISION[claim.date.precision],
        claim.kind.strength,
        format_timestamp(claim.recorded_at),
        claim.id,
    )
    row = conn.execute(sql, [located.company_id, located.model_id, *key, *params]).fetchone()
    return None if row is None else row_to_claim(row)
