"""Companies, models and their aliases.

Names match case-insensitively (``name_key``) and through aliases; a company
or model is shown as first entered.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openwatch.core.claim import did_you_mean, name_key
from openwatch.core.errors import NotFound, OpenwatchError
from openwatch.core.matching import clean_name

if TYPE_CHECKING:  # the row types are built only by the functions that return them
    from openwatch.core.names import Alias, CompanySummary, ModelSummary


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Model:
    id: int
    company_id: int
    name: str


def find_company(conn: sqlite3.Connection, name: str) -> Company | None:
    key = name_key(name)
    row = conn.execute("SELECT id, name FROM companies WHERE key = ?", (key,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT c.id, c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id WHERE a.key = ?",
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
    display = clean_name(name)
    cursor = conn.execute("INSERT INTO companies (name, key) VALUES (?, ?)", (display, name_key(display)))
    assert cursor.lastrowid is not None
    return Company(cursor.lastrowid, display)


def find_model(conn: sqlite3.Connection, company_id: int, name: str) -> Model | None:
    key = name_key(name)
    row = conn.execute("SELECT id, name FROM models WHERE company_id = ? AND key = ?", (company_id, key)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT m.id, m.name FROM model_aliases a JOIN models m ON m.id = a.model_id"
            " WHERE a.company_id = ? AND a.key = ?",
            (company_id, key),
        ).fetchone()
    return Model(row[0], company_id, row[1]) if row else None


def model_names(conn: sqlite3.Connection, company_id: int) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM models WHERE company_id = ? ORDER BY key", (company_id,))]


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
    display = clean_name(name)
    cursor = conn.execute(
        "INSERT INTO models (company_id, name, key) VALUES (?, ?, ?)",
        (company_id, display, name_key(display)),
    )
    assert cursor.lastrowid is not None
    return Model(cursor.lastrowid, company_id, display)


def add_company_alias(conn: sqlite3.Connection, alias: str, company: Company) -> Alias:
    """Let ``alias`` name ``company``. An alias that is itself a tracked company is refused."""
    from openwatch.core.names import Alias

    key = name_key(alias)
    if not key:
        raise OpenwatchError("an alias must not be empty")
    clash = conn.execute("SELECT id, name FROM companies WHERE key = ?", (key,)).fetchone()
    if clash is not None:
        if clash[0] == company.id:
            raise OpenwatchError(f"'{alias}' is already the name of {company.name}")
        raise OpenwatchError(
            f"'{alias}' is a tracked company with claims of its own; to merge it into "
            f'{company.name}, run \'openwatch alias add "{clash[1]}" "{company.name}"\''
        )
    existing = conn.execute(
        "SELECT c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id WHERE a.key = ?",
        (key,),
    ).fetchone()
    if existing is not None and existing[0] != company.name:
        raise OpenwatchError(
            f"'{alias}' is already an alias of {existing[0]}: remove it first with 'openwatch alias remove \"{alias}\"'"
        )
    conn.execute(
        "INSERT OR REPLACE INTO company_aliases (key, alias, company_id) VALUES (?, ?, ?)",
        (key, clean_name(alias), company.id),
    )
    return Alias(clean_name(alias), company.name, None)


def add_model_alias(conn: sqlite3.Connection, alias: str, company: Company, model: Model) -> Alias:
    from openwatch.core.names import Alias

    key = name_key(alias)
    if not key:
        raise OpenwatchError("an alias must not be empty")
    clash = conn.execute("SELECT id, name FROM models WHERE company_id = ? AND key = ?", (company.id, key)).fetchone()
    if clash is not None:
        raise OpenwatchError(
            f"'{alias}' is already a tracked model of {company.name}; it cannot also be an alias of {model.name}"
        )
    conn.execute(
        "INSERT OR REPLACE INTO model_aliases (company_id, key, alias, model_id) VALUES (?, ?, ?, ?)",
        (company.id, key, clean_name(alias), model.id),
    )
    return Alias(clean_name(alias), company.name, model.name)


def remove_alias(conn: sqlite3.Connection, alias: str, company: Company | None = None) -> Alias:
    """Remove a company alias, or with ``company`` a model alias of that company."""
    from openwatch.core.names import Alias

    key = name_key(alias)
    if company is None:
        row = conn.execute(
            "SELECT a.alias, c.name FROM company_aliases a JOIN companies c ON c.id = a.company_id WHERE a.key = ?",
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
    from openwatch.core.names import Alias

    where = "" if company is None else " WHERE c.id = ?"
    params: tuple[int, ...] = () if company is None else (company.id,)
    rows = conn.execute(
        "SELECT alias, company, model FROM ("
        "SELECT a.alias AS alias, c.name AS company, NULL AS model, c.key AS ckey, a.key AS akey"
        " FROM company_aliases a JOIN companies c ON c.id = a.company_id"
        + where
        + " UNION ALL SELECT a.alias, c.name, m.name, c.key, a.key FROM model_aliases a"
        " JOIN models m ON m.id = a.model_id JOIN companies c ON c.id = a.company_id"
        + where
        + ") ORDER BY ckey, model IS NOT NULL, akey",
        params + params,
    )
    return [Alias(row[0], row[1], row[2]) for row in rows]


def list_companies(conn: sqlite3.Connection) -> list[CompanySummary]:
    from openwatch.core.names import CompanySummary

    rows = conn.execute(
        """SELECT co.name, count(c.pk), count(DISTINCT c.model_id), min(c.date), max(c.date)
           FROM companies co LEFT JOIN claims c
             ON c.company_id = co.id AND c.retracted_at IS NULL
           GROUP BY co.id ORDER BY co.key"""
    )
    return [CompanySummary(*row) for row in rows]


def list_models(conn: sqlite3.Connection, company: Company | None = None) -> list[ModelSummary]:
    from openwatch.core.names import ModelSummary

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


def tracked_company(conn: sqlite3.Connection, name: str) -> Company | None:
    """The company whose own name (not an alias) is ``name``."""
    row = conn.execute("SELECT id, name FROM companies WHERE key = ?", (name_key(name),)).fetchone()
    return Company(row[0], row[1]) if row else None
