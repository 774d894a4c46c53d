"""The import's fast path gives exactly what the general path gives, or steps aside.

``FastRecords.values(record)`` must equal ``claim_values(record_to_claim(record))``
whenever it answers; when it answers ``None`` the importer takes the general
path, which converts the value or names the problem. The property below
draws records mixing good values with every kind of awkward one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openwatch.core.claim import Kind, Stance
from openwatch.core.errors import InvalidValue
from openwatch.core.fast_records import FastRecords
from openwatch.core.records import claim_values, has_id, is_timed, record_to_claim

NOW = datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=UTC)
TODAY = date(2026, 11, 26)
PROPERTY = settings(max_examples=400, derandomize=True, deadline=None)

GOOD = {
    "id": "3f2a9c1d00e4b7a1",
    "date": "2025-07-14",
    "company": "Meta",
    "model": "Behemoth",
    "stance": "closed",
    "kind": "reported",
    "planned": "true",
    "source": "The New York Times",
    "url": "https://example.org/a",
    "quote": "« a mix of open and closed models »",
    "license": "Llama 3 Community License",
    "note": "开源",
    "recorded_at": "2026-01-02T03:04:05.000006Z",
    "updated_at": "2026-01-02T03:04:05.000006Z",
    "retracted_at": None,
    "retraction_reason": None,
}


def general(record: dict[str, Any], *, valid_utf8: bool) -> tuple[Any, bool, bool] | InvalidValue:
    try:
        claim = record_to_claim(record, now=NOW, today=TODAY, iso_dates_only=True, valid_utf8=valid_utf8)
    except InvalidValue as error:
        return error
    return claim_values(claim), has_id(record), is_timed(record)


def agree(record: dict[str, Any], *, valid_utf8: bool = False, fast: FastRecords | None = None) -> bool:
    """Assert the two paths agree; return whether the fast one answered."""
    fast = fast or FastRecords(now=NOW, today=TODAY, valid_utf8=valid_utf8)
    answer = fast.values(record)
    expected = general(record, valid_utf8=valid_utf8)
    if answer is None:
        return False
    assert not isinstance(expected, InvalidValue), f"fast path accepted what add refuses: {expected.message}"
    values, by_id, timed = answer
    if not by_id:  # each path minted its own id
        values = values._replace(id=expected[0].id)
    assert (values, by_id, timed) == expected
    return True


def test_an_exported_row_takes_the_fast_path_and_matches() -> None:
    assert agree(GOOD)
    assert agree(GOOD, valid_utf8=True)


def test_a_minimal_row_takes_the_fast_path_and_gets_todays_times() -> None:
    record = {"date": "2025", "company": " Meta ", "stance": "open-weights", "source": "blog"}
    assert agree(record)
    answer = FastRecords(now=NOW, today=TODAY).values(record)
    assert answer is not None
    values, by_id, timed = answer
    assert (by_id, timed) == (False, False)
    assert values.recorded_at == values.updated_at == "2026-11-26T12:00:00.123456Z"
    assert values.company == "Meta" and values.kind is Kind.STATED and values.stance is Stance.OPEN_WEIGHTS
    assert len(values.id) == 16


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("planned", 1.0),  # equal to True as a dictionary key, but not a planned value
        ("planned", 1),
        ("planned", True),
        ("company", 5),
        ("date", 2025),
        ("quote", ["a"]),
        ("note", {"a": 1}),
        ("recorded_at", "2026-01-02T03:04:05Z"),  # a time in another form
        ("recorded_at", "2026-02-30T03:04:05.000000Z"),  # not a real day
        ("recorded_at", "0000-01-02T03:04:05.000000Z"),
        ("recorded_at", "٢٠٢٦-01-02T03:04:05.000000Z"),  # other digits
        ("updated_at", "2026-01-02T03:04:05.000007Z"),
        ("updated_at", ""),
        ("id", ""),
        ("id", " abc"),
        ("id", "a b"),
        ("id", "x" * 201),
        ("date", "2027-01-01"),  # in the future
        ("date", "14 July 2025"),  # import reads ISO dates only
        ("stance", "Open Weights"),
        ("stance", "opne"),
        ("kind", " "),
        ("kind", "Observed"),
        ("model", "   "),
        ("source", "  "),
        ("url", "ftp://example.org"),
        ("quote", "   "),
        ("license", " MIT "),
        ("retracted_at", "2026-03-01T00:00:00.000000Z"),
        ("retraction_reason", "wrong"),
        ("note", "bad \udc80 byte"),
        ("unknown", "x"),
    ],
)
def test_awkward_values_agree(field: str, value: Any) -> None:
    for valid_utf8 in (False, True):
        if valid_utf8 and isinstance(value, str) and "\udc80" in value:
            continue  # text decoded strictly from a file cannot hold it
        agree({**GOOD, field: value}, valid_utf8=valid_utf8)


def test_remembered_values_are_still_checked_per_field() -> None:
    """A value remembered as a company is not taken for a stance, and a refusal is not remembered."""
    fast = FastRecords(now=NOW, today=TODAY)
    assert agree(GOOD, fast=fast)
    assert not agree({**GOOD, "stance": "Meta"}, fast=fast)
    assert not agree({**GOOD, "date": "2027"}, fast=fast)
    assert not agree({**GOOD, "date": "2027"}, fast=fast)
    assert agree({**GOOD, "date": "2025"}, fast=fast)
    assert agree({**GOOD, "planned": True}, fast=fast)
    agree({**GOOD, "planned": 1.0}, fast=fast)  # 1.0 == True as a key, yet "1.0" is refused


TEXT = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", " ", "  x  ", "\t", "é", "\u00a0", "\u2028", "=1+1", "'x"]),
)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(TEXT, st.sampled_from(["abc", "sample-e47", "3f2a9c1d00e4b7a1"])),
    "date": st.one_of(TEXT, st.sampled_from(["2025", "2025-07", "2025-07-14", "2025-13", "2025-02-29", "2026-12"])),
    "company": st.one_of(TEXT, st.sampled_from(["Meta", " meta ", "Mistral  AI"])),
    "model": TEXT,
    "stance": st.one_of(TEXT, st.sampled_from([s.value for s in Stance] + ["Open_Weights", "open source"])),
    "kind": st.one_of(TEXT, st.sampled_from([k.value for k in Kind] + [" Stated "])),
    "planned": st.one_of(TEXT, st.booleans(), st.integers(-1, 2), st.sampled_from([0.0, 1.0, "yes", "No"])),
    "source": TEXT,
    "url": st.one_of(TEXT, st.sampled_from(["https://a.org/x", "http://[::1]:8/", " https://b.org "])),
    "quote": TEXT,
    "license": TEXT,
    "note": TEXT,
    "recorded_at": st.one_of(
        st.none(),
        st.sampled_from(
            [
                "2026-01-02T03:04:05.000006Z",
                "2026-01-02T03:04:05Z",
                "2026-01-02T03:04:05.000006+00:00",
                "2026-13-02T03:04:05.000006Z",
                "",
            ]
        ),
    ),
    "updated_at": st.one_of(
        st.none(), st.sampled_from(["2026-01-02T03:04:05.000006Z", "2026-05-02T03:04:05.000000Z", "x"])
    ),
    "retracted_at": st.one_of(st.none(), st.just("2026-03-01T00:00:00.000000Z")),
    "retraction_reason": st.one_of(st.none(), st.just("wrong")),
}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record = {}
    for name, strategy in FIELDS.items():
        choice = draw(st.integers(0, 3))
        if choice == 0:
            continue  # the column is not in the file
        record[name] = GOOD[name] if choice == 1 else draw(strategy)
    return record


@PROPERTY
@pytest.mark.slow
@given(st.lists(records(), min_size=1, max_size=5), st.booleans())
def test_fast_and_general_paths_agree_on_any_record(batch: list[dict[str, Any]], valid_utf8: bool) -> None:
    fast = FastRecords(now=NOW, today=TODAY, valid_utf8=valid_utf8)
    for record in batch:  # one FastRecords for the batch: what it remembers carries over
        if valid_utf8 and any(isinstance(v, str) and "\udc80" in v for v in record.values()):
            continue
        agree(record, valid_utf8=valid_utf8, fast=fast)
