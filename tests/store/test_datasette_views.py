"""The Datasette views restate the core's semantics: held to core/history on real data."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from openwatch.core import history
from openwatch.core.claim import Stance
from openwatch.core.dates import PartialDate
from openwatch.store.claims import insert_claim, iter_claims, replace_claim
from openwatch.store.db import open_database
from openwatch.store.transactions import write_transaction
from openwatch.store.views import STANCE_LEVELS
from tests.conftest import Cli, utc


def _core_status(conn: sqlite3.Connection) -> dict[tuple[str, str | None], tuple[str, str, bool]]:
    claims = history.select(iter_claims(conn))
    return {
        (row.company, row.model): (row.stance.value, row.claim.id, row.conflict)
        for row in history.status(claims, date.today())
    }


def _view_status(conn: sqlite3.Connection) -> dict[tuple[str, str | None], tuple[str, str, bool]]:
    rows = conn.execute("SELECT company, model, stance, claim_id, conflict FROM current_stances")
    return {(r[0], r[1]): (r[2], r[3], bool(r[4])) for r in rows}


def _core_moves(conn: sqlite3.Connection) -> set[tuple[str, str | None, str, str]]:
    return {
        (m.claim.id, m.before.value if m.before else None, m.after.value, m.direction.value)
        for m in history.all_moves(history.select(iter_claims(conn)))
    }


def _view_moves(conn: sqlite3.Connection) -> set[tuple[str, str | None, str, str]]:
    rows = conn.execute("SELECT claim_id, stance_before, stance_after, direction FROM stance_changes")
    return {(r[0], r[1], r[2], r[3]) for r in rows}


def test_the_scale_in_sql_is_the_core_scale() -> None:
    assert [(s.value, s.level) for s in Stance] == list(STANCE_LEVELS)


def test_views_match_the_core_on_the_sample(sample: Cli, db_path: Path) -> None:
    with open_database(db_path) as database:
        conn = database.conn
        assert _view_status(conn) == _core_status(conn)
        assert len(_view_status(conn)) > 30
        assert _view_moves(conn) == _core_moves(conn)
        directions = {move[3] for move in _view_moves(conn)}
        assert {"new", "opened", "closed", "changed"} <= directions
        scale = dict(conn.execute("SELECT stance, level FROM stance_scale").fetchall())
        assert scale == dict(STANCE_LEVELS)


def test_views_match_the_core_on_ties_partial_dates_and_retractions(sample: Cli, db_path: Path) -> None:
    """Same-day claims of different kinds, a month before its days, a retracted newest claim."""
    with open_database(db_path) as database, write_transaction(database.conn) as conn:
        base = next(iter_claims(conn))
        made = 0

        def add(day: PartialDate, stance: Stance, kind: str, model: str | None = "Edge") -> str:
            nonlocal made
            from openwatch.core.claim import Kind

            made += 1
            claim = replace(
                base,
                id=f"edge-{made:02d}",
                company="Edgeco",
                model=model,
                date=day,
                stance=stance,
                kind=Kind(kind),
                recorded_at=utc(2026, 1, 1, 0, 0, made),
                updated_at=utc(2026, 1, 1, 0, 0, made),
            )
            return insert_claim(conn, claim).id

        add(PartialDate(2024, 7), Stance.API, "observed")
        add(PartialDate(2024, 7, 1), Stance.OPEN_WEIGHTS, "reported")  # the day sorts after the month
        add(PartialDate(2024, 7, 1), Stance.CLOSED, "observed")  # strongest kind wins the day: a conflict
        add(PartialDate(2024, 7, 1), Stance.HOSTED, "stated")
        add(PartialDate(2024), Stance.MIXED, "stated", model=None)  # company-wide series
        add(PartialDate(2025, 1, 2), Stance.UNKNOWN, "stated", model=None)
        newest = add(PartialDate(2025, 3, 1), Stance.OPEN_SOURCE, "observed")
        retracted = replace(
            next(c for c in iter_claims(conn, include_retracted=True) if c.id == newest),
            retracted_at=utc(2026, 2, 1),
            retraction_reason="wrong model",
        )
        replace_claim(conn, retracted, "retracted", "wrong model")
    with open_database(db_path) as database:
        conn = database.conn
        assert _view_status(conn) == _core_status(conn)
        assert _view_status(conn)[("Edgeco", "Edge")] == ("closed", "edge-03", True)
        assert _view_moves(conn) == _core_moves(conn)
        assert not any(move[0] == newest for move in _view_moves(conn))


def test_the_full_text_table_is_one_datasette_detects(sample: Cli, db_path: Path) -> None:
    """Datasette offers search on a table whose FTS table has content="claims"."""
    with open_database(db_path) as database:
        sql = database.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'claims_fts'").fetchone()[0]
        keys = database.conn.execute("PRAGMA foreign_key_list(claims)").fetchall()
    assert 'content="claims"' in sql
    assert {row[2] for row in keys} == {"companies", "models"}
