"""Companies, models and their aliases.

Names match case-insensitively (``name_key``) and through aliases; a company
or model is shown as first entered.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from openwatch.core.claim import did_you_mean, name_key
from openwatch.core.dates import format_timestamp
from openwatch.core.errors import NotFound, OpenwatchError


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Model:
    id: int
    company_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Alias:
    alias: str
    company: str
    model: str | None


@dataclass(frozen=True, slots=True)
class CompanySummary:
    name: str
    claims: int
    models: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class ModelSummary:
    company: str
    model: str
    claims: int
    first: str | None
    last: str | None


def find_company(conn: sqlite3.Connection, name: str) -> Company | None:
    key = name_key(name)
    row = conn.execute("SELECT id, name FROM companies WHERE key = ?", (key,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT c.id, c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id"
            " WHERE a.key = ?",
            (key,),
        ).fetchone()
    return Company(row[0], row[1]) if row else None


def company_names(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM companies ORDER BY key")]


def require_company(conn: sqlite3.Connection, name: str) -> Company:
    """The company called ``name``, or an error naming the nearest tracked ones."""
    found = find_company(conn, name)
    if found is not None:
        return found
    known = company_names(conn) + [row[0] for row in conn.execute("SELECT alias FROM company_aliases")]
    hint = did_you_mean(name, known)
    if not known:
        hint = " No companies are tracked yet: add a claim with 'openwatch add'."
    raise NotFound(f"company '{name}' is not tracked.{hint}")


def ensure_company(conn: sqlite3.Connection, name: str) -> Company:
    found = find_company(conn, name)
    if found is not None:
        return found
    display = " ".join(name.split())
    cursor = conn.execute(
        "INSERT INTO companies (name, key) VALUES (?, ?)", (display, name_key(display))
    )
    assert cursor.lastrowid is not None
    return Company(cursor.lastrowid, display)


def find_model(conn: sqlite3.Connection, company_id: int, name: str) -> Model | None:
    key = name_key(name)
    row = conn.execute(
        "SELECT id, name FROM models WHERE company_id = ? AND key = ?", (company_id, key)
    ).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT m.id, m.name FROM model_aliases a JOIN models m ON m.id = a.model_id"
            " WHERE a.company_id = ? AND a.key = ?",
            (company_id, key),
        ).fetchone()
    return Model(row[0], company_id, row[1]) if row else None


def model_names(conn: sqlite3.Connection, company_id: int) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM models WHERE company_id = ? ORDER BY key", (company_id,)
        )
    ]


def require_model(conn: sqlite3.Connection, company: Company, name: str) -> Model:
    found = find_model(conn, company.id, name)
    if found is not None:
        return found
    hint = did_you_mean(name, model_names(conn, company.id))
    raise NotFound(f"model '{name}' is not tracked for {company.name}.{hint}")


def ensure_model(conn: sqlite3.Connection, company_id: int, name: str) -> Model:
    found = find_model(conn, company_id, name)
    if found is not None:
        return found
    display = " ".join(name.split())
    cursor = conn.execute(
        "INSERT INTO models (company_id, name, key) VALUES (?, ?, ?)",
        (company_id, display, name_key(display)),
    )
    assert cursor.lastrowid is not None
    return Model(cursor.lastrowid, company_id, display)


def add_company_alias(conn: sqlite3.Connection, alias: str, company: Company) -> Alias:
    """Let ``alias`` name ``company``. An alias that is itself a tracked company is refused."""
    key = name_key(alias)
    if not key:
        raise OpenwatchError("an alias must not be empty")
    clash = conn.execute("SELECT id, name FROM companies WHERE key = ?", (key,)).fetchone()
    if clash is not None:
        if clash[0] == company.id:
            raise OpenwatchError(f"'{alias}' is already the name of {company.name}")
        raise OpenwatchError(
            f"'{alias}' is a tracked company with claims of its own; to merge it into "
            f"{company.name}, run 'openwatch alias add \"{clash[1]}\" \"{company.name}\"'"
        )
    existing = conn.execute(
        "SELECT c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id WHERE a.key = ?",
        (key,),
    ).fetchone()
    if existing is not None and existing[0] != company.name:
        raise OpenwatchError(
            f"'{alias}' is already an alias of {existing[0]}: remove it first with "
            f"'openwatch alias remove \"{alias}\"'"
        )
    conn.execute(
        "INSERT OR REPLACE INTO company_aliases (key, alias, company_id) VALUES (?, ?, ?)",
        (key, " ".join(alias.split()), company.id),
    )
    return Alias(" ".join(alias.split()), company.name, None)


def add_model_alias(conn: sqlite3.Connection, alias: str, company: Company, model: Model) -> Alias:
    key = name_key(alias)
    if not key:
        raise OpenwatchError("an alias must not be empty")
    clash = conn.execute(
        "SELECT id, name FROM models WHERE company_id = ? AND key = ?", (company.id, key)
    ).fetchone()
    if clash is not None:
        raise OpenwatchError(
            f"'{alias}' is already a tracked model of {company.name}; "
            f"it cannot also be an alias of {model.name}"
        )
    conn.execute(
        "INSERT OR REPLACE INTO model_aliases (company_id, key, alias, model_id) VALUES (?, ?, ?, ?)",
        (company.id, key, " ".join(alias.split()), model.id),
    )
    return Alias(" ".join(alias.split()), company.name, model.name)


def remove_alias(conn: sqlite3.Connection, alias: str, company: Company | None = None) -> Alias:
    """Remove a company alias, or with ``company`` a model alias of that company."""
    key = name_key(alias)
    if company is None:
        row = conn.execute(
            "SELECT a.alias, c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id"
            " WHERE a.key = ?",
            (key,),
        ).fetchone()
        if row is None:
            raise NotFound(f"'{alias}' is not a company alias (see 'openwatch alias list')")
        conn.execute("DELETE FROM company_aliases WHERE key = ?", (key,))
        return Alias(row[0], row[1], None)
    row = conn.execute(
        "SELECT a.alias, m.name FROM model_aliases a JOIN models m ON m.id = a.model_id"
        " WHERE a.company_id = ? AND a.key = ?",
        (company.id, key),
    ).fetchone()
    if row is None:
        raise NotFound(f"'{alias}' is not a model alias of {company.name}")
    conn.execute("DELETE FROM model_aliases WHERE company_id = ? AND key = ?", (company.id, key))
    return Alias(row[0], company.name, row[1])


def list_aliases(conn: sqlite3.Connection, company: Company | None = None) -> list[Alias]:
    where = "" if company is None else " WHERE c.id = ?"
    params: tuple[int, ...] = () if company is None else (company.id,)
    rows = conn.execute(
        "SELECT alias, company, model FROM ("
        "SELECT a.alias AS alias, c.name AS company, NULL AS model, c.key AS ckey, a.key AS akey"
        " FROM company_aliases a JOIN companies c ON c.id = a.company_id" + where
        + " UNION ALL SELECT a.alias, c.name, m.name, c.key, a.key FROM model_aliases a"
        " JOIN models m ON m.id = a.model_id JOIN companies c ON c.id = a.company_id" + where
        + ") ORDER BY ckey, model IS NOT NULL, akey",
        params + params,
    )
    return [Alias(row[0], row[1], row[2]) for row in rows]


def list_companies(conn: sqlite3.Connection) -> list[CompanySummary]:
    rows = conn.execute(
        """SELECT co.name, count(c.pk), count(DISTINCT c.model_id), min(c.date), max(c.date)
           FROM companies co LEFT JOIN claims c
             ON c.company_id = co.id AND c.retracted_at IS NULL
           GROUP BY co.id ORDER BY co.key"""
    )
    return [CompanySummary(*row) for row in rows]


def list_models(conn: sqlite3.Connection, company: Company | None = None) -> list[ModelSummary]:
    where = "" if company is None else " WHERE co.id = ?"
    params: tuple[int, ...] = () if company is None else (company.id,)
    rows = conn.execute(
        """SELECT co.name, m.name, count(c.pk), min(c.date), max(c.date)
           FROM models m JOIN companies co ON co.id = m.company_id
           LEFT JOIN claims c ON c.model_id = m.id AND c.retracted_at IS NULL"""
        + where
        + " GROUP BY m.id ORDER BY co.key, m.key",
        params,
    )
    return [ModelSummary(*row) for row in rows]


def company_choices(conn: sqlite3.Connection) -> list[str]:
    """Every name a company answers to: tracked names, then aliases (for completion)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM (SELECT name, key, 0 AS alias FROM companies"
            " UNION ALL SELECT alias, key, 1 FROM company_aliases) ORDER BY alias, key"
        )
    ]


def model_choices(conn: sqlite3.Connection, company: str | None = None) -> list[str]:
    """Model names, of one company (by any of its names) or of all (for completion)."""
    if company is None:
        return [row[0] for row in conn.execute("SELECT DISTINCT name FROM models ORDER BY key")]
    found = find_company(conn, company)
    return model_names(conn, found.id) if found else []


@dataclass(frozen=True, slots=True)
class Merge:
    """One company merged into another."""

    merged: str
    into: str
    claims: int
    models: int
    aliases: int


def tracked_company(conn: sqlite3.Connection, name: str) -> Company | None:
    """The company whose own name (not an alias) is ``name``."""
    row = conn.execute("SELECT id, name FROM companies WHERE key = ?", (name_key(name),)).fetchone()
    return Company(row[0], row[1]) if row else None


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
    # Imported here: store.claims imports this module.
    from openwatch.store.claims import iter_claims, replace_claim

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
    aliases = conn.execute(
        "UPDATE company_aliases SET company_id = ? WHERE company_id = ?", (new.id, old.id)
    ).rowcount
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


@dataclass(frozen=True, slots=True)
class MergeRecord:
    merged_at: str
    merged: str
    into: str
    claims: int
    models: int


def list_merges(conn: sqlite3.Connection) -> list[MergeRecord]:
    rows = conn.execute(
        "SELECT merged_at, from_name, into_name, claims, models FROM company_merges ORDER BY id"
    )
    return [MergeRecord(*row) for row in rows]
