"""Words, stems and snippets for search (English and French)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openwatch.core.words import Snippet, forms, snippet, with_stems, words


def test_words_split_on_anything_but_letters_and_digits() -> None:
    assert words("l'ouverture d'OpenAI: open-source \"AND\" NOT*") == [
        "l",
        "ouverture",
        "d",
        "openai",
        "open",
        "source",
        "and",
        "not",
    ]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("fermé", "fermées"),
        ("fermées", "fermé"),
        ("opening", "opened"),
        ("ouvert", "ouverts"),
        ("licence", "licences"),
        ("release", "released"),
    ],
)
def test_inflections_share_a_form(typed: str, found: str) -> None:
    assert set(forms(typed)) & set(forms(found))


def test_unrelated_words_do_not() -> None:
    assert not set(forms("open")) & set(forms("closed"))


def test_the_indexed_text_keeps_the_text_and_adds_stems() -> None:
    indexed = with_stems("Meta a fermé les modèles")
    assert indexed is not None and indexed.startswith("Meta a fermé les modèles\n")
    assert "ferm" in indexed.split()
    assert with_stems(None) is None and with_stems("") == ""


def test_snippet_marks_the_words_in_the_first_field_holding_them() -> None:
    found = snippet([("quote", "nothing here"), ("note", "les modèles seront fermées")], ["fermé"])
    assert found == Snippet("note", "les modèles seront fermées", ((19, 26),))
    assert found.marked() == "les modèles seront [fermées]"
    assert snippet([("quote", "nothing")], ["fermé"]) is None


def test_a_long_field_is_cut_around_the_match() -> None:
    text = "word " * 40 + "Behemoth " + "word " * 40
    found = snippet([("quote", text)], ["behemoth"], width=40)
    assert found is not None and len(found.text) <= 42
    assert found.text.startswith("…") and found.text.endswith("…")
    assert "[Behemoth]" in found.marked()


@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=10), max_size=3))
def test_marks_always_fall_on_the_words(text: str, typed: list[str]) -> None:
    found = snippet([("quote", text)], typed)
    if found is not None:
        for start, end in found.marks:
            assert words(found.text[start:end]) == [found.text[start:end].casefold()]
