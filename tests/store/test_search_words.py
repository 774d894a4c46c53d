"""Search by words in any inflection, raw FTS5 on request, snippets, and the index kept in step."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from openwatch.core.errors import InvalidValue
from openwatch.store.db import open_database
from openwatch.store.search import search_hits, words_query
from tests.conftest import Cli


def hits(db_path: Path, text: str, **kwargs: object) -> list[str]:
    with open_database(db_path) as database:
        return [hit.claim.id for hit in search_hits(database.conn, text, **kwargs)]  # type: ignore[arg-type]


def add(cli: Cli, quote: str, model: str = "Tester") -> str:
    # --again: these claims differ only in their quotes, which add's duplicate check does not compare.
    result = cli(
        "add",
        "-c",
        "Wordco",
        "-m",
        model,
        "-s",
        "closed",
        "-k",
        "reported",
        "-d",
        "2025-07-14",
        "--source",
        "Le Monde",
        "--quote",
        quote,
        "--again",
    )
    return str(result.stdout.strip())


def test_inflections_match_in_french_and_english(cli: Cli, db_path: Path) -> None:
    french = add(cli, "les poids seront désormais fermées au public")
    english = add(cli, "the company opened its weights")
    assert hits(db_path, "fermé") == [french]
    assert hits(db_path, "opening") == [english]
    assert hits(db_path, "fermées") == [french]


def test_typed_text_is_words_never_syntax(cli: Cli, db_path: Path) -> None:
    quoted = add(cli, "« l'ouverture des modèles » AND NOT open-source")
    for text in ("l'ouverture", "\"l'ouverture", "AND", "NOT", "open-source", "modèles*", "des:modèles"):
        assert quoted in hits(db_path, text), text
    assert hits(db_path, "ouverture Behemoth") == []  # every word must be there


def test_raw_fts_on_request(cli: Cli, db_path: Path) -> None:
    first = add(cli, "open weights soon")
    second = add(cli, "closed for good")
    assert set(hits(db_path, "open OR closed", fts=True)) == {first, second}
    assert hits(db_path, "clos*", fts=True) == [second]
    assert hits(db_path, 'quote:"weights soon"', fts=True) == [first]
    with pytest.raises(InvalidValue, match="FTS5"):
        hits(db_path, '"unbalanced', fts=True)


@pytest.mark.parametrize("text", ["", "   ", "*", "'-"])
def test_no_words_is_a_clear_error(cli: Cli, db_path: Path, text: str) -> None:
    add(cli, "anything")
    with pytest.raises(InvalidValue):
        hits(db_path, text)


def test_words_query_quotes_everything() -> None:
    assert words_query('a"b') == '("a") AND ("b")'
    assert "NOT" not in words_query("not").replace('"not"', "")


def test_snippet_marks_the_match(cli: Cli, db_path: Path) -> None:
    add(cli, "Meta a fermé la porte aux poids ouverts")
    with open_database(db_path) as database:
        [hit] = search_hits(database.conn, "fermées")
    assert hit.snippet is not None and hit.snippet.field == "quote"
    assert hit.snippet.marked("**", "**") == "Meta a **fermé** la porte aux poids ouverts"


def test_the_model_name_is_searched_and_marked(cli: Cli, db_path: Path) -> None:
    found = add(cli, "no word of it here", model="Behemoth")
    with open_database(db_path) as database:
        [hit] = search_hits(database.conn, "behemoth")
    assert hit.claim.id == found and hit.snippet is not None and hit.snippet.field == "model"


def test_edit_retract_restore_keep_the_index_in_step(cli: Cli, db_path: Path) -> None:
    claim = add(cli, "ancienne formule")
    cli("edit", claim, "--quote", "nouvelle formulation")
    assert hits(db_path, "ancienne") == [] and hits(db_path, "formulations") == [claim]
    cli("retract", claim, "--reason", "test")
    assert hits(db_path, "nouvelle") == []
    with sqlite3.connect(db_path) as conn:  # what Datasette's search box asks
        rows = conn.execute(
            "SELECT id FROM claims WHERE rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'nouvelle')"
        ).fetchall()
    assert rows == []
    cli("edit", claim, "--note", "edited while retracted")
    cli("restore", claim)
    assert hits(db_path, "nouvelle") == [claim]
    cli("db", "check")  # exit 0: the index holds exactly the claims in force, with their words now


def test_db_check_finds_the_index_clean_on_the_sample(sample: Cli) -> None:
    sample("retract", "sample-e53", "--reason", "test")
    assert "search-index" in sample("db", "check").stdout  # exit 0: clean
