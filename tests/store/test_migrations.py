"""Schema migrations: blank to current, idempotent, old data kept, newer refused."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from openwatch.store.db import open_database
from openwatch.store.migrations import APPLICATION_ID, MIGRATION_COUNT, MIGRATION_NAMES, STEPS, migrate
from tests.conftest import Cli


def schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name").fetchall()


def applied(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT name, applied_at FROM _sqlite_migrations ORDER BY id").fetchall()


def test_migrations_are_named_in_order() -> None:
    names = [step.__name__ for step in STEPS]
    assert names == sorted(names) and len(set(names)) == len(names) == MIGRATION_COUNT
    assert names[:2] == ["m001_claims", "m002_search"]  # released: never renamed or reordered


def test_blank_to_current(tmp_path: Path) -> None:
    with open_database(tmp_path / "new.db", create=True) as database:
        conn = database.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATION_COUNT
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {name for name, _ in applied(conn)} == MIGRATION_NAMES
        tables = {name for kind, name, _ in schema(conn) if kind == "table"}
        assert {
            "companies",
            "company_aliases",
            "models",
            "model_aliases",
            "claims",
            "claim_versions",
            "claims_fts",
        } <= tables


def test_applying_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    with open_database(path, create=True) as database:
        first_schema, first_applied = schema(database.conn), applied(database.conn)
        migrate(database.conn)
        assert schema(database.conn) == first_schema
        assert applied(database.conn) == first_applied
    with open_database(path, create=True) as database:  # and opening again
        assert schema(database.conn) == first_schema and applied(database.conn) == first_applied


FIRST_SCHEMA_CLAIMS = [
    # id, date, date_start, precision, company, model, stance, kind, kind_rank, planned, source, url, quote,
    # license, note, recorded_at, updated_at, retracted_at, retraction_reason
    (
        "c1",
        "2025-07-14",
        "2025-07-14",
        2,
        "Meta",
        "Llama 4 Behemoth",
        "closed",
        "reported",
        0,
        1,
        "The New York Times",
        "https://www.nytimes.com/x",
        "discussed abandoning Behemoth",
        None,
        "note [red]x[/red]",
        "2025-07-15T08:00:00.000000Z",
        "2025-07-15T08:00:00.000000Z",
        None,
        None,
    ),
    (
        "c2",
        "2025-07",
        "2025-07-01",
        1,
        "Meta",
        None,
        "mixed",
        "stated",
        1,
        0,
        "TechCrunch",
        None,
        "« un mélange de modèles ouverts et fermés » 混合",
        "n/a",
        None,
        "2025-07-16T09:00:00.000000Z",
        "2025-07-17T10:00:00.000000Z",
        "2025-07-18T11:00:00.000000Z",
        "duplicate",
    ),
    (
        "c3",
        "2024",
        "2024-01-01",
        0,
        "Mistral AI",
        "Mistral 7B",
        "open-weights",
        "observed",
        3,
        0,
        "Hugging Face",
        "https://huggingface.co/mistralai",
        None,
        "Apache-2.0",
        None,
        "2024-02-01T00:00:00.000000Z",
        "2024-02-01T00:00:00.000000Z",
        None,
        None,
    ),
]


def make_first_release_database(path: Path) -> None:
    """A database as the first released schema (m001) made it, filled by hand with SQL of that time."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn, upto=1)
        companies: dict[str, int] = {}
        models: dict[tuple[str, str], int] = {}
        for row in FIRST_SCHEMA_CLAIMS:
            company, model = row[4], row[5]
            if company not in companies:
                companies[company] = (
                    conn.execute(
                        "INSERT INTO companies (name, key) VALUES (?, ?)", (company, company.casefold())
                    ).lastrowid
                    or 0
                )
            model_id: int | None = None
            if model:
                model_id = models.get((company, model))
                if model_id is None:
                    model_id = models[(company, model)] = (
                        conn.execute(
                            "INSERT INTO models (company_id, name, key) VALUES (?, ?, ?)",
                            (companies[company], model, model.casefold()),
                        ).lastrowid
                        or 0
                    )
            conn.execute(
                "INSERT INTO claims (id, date, date_start, precision, company_id, model_id, stance, kind,"
                " kind_rank, planned, source, url, quote, license, note, recorded_at, updated_at,"
                " retracted_at, retraction_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (*row[:4], companies[company], model_id, *row[6:]),
            )
            record = {
                "id": row[0],
                "date": row[1],
                "company": company,
                "model": model,
                "stance": row[6],
                "kind": row[7],
                "planned": bool(row[9]),
                "source": row[10],
                "url": row[11],
                "quote": row[12],
                "license": row[13],
                "note": row[14],
                "recorded_at": row[15],
                "updated_at": row[16],
                "retracted_at": row[17],
                "retraction_reason": row[18],
            }
            conn.execute(
                "INSERT INTO claim_versions (claim_id, changed_at, change, reason, data) VALUES (?, ?, ?, ?, ?)",
                (
                    row[0],
                    row[15],
                    "created",
                    None,
                    json.dumps({**record, "updated_at": row[15], "retracted_at": None, "retraction_reason": None}),
                ),
            )
            if row[17]:
                conn.execute(
                    "INSERT INTO claim_versions (claim_id, changed_at, change, reason, data)"
                    " VALUES (?, ?, 'retracted', ?, ?)",
                    (row[0], row[16], row[18], json.dumps(record)),
                )
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_first_release_database_with_claims_upgrades_without_losing_a_field(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    make_first_release_database(path)
    exported = cli.json("export", "--include-retracted", "--db", str(path))  # any command upgrades it
    by_id = {record["id"]: record for record in exported}
    for row in FIRST_SCHEMA_CLAIMS:
        record = by_id[row[0]]
        assert (
            record["date"],
            record["company"],
            record["model"],
            record["stance"],
            record["kind"],
            record["planned"],
            record["source"],
            record["url"],
            record["quote"],
            record["license"],
            record["note"],
            record["recorded_at"],
            record["updated_at"],
            record["retracted_at"],
            record["retraction_reason"],
        ) == (row[1], row[4], row[5], row[6], row[7], bool(row[9]), *row[10:19])
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATION_COUNT
        assert {name for name, _ in applied(conn)} == MIGRATION_NAMES
        # The search index covers the claims that were already there, retracted ones (c2) left out.
        found = conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'abandoning'").fetchall()
        assert len(found) == 1
        assert conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'mélange'").fetchall() == []
    assert [v["change"] for v in cli.json("history", "c2", "--db", str(path))] == ["created", "retracted"]
    cli("db", "check", "--db", str(path))
    # m006: who recorded a claim and a promise's due date were not kept before; both read as null.
    assert {(record["due"], record["recorded_by"]) for record in exported} == {(None, None)}


def test_m005_keeps_every_version_and_makes_the_schema_a_new_database_has(tmp_path: Path) -> None:
    """m005 rebuilds claim_versions (data may be NULL): rows, ids and index as they were."""
    path = tmp_path / "v1.db"
    make_first_release_database(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate(conn, upto=4)
        before = conn.execute("SELECT * FROM claim_versions ORDER BY id").fetchall()
        migrate(conn)
        assert conn.execute("SELECT * FROM claim_versions ORDER BY id").fetchall() == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        upgraded = [row for row in schema(conn) if row[1] != "_sqlite_migrations"]
    with open_database(tmp_path / "new.db", create=True) as database:
        assert [row for row in schema(database.conn) if row[1] != "_sqlite_migrations"] == upgraded
    assert len(before) == 4 and before[0][1:4] == ("c1", "2025-07-15T08:00:00.000000Z", "created")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def future_by_version(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA user_version = {MIGRATION_COUNT + 1}")


def future_by_name(conn: sqlite3.Connection) -> None:
    """Same version number, but a migration this openwatch never had (a newer branch of it)."""
    conn.execute("UPDATE _sqlite_migrations SET name = 'm099_from_the_future' WHERE name = ?", (STEPS[-1].__name__,))


def future_by_both(conn: sqlite3.Connection) -> None:
    future_by_version(conn)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('openwatch', 'm099_x', 'now')"
    )


@pytest.mark.parametrize("make_newer", [future_by_version, future_by_name, future_by_both])
@pytest.mark.parametrize(
    "command",
    [["companies"], ["add", "-c", "X", "-s", "api", "-d", "2025", "--source", "s"], ["db", "check"], ["init"]],
)
def test_a_database_from_a_newer_openwatch_is_refused(
    sample: Cli, db_path: Path, make_newer: object, command: list[str]
) -> None:
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        make_newer(conn)  # type: ignore[operator]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db_path)
    result = sample(*command, code=1)
    assert "newer openwatch" in result.stderr and "upgrade openwatch" in result.stderr
    assert result.stderr.count("\n") == 1
    assert digest(db_path) == before


def test_m009_rekeys_names_and_merges_what_now_matches(cli: Cli, tmp_path: Path) -> None:
    """Keys from before m009 kept hyphens; now "DeepSeek-R1" and "DeepSeek R1" are one model."""
    from openwatch.core.records import claim_to_record
    from openwatch.core.validate import ClaimFields, build_claim
    from openwatch.store.rows import INSERT_SQL, claim_row
    from openwatch.store.search import index_claim

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=[step.__name__ for step in STEPS].index("m009_name_keys"))
    conn.execute("INSERT INTO companies (id, name, key) VALUES (1, 'DeepSeek', 'deepseek')")
    conn.execute(
        "INSERT INTO models (id, company_id, name, key) VALUES (1, 1, 'DeepSeek-R1', 'deepseek-r1'),"
        " (2, 1, 'DeepSeek R1', 'deepseek r1')"
    )
    conn.execute("INSERT INTO model_aliases (company_id, key, alias, model_id) VALUES (1, 'r-1', 'R-1', 1)")
    for claim_id, model_id, model in (("a", 1, "DeepSeek-R1"), ("b", 2, "DeepSeek R1")):
        claim = build_claim(
            ClaimFields(date="2025-01", company="DeepSeek", model=model, stance="open-weights", source="s"),
            claim_id=claim_id,
            recorded_at=datetime(2025, 2, 1, tzinfo=UTC),
            today=date(2025, 3, 1),
        )
        conn.execute(INSERT_SQL, claim_row(claim, 1, model_id))
        index_claim(conn, claim_id)
        conn.execute(
            "INSERT INTO claim_versions (claim_id, changed_at, change, reason, data) VALUES (?, ?, 'created', NULL, ?)",
            (claim_id, "2025-02-01T00:00:00.000000Z", json.dumps(claim_to_record(claim))),
        )
    conn.close()

    claims = cli.json("export", "--db", str(path))  # any command upgrades it
    assert {claim["model"] for claim in claims} == {"DeepSeek-R1"}
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == MIGRATION_COUNT
        assert conn.execute("SELECT count(*) FROM models").fetchone()[0] == 1
    assert [v["change"] for v in cli.json("history", "b", "--db", str(path))] == ["created", "merged"]
    assert len(cli.json("timeline", "deepseek", "--model", "deepseek_r1", "--db", str(path))) == 2
    assert len(cli.json("timeline", "deepseek", "--model", "r_1", "--db", str(path))) == 2  # the alias too
    cli("db", "check", "--db", str(path))
