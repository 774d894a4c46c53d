"""Name keys, look-alike names and near misses (DESIGN "Semantics", issue 15)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openwatch.core.claim import name_key as name_key_from_claim
from openwatch.core.matching import clean_name, confusable_with, name_key, near_miss, skeleton

TRACKED = ["Meta", "Mistral AI", "Google", "xAI", "OpenAI", "DeepSeek", "Llama 4 Behemoth", "Llama 4 Maverick", "Grok"]


def test_the_store_still_finds_name_key_in_claim() -> None:
    assert name_key_from_claim is name_key


@pytest.mark.parametrize(
    "spellings",
    [
        ["DeepSeek R1", "DeepSeek-R1", "deepseek_r1", "DEEPSEEK  r1", " deepseek - r1 "],
        ["GPT OSS", "gpt-oss", "Gpt_Oss"],
        ["Meta", "Meta\u200b", "\ufeffMeta", "Me\u200dta", "Me\u00adta", "Me\u2060ta", "Ｍｅｔａ", "\u3000Meta"],
        ["café", "cafe\u0301", "CAFÉ"],
        ["Llama\u00a04", "Llama 4", "Llama\u20104"],
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: list[str]) -> None:
    assert len({name_key(spelling) for spelling in spellings}) == 1, [name_key(s) for s in spellings]


@pytest.mark.parametrize(
    ("first", "second"), [("Meta", "Меta"), ("Llama 4", "Llama 5"), ("café", "cafe"), ("Ai2", "xAI")]
)
def test_different_names_keep_different_keys(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


def test_clean_name_drops_what_cannot_be_seen_and_folds_fullwidth() -> None:
    assert clean_name("\ufeffMe\u200bta\u00ad ") == "Meta"
    assert clean_name("Ｍｅｔａ\u3000AI") == "Meta AI"
    assert clean_name("cafe\u0301") == unicodedata.normalize("NFC", "café")
    assert clean_name("Mistral   AI") == "Mistral AI"


@pytest.mark.parametrize(
    ("name", "tracked"), [("Меta", "Meta"), ("МЕТА", "Meta"), ("Gооgle", "Google"), ("ΟpenAI", "OpenAI")]
)
def test_look_alike_letters_are_confusable(name: str, tracked: str) -> None:
    assert confusable_with(name, TRACKED) == tracked
    assert near_miss(name, TRACKED)[0] == tracked


def test_the_same_name_is_not_confusable_with_itself() -> None:
    assert confusable_with("Ｍｅｔａ", TRACKED) is None
    assert confusable_with("Meta", TRACKED) is None
    assert confusable_with("Meta", ["Меta"]) == "Меta"  # a look-alike already tracked


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Metaa", ["Meta"]),
        ("Mtea", ["Meta"]),
        ("Gogle", ["Google"]),
        ("Deep Seek", ["DeepSeek"]),
        ("OpenAl", ["OpenAI"]),
        ("Llama 4 Behemot", ["Llama 4 Behemoth"]),
        ("Ai2", []),  # three letters: not a slip for xAI
        ("Zeta", []),  # a changed letter in a short name is another name
        ("Groq", []),
        ("Mistral AJ", ["Mistral AI"]),
        ("Llama 5", []),  # another version, not a typo
        ("Anthropic", []),
        ("Meta", []),  # the tracked name itself
        ("deepseek", []),
    ],
)
def test_near_misses(name: str, expected: list[str]) -> None:
    assert near_miss(name, TRACKED) == expected


LOOK_ALIKES = st.sampled_from(list("MetaАаЕеОоРрСсΟοΑα\u200b\u200c\u200d\u00ad\ufeff\u2060ＭｅｔａＡ\u3000 -_"))
CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x9F) | st.sampled_from(list("\u202e\u2066\u061c\u200e"))


@given(st.text(LOOK_ALIKES, max_size=12))
def test_name_key_is_idempotent_on_look_alikes(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)
    assert name_key(clean_name(name)) == name_key(name)


@given(st.text(LOOK_ALIKES | CONTROLS, max_size=12))
def test_a_key_holds_no_invisible_character(name: str) -> None:
    key = name_key(name)
    assert not any(char in key for char in "\u200b\u200d\u00ad\ufeff\u2060\u3000")
    assert key == key.strip()


@given(st.text(LOOK_ALIKES, min_size=1, max_size=12))
def test_a_look_alike_spelling_is_the_name_or_flagged(name: str) -> None:
    """Whatever mix of look-alikes spells "Meta" is the same name, or confusable with it."""
    if skeleton(name) == "meta":
        assert name_key(name) == "meta" or confusable_with(name, ["Meta"]) == "Meta"


def test_check_new_name_refuses_a_near_miss_as_a_usage_error() -> None:
    from openwatch.core.matching import NearMissName, check_new_name

    with pytest.raises(NearMissName) as caught:
        check_new_name("Меta", TRACKED)
    assert caught.value.exit_code == 2
    assert caught.value.tracked == ["Meta"]
    assert "looks like the tracked 'Meta'" in caught.value.message and "--new-name" in caught.value.message
    with pytest.raises(NearMissName, match="is close to the tracked 'Llama 4 Behemoth'"):
        check_new_name("Llama 4 Behemot", TRACKED, field="model")
    check_new_name("Anthropic", TRACKED)  # close to nothing: accepted


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ai2", []),  # shares letters with xAI, nothing more
        ("Google AI", ["Google"]),
        ("Mistral", ["Mistral AI"]),
        ("Technology Innovation Institute", ["TII"]),
        ("Open AI", ["OpenAI"]),
        ("Proton", []),
    ],
)
def test_nearest_names_suggest_what_a_name_may_stand_for(name: str, expected: list[str]) -> None:
    from openwatch.core.matching import nearest_names

    known = ["Google", "Mistral AI", "TII", "OpenAI", "xAI", "Meta"]
    assert nearest_names(name, known) == expected
