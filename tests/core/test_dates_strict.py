"""Dates that must be refused (month 00, year 0001, non-ASCII digits) and the new forms people type."""

from __future__ import annotations

from datetime import date

import pytest

from openwatch.core.dates import PartialDate, parse_date, parse_iso_date, parse_timestamp, parse_until
from openwatch.core.errors import InvalidValue

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("text", ["2025-00", "2025-00-15", "2025-07-00", "2025-13", "0000", "0999-01-01"])
def test_month_zero_day_zero_and_early_years_are_refused_everywhere(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_iso_date(text)
    with pytest.raises(InvalidValue):
        parse_date(text, TODAY)
    with pytest.raises(InvalidValue):
        parse_until(text, TODAY)  # status --as-of 2025-00 died here with a traceback


def test_a_partial_date_cannot_hold_month_zero() -> None:
    with pytest.raises(ValueError, match="no month 0"):
        PartialDate(2025, 0)
    with pytest.raises(ValueError, match="no day 0"):
        PartialDate(2025, 7, 0)


@pytest.mark.parametrize("text", ["1 Jan 0001", "1 January 0099", "14 July 25"])
def test_a_written_year_must_be_given_in_full(text: str) -> None:
    with pytest.raises(InvalidValue, match="four digits"):
        parse_date(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "２０２５-07-14",  # fullwidth
        "٢٠٢٥-٠٧-١٤",  # Arabic-Indic
        "२०२५-०७-१४",  # Devanagari
        "2025-07-1４",
        "۲۰۲۵",  # extended Arabic-Indic
    ],
)
def test_digits_other_than_ascii_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="0-9"):
        parse_iso_date(text)
    with pytest.raises(InvalidValue, match="0-9"):
        parse_date(text, TODAY)


def test_timestamps_with_other_digits_are_refused() -> None:
    with pytest.raises(InvalidValue):
        parse_timestamp("２０２５-07-14T09:30:00Z")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-7-14", "2025-07-14"),
        ("2025-7", "2025-07"),
        ("2025-07-4", "2025-07-04"),
        ("14 juillet 2025", "2025-07-14"),
        ("juillet 2025", "2025-07"),
        ("1er août 2025", "2025-08-01"),
        ("1ER AOUT 2025", "2025-08-01"),
        ("1er aout 2025", "2025-08-01"),
        ("Le 3 mars 2024", "2024-03-03"),
        ("12 déc. 2024", "2024-12-12"),
        ("février 2024", "2024-02"),
        ("mai 2025", "2025-05"),
        ("14 July 2025", "2025-07-14"),
    ],
)
def test_year_first_and_french_dates_are_read(text: str, expected: str) -> None:
    assert str(parse_date(text, TODAY)) == expected


def test_typed_short_forms_are_not_read_by_import() -> None:
    # Import never guesses: it reads the exact ISO forms only.
    with pytest.raises(InvalidValue):
        parse_iso_date("2025-7-14")


@pytest.mark.parametrize("text", ["07/08/2025", "14/07/2025", "14.07.2025", "2025/07/14", "2025.07.14"])
def test_slash_and_dot_dates_stay_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
        parse_date(text, TODAY)


def test_a_french_date_with_a_bad_day_is_refused() -> None:
    with pytest.raises(InvalidValue):
        parse_date("31 février 2024", TODAY)
