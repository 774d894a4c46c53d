"""Merging one company into another: above names and claims, so neither imports the other back."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from openwatch.core.claim import name_key
from openwatch.core.dates import format_timestamp
from openwatch.core.errors import OpenwatchError
from openwatch.core.names import Merge
from openwatch.store.claims import iter_claims, replace_claim
from openwatch.store.names import Company, Model, ensure_model


def merge_companies(conn: sqlite3.Connection, old: Company, new: Company, *, now: datetime) -> Merge:
    """Merge ``old`` into ``new`` (inside the caller's transaction); ``old`` becomes an alias.

    Every claim of ``old`` moves to ``new`` and gets a new version (change
    ``merged``), so its history says where it came from; models join ``new``'s
    models of the same name (or alias), or become ``new``'s; aliases move; and
    the merge is kept in ``company_merges``. Nothing is deleted but the old
    company and model rows, which nothing refers to any more.
    """
    if old.id == new.id:
        raise OpenwatchError(f"'{old.name}' is already the name of {new.name}")
    reason = f"company '{old.name}' merged into '{new.name}'"
    moved = 0
    for claim in list(iter_claims(conn, company_ids=[old.id], include_retracted=True)):
        replace_claim(conn, replace(claim, company=new.name, updated_at=now), "merged", reason)
        moved += 1
    old_models = [
        Model(row[0], old.id, row[1])
        for row in conn.execute("SELECT id, name FROM models WHERE company_id = ?", (old.id,))
    ]
    for model in old_models:
        target = ensure_model(conn, new.id, model.name)
        for key, alias in conn.execute(
            "SELECT key, alias FROM model_aliases WHERE model_id = ?", (model.id,)
        ).fetchall():
            taken = conn.execute(
                "SELECT 1 FROM models WHERE company_id = ? AND key = ?"
                " UNION SELECT 1 FROM model_aliases WHERE company_id = ? AND key = ?",
                (new.id, key, new.id, key),
            ).fetchone()
            if taken is None:
                conn.execute(
                    "INSERT INTO model_aliases (company_id, key, alias, model_id) VALUES (?, ?, ?, ?)",
                    (new.id, key, alias, target.id),
                )
    conn.execute("DELETE FROM model_aliases WHERE company_id = ?", (old.id,))
    conn.execute("DELETE FROM models WHERE company_id = ?", (old.id,))
    aliases = conn.execute("UPDATE company_aliases SET company_id = ? WHERE company_id = ?", (new.id, old.id)).rowcount
    conn.execute("DELETE FROM companies WHERE id = ?", (old.id,))
    conn.execute(
        "INSERT INTO company_aliases (key, alias, company_id) VALUES (?, ?, ?)",
        (name_key(old.name), old.name, new.id),
    )
    conn.execute(
        "INSERT INTO company_merges (merged_at, from_name, into_company_id, into_name, claims, models)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (format_timestamp(now), old.name, new.id, new.name, moved, len(old_models)),
    )
    return Merge(old.name, new.name, moved, len(old_models), aliases)
