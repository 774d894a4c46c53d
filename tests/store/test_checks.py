"""Link checks in a real SQLite file: append-only rows, texts stored once, and the queries verify asks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from openwatch.core.evidence import Change, LinkCheck, LinkStatus, Mark, Problem, QuoteState
from openwatch.store.checks import (
    baselines,
    checks_to_diff,
    claim_checks,
    claims_due,
    evidence,
    last_checks,
    problem_rows,
    record_check,
)
from openwatch.store.db import open_database
from openwatch.store.migrations import STEPS, m008_link_checks, migrate
from tests.conftest import Cli

JAN = datetime(2026, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def conn(sample: Cli, db_path: Path) -> Iterator[sqlite3.Connection]:
    with open_database(db_path) as database:
        yield database.conn


def claim_url(conn: sqlite3.Connection, claim_id: str) -> str:
    return str(conn.execute("SELECT url FROM claims WHERE id = ?", (claim_id,)).fetchone()[0])


def ok(conn: sqlite3.Connection, claim_id: str, when: datetime, text: str = "page text", **fields: object) -> LinkCheck:
    import hashlib

    url = claim_url(conn, claim_id)
    check = LinkCheck(
        claim_id=claim_id,
        url=url,
        checked_at=when,
        status=LinkStatus.OK,
        http_status=200,
        final_url=url,
        content_type="text/html",
        size=len(text),
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        quote=QuoteState.NO_QUOTE,
        page_date="2025-07-14",
        change=Change.FIRST,
        archive_url=None,
        detail=None,
    )
    return replace(check, **fields)  # type: ignore[arg-type]


def test_a_check_round_trips_and_its_text_is_stored_once(conn: sqlite3.Connection) -> None:
    first = ok(conn, "sample-e01", JAN, archive_url="https://web.archive.org/web/2026/x", detail="PDF")
    record_check(conn, first)
    record_check(conn, replace(first, checked_at=JAN + timedelta(days=1), change=Change.SAME))
    assert conn.execute("SELECT count(*) FROM link_check_texts").fetchone()[0] == 1
    history = claim_checks(conn, "sample-e01")
    assert [check.checked_at for check in history] == [JAN, JAN + timedelta(days=1)]
    assert history[0] == replace(first, text=None)  # texts are loaded only when asked for
    assert last_checks(conn)["sample-e01"].change is Change.SAME


def test_last_checks_and_baselines(conn: sqlite3.Connection) -> None:
    for day, text in enumerate(["v1", "v2", "v3"]):
        record_check(conn, ok(conn, "sample-e01", JAN + timedelta(days=day), text))
    record_check(conn, ok(conn, "sample-e02", JAN, "other"))
    latest = last_checks(conn, ["sample-e01", "sample-e02", "sample-e03"])
    assert set(latest) == {"sample-e01", "sample-e02"}
    assert latest["sample-e01"].checked_at == JAN + timedelta(days=2)
    first = baselines(conn, ["sample-e01"])
    assert first["sample-e01"].checked_at == JAN


def test_a_baseline_skips_failed_checks_and_other_urls(conn: sqlite3.Connection) -> None:
    check = ok(conn, "sample-e01", JAN)
    record_check(conn, replace(check, url="https://old.example/", checked_at=JAN - timedelta(days=9)))
    record_check(
        conn, replace(check, status=LinkStatus.TIMEOUT, sha256=None, text=None, checked_at=JAN - timedelta(days=1))
    )
    record_check(conn, check)
    assert baselines(conn)["sample-e01"].checked_at == JAN


def test_claims_due(conn: sqlite3.Connection) -> None:
    with_urls = conn.execute(
        "SELECT count(*) FROM claims WHERE url IS NOT NULL AND url != '' AND retracted_at IS NULL"
    ).fetchone()[0]
    now = JAN + timedelta(days=40)
    assert len(claims_due(conn, checked_before=now - timedelta(days=30))) == with_urls  # never checked
    record_check(conn, ok(conn, "sample-e01", JAN))  # 40 days ago: due
    record_check(conn, ok(conn, "sample-e02", now - timedelta(days=1)))  # yesterday: not due
    due = {claim.claim_id: claim for claim in claims_due(conn, checked_before=now - timedelta(days=30))}
    assert "sample-e02" not in due and len(due) == with_urls - 1
    assert due["sample-e01"].last_checked_at == JAN and due["sample-e01"].company == "OpenAI"
    assert len(claims_due(conn, checked_before=None)) == with_urls  # --older-than 0d: every one
    # A claim asked for by id is checked whenever it was last checked.
    assert [c.claim_id for c in claims_due(conn, checked_before=now, claim_ids=["sample-e02"])] == ["sample-e02"]
    openai = conn.execute("SELECT id FROM companies WHERE name = 'OpenAI'").fetchone()[0]
    assert {c.company for c in claims_due(conn, checked_before=None, company_ids=[openai])} == {"OpenAI"}
    recent = claims_due(conn, checked_before=None, since=date(2025, 1, 1))
    assert recent and len(recent) < with_urls


def test_claims_due_counts_a_check_of_an_old_url_as_none(conn: sqlite3.Connection) -> None:
    record_check(conn, replace(ok(conn, "sample-e01", JAN), url="https://old.example/"))
    due = claims_due(conn, checked_before=JAN - timedelta(days=30), claim_ids=None)
    assert "sample-e01" in {claim.claim_id for claim in due}


def test_checks_to_diff(conn: sqlite3.Connection) -> None:
    assert checks_to_diff(conn, "sample-e01") is None
    record_check(conn, ok(conn, "sample-e01", JAN, "open weights\nsame line"))
    record_check(conn, ok(conn, "sample-e01", JAN + timedelta(days=1), "closed weights\nsame line"))
    record_check(
        conn, replace(ok(conn, "sample-e01", JAN + timedelta(days=2)), status=LinkStatus.DEAD, text=None, sha256=None)
    )
    record_check(conn, ok(conn, "sample-e01", JAN + timedelta(days=3), "closed weights\nsame line"))
    pair = checks_to_diff(conn, "sample-e01")
    assert pair is not None
    older, newer = pair
    assert (older.checked_at, older.text) == (JAN, "open weights\nsame line")  # the last text that differs
    assert (newer.checked_at, newer.text) == (JAN + timedelta(days=3), "closed weights\nsame line")


def test_problem_rows_and_evidence(conn: sqlite3.Connection) -> None:
    record_check(conn, ok(conn, "sample-e01", JAN, quote=QuoteState.FOUND))
    record_check(conn, ok(conn, "sample-e02", JAN, "first text"))
    record_check(conn, ok(conn, "sample-e02", JAN + timedelta(days=5), "rewritten text"))
    record_check(
        conn,
        replace(
            ok(conn, "sample-e03", JAN),
            status=LinkStatus.DEAD,
            http_status=404,
            text=None,
            sha256=None,
            detail="HTTP 404",
            archive_url="https://web.archive.org/web/2020/x",
        ),
    )
    record_check(conn, ok(conn, "sample-e04", JAN, quote=QuoteState.MISSING))
    rows = {row.claim_id: row for row in problem_rows(conn)}
    assert set(rows) == {"sample-e02", "sample-e03", "sample-e04"}
    assert rows["sample-e02"].problem is Problem.CHANGED
    assert rows["sample-e02"].detail == "text differs from the first check (2026-01-01)"
    assert rows["sample-e03"].problem is Problem.DEAD and rows["sample-e03"].company == "OpenAI"
    assert rows["sample-e03"].archive_url == "https://web.archive.org/web/2020/x"
    assert rows["sample-e04"].problem is Problem.QUOTE_NOT_FOUND
    marks = evidence(conn, ["sample-e01", "sample-e02", "sample-e03", "sample-e04", "sample-e05"])
    assert {claim_id: e.mark for claim_id, e in marks.items()} == {
        "sample-e01": Mark.OK,
        "sample-e02": Mark.CHANGED,
        "sample-e03": Mark.DEAD,
        "sample-e04": Mark.QUOTE_NOT_FOUND,
        "sample-e05": Mark.UNCHECKED,
    }
    assert marks["sample-e03"].result == "dead (HTTP 404)"


def test_a_retracted_claim_is_neither_due_nor_reported(conn: sqlite3.Connection) -> None:
    record_check(conn, replace(ok(conn, "sample-e03", JAN), status=LinkStatus.DEAD, text=None, sha256=None))
    conn.execute("UPDATE claims SET retracted_at = '2026-02-01T00:00:00.000000Z' WHERE id = 'sample-e03'")
    assert "sample-e03" not in {row.claim_id for row in problem_rows(conn)}
    assert "sample-e03" not in {c.claim_id for c in claims_due(conn, checked_before=None)}


def test_an_older_database_gains_the_table_and_keeps_its_claims(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        raw.execute("PRAGMA journal_mode = WAL")
        migrate(raw, upto=STEPS.index(m008_link_checks))  # the schema just before link checks
        raw.execute("INSERT INTO companies (id, name, key) VALUES (1, 'Meta', 'meta')")
        raw.execute(
            """INSERT INTO claims (id, date, date_start, precision, company_id, stance, kind, kind_rank, source, url,
                                   recorded_at, updated_at)
               VALUES ('c1', '2025-07-14', '2025-07-14', 2, 1, 'closed', 'reported', 0, 'NYT', 'https://x.example/',
                       '2025-07-15T08:00:00.000000Z', '2025-07-15T08:00:00.000000Z')"""
        )
    with open_database(path) as database:
        conn = database.conn
        assert conn.execute("SELECT id, url FROM claims").fetchall() == [("c1", "https://x.example/")]
        assert [c.claim_id for c in claims_due(conn, checked_before=None)] == ["c1"]
        record_check(conn, ok(conn, "c1", JAN))
        migrate(conn)  # again: nothing more to do, nothing lost
        assert len(claim_checks(conn, "c1")) == 1
        assert (
            conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE name = 'm008_link_checks'").fetchone()[0] == 1
        )


def test_a_check_that_cannot_be_stored_is_an_openwatch_error(conn: sqlite3.Connection) -> None:
    from openwatch.core.errors import DatabaseError

    conn.execute("PRAGMA query_only = ON")  # as a database that refuses writes
    with pytest.raises(DatabaseError, match=r"cannot (record the check of claim sample-e01|write to the database)"):
        record_check(conn, ok(conn, "sample-e01", JAN))
