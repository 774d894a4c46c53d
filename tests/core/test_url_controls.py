"""A URL with a control or invisible character is refused on input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openwatch.core.errors import InvalidValue
from openwatch.core.validate import check_url

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]] + list(
    "\u202e\u2066\u200b\u200d\ufeff\u00ad\u061c"
)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/\x1b]52;c;ZXZpbA==\x07",
        "https://example.com/a\u202egnp.exe",
        "https://exa\u200bmple.com/",
        "https://example.com/\x00",
        "https://example.com/\x9b31m",
    ],
)
def test_urls_with_controls_are_refused(url: str) -> None:
    with pytest.raises(InvalidValue, match="control or invisible"):
        check_url(url)


@given(st.sampled_from(CONTROLS), st.integers(min_value=8, max_value=24))
def test_any_control_anywhere_is_refused(control: str, where: int) -> None:
    url = "https://example.com/path/page"
    with pytest.raises(InvalidValue):
        check_url(url[:where] + control + url[where:])


def test_ordinary_urls_pass() -> None:
    for url in ["https://example.com/a?b=c#d", "http://[::1]:8080/x", "https://fr.wikipedia.org/wiki/Société"]:
        assert check_url(url) == url


def test_arguments_decoded_as_ascii_are_recovered_as_utf8() -> None:
    from openwatch.core.validate import recover_utf8

    as_c_locale = "Société".encode().decode("ascii", "surrogateescape")
    latin1 = "Soci\xe9t\xe9".encode("latin-1").decode("ascii", "surrogateescape")
    assert recover_utf8([as_c_locale, "plain", latin1], "ascii") == ["Société", "plain", latin1]
