"""Reading and writing claims, with every version kept."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from openwatch.core.claim import Claim
from openwatch.core.dates import format_timestamp
from openwatch.core.errors import NotFound, OpenwatchError
from openwatch.core.records import claim_to_record
from openwatch.store.names import Company, Model, ensure_company, ensure_model, list_aliases
from openwatch.store.rows import (
    DATE_ORDER,
    EXPORT_ORDER,
    INSERT_SQL,
    SELECT_CLAIMS,
    SERIES_ORDER,
    UPDATE_SQL,
    claim_row,
    like_prefix,
    row_to_claim,
)
from openwatch.store.search import index_claim, unindex_claim


def resolve_names(conn: sqlite3.Connection, claim: Claim) -> tuple[Claim, Company, Model | None]:
    """The claim with canonical company and model names, creating them when new."""
    company = ensure_company(conn, claim.company)
    model = ensure_model(conn, company.id, claim.model) if claim.model else None
    return (
        replace(claim, company=company.name, model=model.name if model else None),
        company,
        model,
    )


def record_version(conn: sqlite3.Connection, claim: Claim, change: str, reason: str | None = None) -> None:
    conn.execute(
        "INSERT INTO claim_versions (claim_id, changed_at, change, reason, data) VALUES (?, ?, ?, ?, ?)",
        (
            claim.id,
            format_timestamp(claim.updated_at),
            change,
            reason,
            json.dumps(claim_to_record(claim), ensure_ascii=False),
        ),
    )


def insert_claim(conn: sqlite3.Connection, claim: Claim) -> Claim:
    """Store a new claim (inside the caller's transaction); returns it with canonical names."""
    stored, company, model = resolve_names(conn, claim)
    try:
        conn.execute(INSERT_SQL, claim_row(stored, company.id, model.id if model else None))
    except sqlite3.IntegrityError:
        raise OpenwatchError(f"a claim with id '{claim.id}' already exists") from None
    index_claim(conn, stored.id)
    record_version(conn, stored, "created")
    return stored


def keep_current_version(conn: sqlite3.Connection, claim_id: str) -> None:
    """Before a claim changes, give data to its version stored as "as it is now".

    A bulk import writes each new claim's first version with NULL data (the
    claim has not changed since); once the claim changes, that version must
    hold what the claim was.
    """
    row = conn.execute("SELECT id FROM claim_versions WHERE claim_id = ? AND data IS NULL", (claim_id,)).fetchone()
    if row is not None:
        current = conn.execute(SELECT_CLAIMS + " WHERE c.id = ?", (claim_id,)).fetchone()
        if current is not None:
            conn.execute(
                "UPDATE claim_versions SET data = ? WHERE id = ?",
                (json.dumps(claim_to_record(row_to_claim(current)), ensure_ascii=False), row[0]),
            )


def replace_claim(conn: sqlite3.Connection, claim: Claim, change: str, reason: str | None = None) -> Claim:
    """Overwrite the current version of a claim, keeping the new one in its history."""
    stored, company, model = resolve_names(conn, claim)
    keep_current_version(conn, claim.id)
    unindex_claim(conn, claim.id)
    cursor = conn.execute(UPDATE_SQL, (*claim_row(stored, company.id, model.id if model else None)[1:], stored.id))
    if cursor.rowcount != 1:
        raise NotFound(f"no claim with id '{claim.id}'")
    index_claim(conn, stored.id)
    record_version(conn, stored, change, reason)
    return stored


def get_claim(conn: sqlite3.Connection, ref: str) -> Claim:
    """The claim whose id is ``ref`` or starts with it (when only one does)."""
    text = ref.strip()
    if not text:
        raise NotFound("a claim id must not be empty")
    row = conn.execute(SELECT_CLAIMS + " WHERE c.id = ?", (text,)).fetchone()
    if row is not None:
        return row_to_claim(row)
    rows = conn.execute(
        SELECT_CLAIMS + " WHERE c.id LIKE ? ESCAPE '\\' ORDER BY c.id LIMIT 6", (like_prefix(text),)
    ).fetchall()
    if not rows:
        raise NotFound(f"no claim with id '{text}' (ids are shown by 'openwatch timeline')")
    if len(rows) > 1:
        shown = ", ".join(str(r[0]) for r in rows[:5])
        raise NotFound(f"'{text}' matches more than one claim ({shown}...): type more of the id")
    return row_to_claim(rows[0])


def iter_claims(
    conn: sqlite3.Connection,
    *,
    company_ids: Iterable[int] | None = None,
    model_id: int | None = None,
    include_retracted: bool = False,
    order: str = "series",
) -> Iterator[Claim]:
    """Stream claims in ``series`` order (for history), ``date`` (claim) order, or ``export`` order."""
    where: list[str] = []
    params: list[object] = []
    if company_ids is not None:
        ids = list(company_ids)
        where.append(f"c.company_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    if model_id is not None:
        where.append("c.model_id = ?")
        params.append(model_id)
    if not include_retracted:
        where.append("c.retracted_at IS NULL")
    sql = SELECT_CLAIMS + (" WHERE " + " AND ".join(where) if where else "")
    sql += {"series": SERIES_ORDER, "date": DATE_ORDER, "export": EXPORT_ORDER}[order]
    for row in conn.execute(sql, params):
        yield row_to_claim(row)


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    changed_at: str
    change: str
    reason: str | None
    record: dict[str, object]


def versions(conn: sqlite3.Connection, claim_id: str) -> list[Version]:
    rows = conn.execute(
        "SELECT changed_at, change, reason, data FROM claim_versions WHERE claim_id = ? ORDER BY id",
        (claim_id,),
    ).fetchall()

    def record(data: str | None) -> dict[str, object]:
        if data is not None:
            return dict(json.loads(data))
        # Stored as "the claim as it is now" (see keep_current_version).
        row = conn.execute(SELECT_CLAIMS + " WHERE c.id = ?", (claim_id,)).fetchone()
        return claim_to_record(row_to_claim(row))

    return [Version(number, row[0], row[1], row[2], record(row[3])) for number, row in enumerate(rows, start=1)]


def existing_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Claim]:
    """The stored claims among ``ids``, retracted ones included."""
    found: dict[str, Claim] = {}
    batch: list[str] = []

    def flush() -> None:
        if batch:
            sql = SELECT_CLAIMS + f" WHERE c.id IN ({', '.join('?' * len(batch))})"
            for row in conn.execute(sql, batch):
                found[str(row[0])] = row_to_claim(row)
            batch.clear()

    for claim_id in ids:
        batch.append(claim_id)
        if len(batch) >= 500:
            flush()
    flush()
    return found


def ids_with_prefix(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """The ids of stored claims (retracted ones included) that start with ``prefix``."""
    return [
        str(row[0])
        for row in conn.execute("SELECT id FROM claims WHERE id LIKE ? ESCAPE '\\' ORDER BY id", (like_prefix(prefix),))
    ]


def everything_as_records(conn: sqlite3.Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every claim (retracted too) and alias of a database, as import records."""
    for claim in iter_claims(conn, include_retracted=True, order="export"):
        yield claim.id, claim_to_record(claim)
    for alias in list_aliases(conn, None):
        yield alias.alias, {"alias": alias.alias, "company": alias.company, "model": alias.model}
