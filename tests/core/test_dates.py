from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openwatch.core.dates import (
    PartialDate,
    format_timestamp,
    parse_claim_date,
    parse_date,
    parse_iso_date,
    parse_since,
    parse_timestamp,
    parse_until,
)
from openwatch.core.errors import InvalidValue

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2025-07-14", "2025-07-14", "day"),
        ("2025-07", "2025-07", "month"),
        ("2025", "2025", "year"),
        ("today", "2026-11-26", "day"),
        ("yesterday", "2026-11-25", "day"),
        ("14 July 2025", "2025-07-14", "day"),
        ("July 14, 2025", "2025-07-14", "day"),
        ("July 2025", "2025-07", "month"),
        ("  2024-02-29 ", "2024-02-29", "day"),
    ],
)
def test_dates_people_type(text: str, expected: str, precision: str) -> None:
    parsed = parse_date(text, TODAY)
    assert str(parsed) == expected
    assert parsed.precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "07/08/2025",
        "14/07/2025",
        "14.07.2025",
        "2025/07/14",
        "07-08-2025",
        "2025-02-30",
        "2025-13",
        "",
        "soon",
        "14 July",
        "99999-01-01",
    ],
)
def test_ambiguous_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_date(text, TODAY)
    assert error.value.exit_code == 2


def test_slashes_are_refused_with_the_form_to_use() -> None:
    with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
        parse_date("07/08/2025", TODAY)


def test_a_claim_cannot_be_dated_after_today() -> None:
    with pytest.raises(InvalidValue, match="future"):
        parse_claim_date("2026-11-27", TODAY)
    assert str(parse_claim_date("2026-11", TODAY)) == "2026-11"


def test_partial_dates_are_never_filled_in() -> None:
    month = parse_iso_date("2025-07")
    assert (month.year, month.month, month.day) == (2025, 7, None)
    assert month.start == date(2025, 7, 1)
    assert month.end == date(2025, 7, 31)
    assert parse_iso_date("2024-02").end == date(2024, 2, 29)
    assert parse_iso_date("2025").end == date(2025, 12, 31)


def test_a_partial_date_sorts_at_the_start_of_its_period_but_is_a_different_date() -> None:
    year, month, day = PartialDate(2025), PartialDate(2025, 1), PartialDate(2025, 1, 1)
    assert sorted([day, month, year], key=lambda d: d.sort_key) == [year, month, day]
    assert year != day and month != day
    assert PartialDate(2024, 12, 31).sort_key < year.sort_key


def test_bounds_take_the_start_or_end_of_a_period_and_spans_count_back() -> None:
    assert parse_since("2025-07", TODAY) == date(2025, 7, 1)
    assert parse_until("2025-07", TODAY) == date(2025, 7, 31)
    assert parse_until("2025", TODAY) == date(2025, 12, 31)
    assert parse_since("30d", TODAY) == date(2026, 10, 27)
    assert parse_since("6m", TODAY) == date(2026, 5, 26)
    assert parse_since("1y", TODAY) == date(2025, 11, 26)
    assert parse_since("2w", TODAY) == date(2026, 11, 12)


def test_timestamps_are_utc_with_z_and_round_trip() -> None:
    moment = parse_timestamp("2025-07-14T09:30:00+02:00")
    assert format_timestamp(moment) == "2025-07-14T07:30:00.000000Z"
    assert parse_timestamp(format_timestamp(moment)) == moment
    assert format_timestamp(parse_timestamp("2025-07-14T07:30:00")) == "2025-07-14T07:30:00.000000Z"


@pytest.mark.slow
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_days_round_trip(day: date) -> None:
    assert parse_iso_date(day.isoformat()).start == day
    assert str(parse_iso_date(day.isoformat())) == day.isoformat()


@pytest.mark.slow
@given(st.text(max_size=30))
def test_no_text_makes_the_date_parser_fail_other_than_cleanly(text: str) -> None:
    with contextlib.suppress(InvalidValue):
        parse_date(text, TODAY)
