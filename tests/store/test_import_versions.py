"""A bulk import writes each claim's first version without data ("as it is now").

History must read exactly as if the version held the full record, before and
after the claim changes (edit, retract, a newer import, a company merge), and
``db check`` must hold the rule that only a claim's latest version may be
without data.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.conftest import Cli

SHEET = (
    "id,date,company,model,stance,kind,source,quote,recorded_at\n"
    "c1,2025-07-14,Meta,Behemoth,weights-restricted,reported,The New York Times,« ouvert » 开源,\n"
    "c2,2025-07-15,Meta,,mixed,stated,Meta,a mix of open and closed models,2025-07-16T08:00:00.000000Z\n"
    "c3,2024,Facebook AI,,open-weights,observed,Hugging Face,,\n"
)


def dataless(db: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT claim_id, id FROM claim_versions WHERE data IS NULL ORDER BY claim_id").fetchall()


def imported(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "claims.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert "3 added" in cli("import", str(sheet)).stderr


def test_an_imported_claim_is_stored_once_and_its_history_shows_it_whole(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    imported(cli, tmp_path)
    assert [claim_id for claim_id, _ in dataless(db_path)] == ["c1", "c2", "c3"]
    for claim_id in ("c1", "c2", "c3"):
        history = cli.json("history", claim_id)
        assert [(v["version"], v["change"], v["reason"]) for v in history] == [(1, "created", "imported")]
        assert history[0]["claim"] == cli.json("show", claim_id)[0]
    assert history[0]["claim"]["company"] == "Facebook AI"
    cli("db", "check")


def test_the_first_version_keeps_what_the_claim_was_once_it_changes(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    imported(cli, tmp_path)
    before = {claim_id: cli.json("show", claim_id)[0] for claim_id in ("c1", "c2", "c3")}
    cli("edit", "c1", "--stance", "closed", "--reason", "Meta confirmed")
    cli("retract", "c2", "--reason", "duplicate")
    cli("alias", "add", "Facebook AI", "Meta")  # a merge: c3 moves to Meta
    assert dataless(db_path) == []
    for claim_id, changes in (
        ("c1", ["created", "edited"]),
        ("c2", ["created", "retracted"]),
        ("c3", ["created", "merged"]),
    ):
        history = cli.json("history", claim_id)
        assert [v["change"] for v in history] == changes
        assert history[0]["claim"] == before[claim_id]
        assert history[-1]["claim"] == cli.json("show", claim_id)[0]
    assert cli.json("history", "c1")[1]["changes"]["stance"] == {"from": "weights-restricted", "to": "closed"}
    assert cli.json("history", "c3")[0]["claim"]["company"] == "Facebook AI"
    cli("db", "check")


def test_a_newer_import_keeps_the_first_version_too(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    imported(cli, tmp_path)
    first = cli.json("history", "c2")[0]["claim"]
    newer = tmp_path / "newer.csv"
    newer.write_text(
        "id,date,company,stance,source,updated_at\nc2,2025-07-15,Meta,closed,Meta,2026-11-01T00:00:00.000000Z\n",
        encoding="utf-8",
    )
    assert "1 updated" in cli("import", str(newer)).stderr
    history = cli.json("history", "c2")
    assert [v["change"] for v in history] == ["created", "imported"]
    assert history[0]["claim"] == first and history[0]["claim"]["stance"] == "mixed"
    assert history[1]["claim"]["stance"] == "closed"
    assert [claim_id for claim_id, _ in dataless(db_path)] == ["c1", "c3"]
    cli("db", "check")


def test_db_check_refuses_a_dataless_version_that_is_not_the_latest(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    imported(cli, tmp_path)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        # A later version written behind openwatch's back, the first one left without data.
        conn.execute(
            "INSERT INTO claim_versions (claim_id, changed_at, change, reason, data)"
            " SELECT claim_id, changed_at, 'edited', NULL, NULL FROM claim_versions WHERE claim_id = 'c1'"
        )
    result: Any = cli("db", "check", code=1)
    assert "claim c1 has a version without data that is not its latest" in result.stdout + result.stderr


def test_a_claim_repeated_in_a_later_batch_is_indexed_and_versioned_as_it_ends(
    cli: Cli, tmp_path: Path, db_path: Path, monkeypatch: Any
) -> None:
    """Each batch is indexed and versioned as soon as it is inserted; a later row that
    updates a claim of an earlier batch must leave its search words and version as the claim ends."""
    import openwatch.store.bulk

    monkeypatch.setattr(openwatch.store.bulk, "BATCH", 2)
    sheet = tmp_path / "repeated.csv"
    sheet.write_text(
        "id,date,company,stance,source,quote,recorded_at,updated_at\n"
        "c1,2025-07-14,Meta,closed,NYT,abandoning behemoth,2025-07-14T10:00:00.000000Z,2025-07-14T10:00:00.000000Z\n"
        "c2,2025-07-15,Meta,mixed,Meta,a mix,2025-07-15T10:00:00.000000Z,2025-07-15T10:00:00.000000Z\n"
        "c3,2025-07-16,Meta,mixed,Meta,unchanged,2025-07-16T10:00:00.000000Z,2025-07-16T10:00:00.000000Z\n"
        "c1,2025-07-14,Meta,closed,NYT,shelving frontier,2025-07-14T10:00:00.000000Z,2025-07-20T10:00:00.000000Z\n",
        encoding="utf-8",
    )
    assert "3 added, 0 updated, 0 unchanged" in cli("import", str(sheet)).stderr
    assert [hit["id"] for hit in cli.json("search", "frontier")] == ["c1"]
    assert cli.json("search", "behemoth") == []
    history = cli.json("history", "c1")
    assert [(v["change"], v["changed_at"]) for v in history] == [("created", "2025-07-20T10:00:00.000000Z")]
    assert history[0]["claim"]["quote"] == "shelving frontier"
    assert "all 6 checks passed" in cli("db", "check").stderr
