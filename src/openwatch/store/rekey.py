"""Re-keying names when the rule that matches them changes (migration m009).

Names were matched case-insensitively with runs of spaces as one; DESIGN.md
now also treats spaces, hyphens and underscores alike and ignores invisible
characters and fullwidth forms (``core.matching.name_key``). Every stored
key is computed again. Two companies (or two models of one company) whose
names now share a key are one: the later is merged into the earlier, its
claims moving with a new version each (change ``merged``), as ``alias add``
does. Aliases whose key is now a tracked name, or another alias's, go.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from openwatch.core.matching import name_key
from openwatch.core.names import Merge
from openwatch.store.claims import iter_claims, replace_claim
from openwatch.store.merge import merge_companies
from openwatch.store.names import Company


def rekey_names(conn: sqlite3.Connection) -> list[Merge]:
    """Recompute every name key in the caller's transaction; merge what now shares one."""
    # A migration runs when a database is opened: this is the time of that change.
    now = datetime.now(UTC)
    merges = _rekey_companies(conn, now)
    _rekey_models(conn, now)
    _rekey_aliases(conn)
    return merges


def _rekey_companies(conn: sqlite3.Connection, now: datetime) -> list[Merge]:
    rows = conn.execute("SELECT id, name FROM companies ORDER BY id").fetchall()
    conn.execute("UPDATE companies SET key = '#' || id")  # out of the way of the new keys
    kept: dict[str, Company] = {}
    merges = []
    for company_id, name in rows:
        key = name_key(name)
        if key in kept:
            conn.execute("UPDATE companies SET key = ? WHERE id = ?", (f"#merging-{company_id}", company_id))
            merges.append(merge_companies(conn, Company(company_id, name), kept[key], now=now))
        else:
            conn.execute("UPDATE companies SET key = ? WHERE id = ?", (key, company_id))
            kept[key] = Company(company_id, name)
    return merges


def _rekey_models(conn: sqlite3.Connection, now: datetime) -> None:
    rows = conn.execute("SELECT id, company_id, name FROM models ORDER BY company_id, id").fetchall()
    conn.execute("UPDATE models SET key = '#' || id")
    kept: dict[tuple[int, str], tuple[int, str]] = {}
    for model_id, company_id, name in rows:
        key = name_key(name)
        if (company_id, key) not in kept:
            conn.execute("UPDATE models SET key = ? WHERE id = ?", (key, model_id))
            kept[(company_id, key)] = (model_id, name)
            continue
        into_id, into_name = kept[(company_id, key)]
        reason = f"model '{name}' merged into '{into_name}' (names now match ignoring hyphens and underscores)"
        for claim in list(iter_claims(conn, company_ids=[company_id], model_id=model_id, include_retracted=True)):
            replace_claim(conn, replace(claim, model=into_name, updated_at=now), "merged", reason)
        conn.execute("UPDATE model_aliases SET model_id = ? WHERE model_id = ?", (into_id, model_id))
        conn.execute("DELETE FROM models WHERE id = ?", (model_id,))


def _rekey_aliases(conn: sqlite3.Connection) -> None:
    companies = {row[0] for row in conn.execute("SELECT key FROM companies")}
    for old_key, alias, company_id in conn.execute("SELECT key, alias, company_id FROM company_aliases").fetchall():
        conn.execute("DELETE FROM company_aliases WHERE key = ?", (old_key,))
        key = name_key(alias)
        if key not in companies:
            conn.execute(
                "INSERT OR IGNORE INTO company_aliases (key, alias, company_id) VALUES (?, ?, ?)",
                (key, alias, company_id),
            )
    models = {(row[0], row[1]) for row in conn.execute("SELECT company_id, key FROM models")}
    for company_id, old_key, alias, model_id in conn.execute(
        "SELECT company_id, key, alias, model_id FROM model_aliases"
    ).fetchall():
        conn.execute("DELETE FROM model_aliases WHERE company_id = ? AND key = ?", (company_id, old_key))
        key = name_key(alias)
        if (company_id, key) not in models:
            conn.execute(
                "INSERT OR IGNORE INTO model_aliases (company_id, key, alias, model_id) VALUES (?, ?, ?, ?)",
                (company_id, key, alias, model_id),
            )
