"""Quote normalisation and matching: typography forgiven, words and accents not."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from openwatch.core.quotes import normalise, quote_found, quote_parts

PAGE = (
    "Meta’s spokesperson said: “We train a mix of open\u00a0and closed models” ; "
    "«\u202fun mélange de modèles ouverts et fermés\u202f» — a clarification.\n"
    "The company's position is UNCHANGED."
)


@pytest.mark.parametrize(
    "quote",
    [
        "We train a mix of open and closed models",
        '"We train a mix of open and closed models"',
        "“we train a MIX of open and closed models”",
        "we   train a mix\nof open and closed models",
        "Meta's spokesperson said",
        "« un mélange de modèles ouverts et fermés »",
        "«un mélange de modèles ouverts et fermés»",
        '"un mélange de modèles ouverts et fermés"',
        "the company’s position is unchanged",
        'models" ; «',
        "We train a mix [...] closed models",
        "We train … closed models",
        "said: “we",
        "said : “we",
        "fermés » — a clarification",
        "fermés » - a clarification",  # an em dash typed as a hyphen
    ],
)
def test_found_despite_typography(quote: str) -> None:
    assert quote_found(quote, PAGE), normalise(PAGE)


@pytest.mark.parametrize(
    "quote",
    [
        "un melange de modeles ouverts et fermes",  # accents are kept: these are other letters
        "We train a mix of open models",
        "closed models [...] We train",  # the pieces of an elided quote must come in order
        "",
        "“ ”",
        "...",
        "position is unchanged today",
    ],
)
def test_not_found(quote: str) -> None:
    assert not quote_found(quote, PAGE)


def test_decomposed_accents_match_composed_ones() -> None:
    assert quote_found("modèles", "mode\u0300les ouverts")


def test_invisible_characters_on_the_page_are_ignored() -> None:
    assert quote_found("open-source", "open\u00ad-\u200bsource")
    assert quote_found("opensource", "open\u00adsource")


def test_quote_parts() -> None:
    assert quote_parts("  “We train […] a mix”  ") == ["we train", "a mix"]
    assert quote_parts("« Non »") == ["non"]


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(min_size=1), st.text(), st.text())
def test_a_quote_is_found_in_any_text_around_it(quote: str, before: str, after: str) -> None:
    if quote_parts(quote):
        assert quote_found(quote, f"{before} {quote} {after}")


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1))
def test_case_never_matters(word: str) -> None:
    # Where Unicode's case folding says two spellings are one (the Turkish dotless ı is not an I).
    assume(word.upper().casefold() == word.lower().casefold())
    assert quote_found(word.upper(), f"x {word.lower()} y") == quote_found(word.lower(), f"x {word.lower()} y")
