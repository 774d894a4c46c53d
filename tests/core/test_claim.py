from __future__ import annotations

from datetime import date

import pytest

from openwatch.core.claim import Direction, Kind, Stance, direction_between, parse_kind, parse_stance
from openwatch.core.errors import InvalidValue
from openwatch.core.validate import ClaimFields, build_claim, new_claim_id
from tests.conftest import utc

TODAY = date(2026, 11, 26)


def test_the_scale_is_ordered_closed_to_open_with_two_unordered_stances() -> None:
    ordered = [s for s in Stance if s.level is not None]
    assert [s.value for s in ordered] == [
        "closed",
        "limited",
        "hosted",
        "api",
        "weights-noncommercial",
        "weights-restricted",
        "open-weights",
        "open-source",
    ]
    assert [s.level for s in ordered] == list(range(8))
    assert Stance.MIXED.level is None and Stance.UNKNOWN.level is None


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [
        (None, Stance.CLOSED, Direction.NEW),
        (Stance.API, Stance.OPEN_WEIGHTS, Direction.OPENED),
        (Stance.OPEN_SOURCE, Stance.MIXED, Direction.CHANGED),
        (Stance.MIXED, Stance.CLOSED, Direction.CHANGED),
        (Stance.WEIGHTS_RESTRICTED, Stance.CLOSED, Direction.CLOSED),
        (Stance.MIXED, Stance.MIXED, Direction.UNCHANGED),
    ],
)
def test_directions(before: Stance | None, after: Stance, direction: Direction) -> None:
    assert direction_between(before, after) is direction


def test_kinds_go_from_weakest_to_strongest_evidence() -> None:
    assert sorted(Kind, key=lambda k: k.strength) == [Kind.REPORTED, Kind.STATED, Kind.ASSESSED, Kind.OBSERVED]


def test_a_bad_stance_lists_the_valid_ones_and_suggests_the_nearest() -> None:
    with pytest.raises(InvalidValue) as error:
        parse_stance("opne")
    assert "open-weights" in error.value.message and "Did you mean" in error.value.message
    assert "closed, limited, hosted" in error.value.message
    with pytest.raises(InvalidValue, match="Did you mean 'closed'"):
        parse_stance("closd")
    assert parse_stance(" Open_Weights ") is Stance.OPEN_WEIGHTS
    assert parse_kind("Observed") is Kind.OBSERVED


def fields(**overrides: str) -> ClaimFields:
    base = {"date": "2025-07-14", "company": "Meta", "stance": "mixed", "source": "TechCrunch"}
    base.update(overrides)
    return ClaimFields(**base)


def test_build_claim_fills_defaults_and_keeps_text() -> None:
    claim = build_claim(fields(quote="« un mélange »"), claim_id="x1", recorded_at=utc(2025, 7, 14), today=TODAY)
    assert claim.kind is Kind.STATED and claim.planned is False and claim.model is None
    assert claim.quote == "« un mélange »"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"company": "  "}, "company"),
        ({"source": ""}, "source"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"stance": "openish"}, "stance"),
        ({"kind": "rumour"}, "kind"),
        ({"date": "07/08/2025"}, "date"),
        ({"planned": "perhaps"}, "planned"),
    ],
)
def test_build_claim_names_the_bad_field(override: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidValue) as error:
        build_claim(fields(**override), claim_id="x", recorded_at=utc(2025, 1, 1), today=TODAY)
    assert error.value.field == field


def test_ids_are_unique_without_coordination() -> None:
    ids = {new_claim_id() for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(len(i) == 16 for i in ids)
