"""Merging a tracked company into another with `alias add OLD NEW`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Cli


def add(cli: Cli, *args: str) -> str:
    return str(cli("add", *args).stdout.strip())


def two_googles(cli: Cli) -> dict[str, str]:
    return {
        "gemma": add(
            cli,
            "-c",
            "Google",
            "-m",
            "Gemma",
            "-s",
            "weights-restricted",
            "-k",
            "observed",
            "-d",
            "2024-02-21",
            "--source",
            "Google blog",
        ),
        "ai_gemma": add(
            cli,
            "-c",
            "Google AI",
            "-m",
            "gemma",
            "-s",
            "weights-restricted",
            "-k",
            "assessed",
            "-d",
            "2025-03",
            "--source",
            "European Open Source AI Index",
            "--note",
            "gemma licence",
        ),
        "ai_bert": add(
            cli,
            "-c",
            "Google AI",
            "-m",
            "BERT",
            "-s",
            "open-weights",
            "-k",
            "assessed",
            "-d",
            "2018-10",
            "--source",
            "European Open Source AI Index",
        ),
        "ai_wide": add(cli, "-c", "Google AI", "-s", "mixed", "-d", "2024-05", "--source", "Press"),
    }


def test_alias_add_merges_a_tracked_company(cli: Cli, db_path: Path) -> None:
    ids = two_googles(cli)
    cli("alias", "add", "Google Brain", "Google AI")
    cli("alias", "add", "bert-base", "BERT", "--company", "Google AI")
    result = cli("alias", "add", "Google AI", "Google")
    assert "Merged Google AI into Google: 3 claims and 2 models moved" in result.stderr

    companies = cli.json("companies")
    assert [c["company"] for c in companies] == ["Google"]
    assert companies[0]["claims"] == 4 and companies[0]["models"] == 2
    models = {m["model"]: m["claims"] for m in cli.json("models", "Google")}
    assert models == {"BERT": 1, "Gemma": 2}  # "gemma" joined the existing "Gemma"

    claims = {c["id"]: c for c in cli.json("timeline", "Google")}
    assert set(claims) == set(ids.values())
    assert claims[ids["ai_gemma"]]["company"] == "Google" and claims[ids["ai_gemma"]]["model"] == "Gemma"
    assert claims[ids["ai_wide"]]["model"] is None

    # The old name, its aliases and its model aliases all lead to Google now.
    for name in ("Google AI", "google ai", "Google Brain"):
        assert {c["id"] for c in cli.json("timeline", name)} == set(ids.values())
    assert [c["id"] for c in cli.json("timeline", "Google AI", "--model", "bert-base")] == [ids["ai_bert"]]
    aliases = {(a["alias"], a["company"], a["model"]) for a in cli.json("alias", "list")}
    assert aliases == {("Google AI", "Google", None), ("Google Brain", "Google", None), ("bert-base", "Google", "BERT")}

    with sqlite3.connect(db_path) as conn:
        merges = conn.execute("SELECT from_name, into_name, claims, models, merged_at FROM company_merges").fetchall()
        assert [m[:4] for m in merges] == [("Google AI", "Google", 3, 2)]
        assert merges[0][4].endswith("Z")
        versions = conn.execute(
            "SELECT change, reason, data FROM claim_versions WHERE claim_id = ? ORDER BY id", (ids["ai_gemma"],)
        ).fetchall()
        assert [v[0] for v in versions] == ["created", "merged"]
        assert json.loads(versions[0][2])["company"] == "Google AI"  # history kept
        assert json.loads(versions[1][2])["company"] == "Google"
        assert versions[1][1] == "company 'Google AI' merged into 'Google'"
        unmoved = conn.execute("SELECT change FROM claim_versions WHERE claim_id = ?", (ids["gemma"],)).fetchall()
        assert unmoved == [("created",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_full_text_search_follows_the_merged_model_name(cli: Cli, db_path: Path) -> None:
    ids = two_googles(cli)
    cli("alias", "add", "Google AI", "Google")
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')")
        found = conn.execute(
            "SELECT c.id FROM claims_fts f JOIN claims c ON c.pk = f.rowid WHERE claims_fts MATCH ?",
            ('note:"Gemma" AND note:licence',),  # the model's name is indexed with the note
        ).fetchall()
    assert found == [(ids["ai_gemma"],)]


def test_adding_claims_under_the_old_name_after_a_merge(cli: Cli) -> None:
    two_googles(cli)
    cli("alias", "add", "Google AI", "Google")
    new = add(
        cli,
        "-c",
        "Google AI",
        "-m",
        "T5",
        "-s",
        "weights-restricted",
        "-k",
        "assessed",
        "-d",
        "2019-10",
        "--source",
        "European Open Source AI Index",
    )
    [claim] = cli.json("timeline", "Google", "--model", "T5")
    assert claim["id"] == new and claim["company"] == "Google"


def test_merging_a_retracted_claim_keeps_it_retracted(cli: Cli, db_path: Path) -> None:
    ids = two_googles(cli)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "UPDATE claims SET retracted_at = '2025-01-01T00:00:00.000000Z', retraction_reason = 'dup' WHERE id = ?",
            (ids["ai_wide"],),
        )
    cli("alias", "add", "Google AI", "Google")
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT co.name, c.retraction_reason FROM claims c JOIN companies co ON co.id = c.company_id"
            " WHERE c.id = ?",
            (ids["ai_wide"],),
        ).fetchone()
    assert row == ("Google", "dup")


def test_an_alias_of_a_company_to_itself_is_refused(cli: Cli) -> None:
    two_googles(cli)
    result = cli("alias", "add", "google", "Google", code=1)
    assert "already the name of Google" in result.stderr
    assert len(cli.json("companies")) == 2
