"""openwatch search: FTS5 over quotes, notes, sources and models."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from openwatch.store.claims import get_claim, replace_claim
from openwatch.store.db import open_database
from openwatch.store.transactions import write_transaction
from tests.conftest import Cli, utc


def test_finds_words_in_quotes_sources_notes_and_models(sample: Cli) -> None:
    assert any("open source" in (r["quote"] or "").casefold() for r in sample.json("search", '"open source"'))
    assert {r["company"] for r in sample.json("search", "Behemoth")} == {"Meta"}  # a model name
    assert sample.json("search", "Initiative")  # a source
    assert sample.json("search", "torrent")  # a note


def test_best_match_first_then_newest(sample: Cli) -> None:
    found = sample.json("search", "Llama")
    assert len(found) > 3
    # Ties on rank are newest first: the same query restricted to one exact phrase keeps date order.
    dates = [r["date"] for r in sample.json("search", "Verification")]
    assert dates == sorted(dates, reverse=True) or len(set(dates)) > 1


def test_company_and_limit(sample: Cli) -> None:
    assert {r["company"] for r in sample.json("search", "open", "--company", "meta")} == {"Meta"}
    assert len(sample.json("search", "open", "--limit", "2")) == 2
    assert len(sample.json("search", "Verification")) == 50  # 50 unless told otherwise
    sample("search", "open", "--company", "Nobody", code=1)


def test_retracted_claims_are_left_out(sample: Cli, db_path: Path) -> None:
    assert "sample-e12" in {r["id"] for r in sample.json("search", "LLaMa 2 license")}
    with open_database(db_path) as database, write_transaction(database.conn) as conn:
        claim = get_claim(conn, "sample-e12")
        replace_claim(conn, replace(claim, retracted_at=utc(2026, 1, 1), retraction_reason="test"), "retracted")
    assert "sample-e12" not in {r["id"] for r in sample.json("search", "LLaMa 2 license")}


@pytest.mark.parametrize("text", ['"unbalanced', "AND", "nosuchcolumn:word", "prefix*", "l'ouverture", "open-source"])
def test_what_a_user_types_is_words_never_syntax(sample: Cli, text: str) -> None:
    result = sample("search", text)
    assert "Error" not in result.stderr


@pytest.mark.parametrize("text", ["*", "   ", "'-"])
def test_no_words_is_one_clear_line(sample: Cli, text: str) -> None:
    result = sample("search", text, code=2)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_a_table_and_nothing_found(sample: Cli) -> None:
    assert "Llama" in sample("search", "Llama").stdout
    empty = sample("search", "zzzqqq")
    assert empty.stdout == "" and "No claims match" in empty.stderr
