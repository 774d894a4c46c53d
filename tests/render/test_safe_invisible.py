"""Invisible and control characters never reach a terminal raw."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openwatch.render.safe import visible, visible_block


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Me\u200bta", "Me\\u200bta"),
        ("\ufeffMeta", "\\ufeffMeta"),
        ("Me\u200dta", "Me\\u200dta"),
        ("Me\u00adta", "Me\\xadta"),
        ("Me\u2060ta", "Me\\u2060ta"),
        ("x\U000e0041", "x\\U000e0041"),
    ],
)
def test_invisible_characters_are_shown_escaped(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible_block(text) == shown


@pytest.mark.parametrize("text", ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "👨\u200d👩\u200d👧"])
def test_joiners_inside_persian_and_emoji_are_kept(text: str) -> None:
    assert visible(text) == text


RAW = set(range(0x00, 0x20)) | set(range(0x7F, 0xA0)) | {0x202E, 0x2066, 0x200B, 0xFEFF, 0x00AD, 0x2060}
HOSTILE = st.text(st.sampled_from([chr(c) for c in sorted(RAW)] + list("Meta \u200dé")), max_size=30)


@given(HOSTILE)
def test_no_control_or_invisible_character_survives(text: str) -> None:
    shown = visible(text)
    assert not any(ord(char) in RAW for char in shown)
    block = visible_block(text)
    assert not any(ord(char) in RAW - {0x0A} for char in block)
