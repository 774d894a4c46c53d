"""What ``add`` checks before it records: the same claim stored already, names close to tracked ones."""

from __future__ import annotations

import sqlite3

from openwatch.core.claim import Claim
from openwatch.store.names import company_names, find_company, find_model, model_names


def same_content(conn: sqlite3.Connection, claim: Claim) -> str | None:
    """The id of a stored claim with ``claim``'s content: a copy ``add`` should not record again.

    Content is what an import matches rows without ids on (``core.merge.ContentKey``:
    date, company, model through aliases, stance, kind, source and url), and
    also the quote and whether it is planned: another excerpt of the same
    source is more evidence, not a copy.
    """
    company = find_company(conn, claim.company)
    if company is None:
        return None
    model_id: int | None = None
    if claim.model:
        model = find_model(conn, company.id, claim.model)
        if model is None:
            return None
        model_id = model.id
    row = conn.execute(
        "SELECT id FROM claims WHERE date = ? AND company_id = ? AND model_id IS ? AND stance = ? AND kind = ?"
        " AND source = ? AND url IS ? AND quote IS ? AND planned = ? ORDER BY pk LIMIT 1",
        (
            str(claim.date),
            company.id,
            model_id,
            claim.stance.value,
            claim.kind.value,
            claim.source,
            claim.url,
            claim.quote,
            1 if claim.planned else 0,
        ),
    ).fetchone()
    return None if row is None else str(row[0])


def tracked_names(conn: sqlite3.Connection, company: str) -> tuple[bool, list[str], list[str]]:
    """(whether ``company`` is tracked, the tracked companies' names, the models of ``company`` if tracked)."""
    found = find_company(conn, company)
    aliases = [row[0] for row in conn.execute("SELECT alias FROM company_aliases")]
    models = [] if found is None else model_names(conn, found.id)
    if found is not None:
        models += [row[0] for row in conn.execute("SELECT alias FROM model_aliases WHERE company_id = ?", (found.id,))]
    return found is not None, company_names(conn) + aliases, models


def model_tracked(conn: sqlite3.Connection, company: str, model: str) -> bool:
    found = find_company(conn, company)
    return found is not None and find_model(conn, found.id, model) is not None


def prune_empty_companies(conn: sqlite3.Connection) -> list[str]:
    """Remove every company without a claim (retracted ones count), with its models and aliases.

    A company that had claims keeps its history in those claims' versions,
    which name it. A company another was merged into stays: the merge's
    record points at it.
    """
    empty = conn.execute(
        """SELECT id, name FROM companies co
            WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.company_id = co.id)
              AND NOT EXISTS (SELECT 1 FROM company_merges m WHERE m.into_company_id = co.id)
            ORDER BY key"""
    ).fetchall()
    for company_id, _ in empty:
        conn.execute("DELETE FROM model_aliases WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM models WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM company_aliases WHERE company_id = ?", (company_id,))
        conn.execute("DELETE FROM companies WHERE id = ?", (company_id,))
    return [str(name) for _, name in empty]


def name_table(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every tracked company's name and its models' names."""
    table: dict[str, list[str]] = {}
    for company_id, name in conn.execute("SELECT id, name FROM companies ORDER BY key").fetchall():
        table[str(name)] = model_names(conn, int(company_id))
    return table
