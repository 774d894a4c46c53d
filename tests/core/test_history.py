"""The history core against DESIGN.md "Semantics": ordering, as-of, moves, diff, conflicts, gap."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openwatch.core import history, verdicts
from openwatch.core.claim import Claim, Direction, Kind, Stance
from openwatch.core.dates import PartialDate, parse_iso_date
from tests.conftest import utc

_counter = iter(range(1_000_000))


def claim(
    day: str,
    stance: str,
    *,
    model: str | None = None,
    company: str = "Meta",
    kind: str = "stated",
    planned: bool = False,
    cid: str | None = None,
    recorded: int = 0,
    retracted: bool = False,
) -> Claim:
    moment = utc(2026, 1, 1) + timedelta(seconds=recorded)
    return Claim(
        id=cid or f"c{next(_counter):06d}",
        date=parse_iso_date(day),
        company=company,
        model=model,
        stance=Stance(stance),
        kind=Kind(kind),
        planned=planned,
        source="test",
        url=None,
        quote=None,
        license=None,
        note=None,
        recorded_at=moment,
        updated_at=moment,
        retracted_at=moment if retracted else None,
    )


# -- ordering -------------------------------------------------------------------


def test_claims_sort_by_date_then_weakest_to_strongest_kind_then_recorded_then_id() -> None:
    observed = claim("2025-07-14", "closed", kind="observed", cid="a")
    reported = claim("2025-07-14", "open-source", kind="reported", cid="b")
    stated_late = claim("2025-07-14", "api", kind="stated", cid="c", recorded=10)
    stated_early = claim("2025-07-14", "api", kind="stated", cid="d", recorded=5)
    assessed = claim("2025-07-14", "hosted", kind="assessed", cid="e")
    earlier = claim("2025-07-13", "mixed", kind="observed", cid="f")
    same_time_b = claim("2025-07-15", "api", cid="y")
    same_time_a = claim("2025-07-15", "api", cid="x")
    got = history.ordered([observed, reported, stated_late, stated_early, assessed, earlier, same_time_b, same_time_a])
    assert [c.id for c in got] == ["f", "b", "d", "c", "e", "a", "x", "y"]


def test_a_partial_date_sorts_at_the_start_of_its_period_before_the_days_in_it() -> None:
    year = claim("2025", "api", cid="year")
    month = claim("2025-01", "api", cid="month")
    first_day = claim("2025-01-01", "api", cid="day", kind="reported")
    december = claim("2024-12-31", "api", cid="dec", kind="observed")
    assert [c.id for c in history.ordered([first_day, month, year, december])] == ["dec", "year", "month", "day"]


# -- as of ----------------------------------------------------------------------


def test_as_of_is_the_last_claim_on_or_before_the_date() -> None:
    series = history.ordered(
        [claim("2025-04-05", "weights-restricted"), claim("2025-07-14", "closed", kind="reported")]
    )
    assert history.as_of(series, date(2025, 4, 4)) is None
    assert history.as_of(series, date(2025, 4, 5)) is series[0]
    assert history.as_of(series, date(2025, 7, 13)) is series[0]
    assert history.as_of(series, date(2025, 7, 14)) is series[1]


def test_on_one_date_the_strongest_evidence_wins_as_of() -> None:
    said = claim("2025-07-14", "open-source", kind="stated")
    shipped = claim("2025-07-14", "weights-restricted", kind="observed")
    reported = claim("2025-07-14", "closed", kind="reported", recorded=99)
    series = history.ordered([shipped, said, reported])
    assert history.as_of(series, date(2025, 7, 14)) is shipped


def test_a_month_claim_counts_from_the_start_of_its_month() -> None:
    series = history.ordered([claim("2025-07", "closed")])
    assert history.as_of(series, date(2025, 6, 30)) is None
    assert history.as_of(series, date(2025, 7, 1)) is series[0]


def test_select_drops_retracted_then_applies_kind_and_planned_filters() -> None:
    kept = claim("2025-01-01", "api", kind="observed")
    claims = [
        kept,
        claim("2025-01-02", "closed", kind="observed", retracted=True),
        claim("2025-01-03", "closed", kind="stated"),
        claim("2025-01-04", "closed", kind="observed", planned=True),
    ]
    assert list(history.select(claims, kinds=[Kind.OBSERVED], include_planned=False)) == [kept]
    assert len(list(history.select(claims))) == 3


# -- moves and timeline -------------------------------------------------------------


def test_moves_mark_new_opened_closed_changed_and_skip_unchanged() -> None:
    series = history.ordered(
        [
            claim("2023-01-01", "api"),
            claim("2023-02-01", "api", kind="observed"),
            claim("2023-03-01", "open-weights"),
            claim("2023-04-01", "closed"),
            claim("2023-05-01", "mixed"),
            claim("2023-06-01", "unknown"),
        ]
    )
    got = [(m.claim.date.month, m.before, m.direction) for m in history.moves(series)]
    assert got == [
        (1, None, Direction.NEW),
        (3, Stance.API, Direction.OPENED),
        (4, Stance.OPEN_WEIGHTS, Direction.CLOSED),
        (5, Stance.CLOSED, Direction.CHANGED),
        (6, Stance.MIXED, Direction.CHANGED),
    ]


def test_moves_of_a_window_start_from_the_stance_held_before_it() -> None:
    window = [claim("2025-07-14", "closed"), claim("2025-08-01", "closed")]
    got = list(history.moves(window, before=Stance.WEIGHTS_RESTRICTED))
    assert [(m.before, m.direction) for m in got] == [(Stance.WEIGHTS_RESTRICTED, Direction.CLOSED)]
    assert history.move_to(window[1], window[0]) is None
    first = history.move_to(window[0], None)
    assert first is not None and first.direction is Direction.NEW


def test_timeline_marks_moves_per_series_and_conflicts() -> None:
    a1 = claim("2025-01-01", "api", model="A")
    b1 = claim("2025-01-02", "closed", model="B")
    a2 = claim("2025-01-03", "api", model="A", kind="observed")
    b2 = claim("2025-01-04", "open-weights", model="B")
    b3 = claim("2025-01-04", "closed", model="b", kind="reported")  # same series, case-insensitively
    entries = history.timeline([b2, a2, b1, a1, b3])
    assert [e.claim for e in entries] == [a1, b1, a2, b3, b2]
    moves = {e.claim.id: (e.move.direction if e.move else None) for e in entries}
    assert moves == {
        a1.id: Direction.NEW,
        b1.id: Direction.NEW,
        a2.id: None,
        b3.id: None,
        b2.id: Direction.OPENED,
    }
    assert [e.conflict for e in entries] == [False, False, False, True, True]


def test_filters_apply_before_moves() -> None:
    claims = [
        claim("2025-01-01", "open-weights", kind="observed"),
        claim("2025-02-01", "closed", kind="reported"),
        claim("2025-03-01", "open-weights", kind="observed"),
    ]
    observed = list(history.select(claims, kinds=[Kind.OBSERVED]))
    assert [e.move.direction if e.move else None for e in history.timeline(observed)] == [Direction.NEW, None]


# -- status ---------------------------------------------------------------------


def test_status_has_one_row_per_series_with_a_claim_by_then() -> None:
    claims = [
        claim("2025-04-05", "weights-restricted", model="Behemoth", planned=True),
        claim("2025-07-14", "closed", model="Behemoth", kind="reported", planned=True),
        claim("2024-07-23", "open-source"),
        claim("2025-07-14", "mixed"),
        claim("2026-01-01", "hosted", model="Later"),
    ]
    june = {(r.company, r.model): r.stance for r in history.status(claims, date(2025, 6, 30))}
    august = {(r.company, r.model): r.stance for r in history.status(claims, date(2025, 8, 1))}
    assert june == {("Meta", None): Stance.OPEN_SOURCE, ("Meta", "Behemoth"): Stance.WEIGHTS_RESTRICTED}
    assert august == {("Meta", None): Stance.MIXED, ("Meta", "Behemoth"): Stance.CLOSED}


def test_status_marks_a_conflict_on_the_date_it_rests_on() -> None:
    claims = [
        claim("2025-01-01", "api", kind="stated"),
        claim("2025-01-01", "closed", kind="reported"),
        claim("2025-02-01", "api"),
    ]
    assert [r.conflict for r in history.status(claims, date(2025, 1, 15))] == [True]
    assert [r.conflict for r in history.status(claims, date(2025, 2, 1))] == [False]


# -- diff -----------------------------------------------------------------------


def test_diff_gives_both_stances_the_direction_and_the_claims_between() -> None:
    e45 = claim("2025-04-05", "weights-restricted", model="Behemoth", planned=True)
    e47 = claim("2025-05-15", "weights-restricted", model="Behemoth", kind="reported", planned=True)
    e53 = claim("2025-07-14", "closed", model="Behemoth", kind="reported", planned=True)
    e31 = claim("2024-07-23", "open-source")
    e54 = claim("2025-07-14", "mixed")
    scout = claim("2025-04-05", "weights-restricted", model="Scout", kind="observed")
    new = claim("2025-06-01", "hosted", model="New")
    rows = {r.model: r for r in history.diff([e45, e47, e53, e31, e54, scout, new], date(2025, 5, 1), date(2025, 8, 1))}
    assert rows["Behemoth"].direction is Direction.CLOSED
    assert rows["Behemoth"].between == [e47, e53]
    assert rows[None].direction is Direction.CHANGED and rows[None].between == [e54]
    assert rows["Scout"].direction is Direction.UNCHANGED and rows["Scout"].between == []
    assert rows["New"].direction is Direction.NEW and rows["New"].before is None
    # A claim on FROM itself counts as the stance at FROM, not as between.
    on_from = history.diff([e45, e47], date(2025, 5, 15), date(2025, 8, 1))
    assert on_from[0].before is e47 and on_from[0].between == []
    # A series with no claim by TO is left out.
    assert history.diff([new], date(2025, 1, 1), date(2025, 5, 1)) == []


# -- conflicts --------------------------------------------------------------------


def test_conflicts_are_same_series_same_date_different_stances_whatever_the_kinds() -> None:
    a = claim("2025-07-14", "closed", model="X", kind="reported")
    b = claim("2025-07-14", "open-weights", model="X", kind="observed")
    same = claim("2025-07-15", "api", model="X")
    same2 = claim("2025-07-15", "api", model="X", kind="observed")
    other_series = claim("2025-07-14", "api", model="Y")
    month = claim("2025-07", "hosted", model="X")  # a different date from any day in July
    found = history.conflicts([same, b, other_series, a, month, same2])
    assert len(found) == 1
    assert found[0].model == "X" and str(found[0].date) == "2025-07-14"
    assert found[0].claims == [a, b]


# -- gap --------------------------------------------------------------------------


def test_gap_holds_a_company_wide_statement_against_each_model_as_of_its_date() -> None:
    osi = claim("2023-07-20", "weights-restricted", model="Llama 2", kind="assessed", cid="e12")
    llama31 = claim("2024-07-23", "weights-restricted", model="Llama 3.1", kind="observed", cid="e31a")
    open_source = claim("2024-07-23", "open-source", cid="e31b")
    later_model = claim("2024-09-25", "weights-restricted", model="Llama 3.2", kind="observed", cid="e33")
    mixed = claim("2025-07-14", "mixed", cid="e54")
    planned = claim("2025-04-05", "open-source", model="Behemoth", planned=True, cid="e45")
    found = history.gaps([mixed, later_model, open_source, llama31, osi, planned])
    assert [(g.stated.id, g.evidence.id if g.evidence else None, g.model) for g in found] == [
        ("e31b", "e12", "Llama 2"),
        ("e31b", "e31a", "Llama 3.1"),
    ]


def test_gap_flags_only_more_openness_said_than_shipped_and_never_unordered_or_planned() -> None:
    shipped = claim("2025-01-01", "api", model="M", kind="observed")
    planned_evidence = claim("2025-01-02", "closed", model="M", kind="observed", planned=True)
    honest = claim("2025-02-01", "api", model="M")
    modest = claim("2025-02-02", "closed", model="M")
    boast = claim("2025-02-03", "open-weights", model="M")
    unknown = claim("2025-02-04", "unknown", model="M")
    intent = claim("2025-02-05", "open-source", model="M", planned=True)
    reported = claim("2025-02-06", "open-source", model="M", kind="reported")
    before_any_evidence = claim("2024-01-01", "open-source", model="M")
    mixed_evidence = claim("2025-03-01", "mixed", model="N", kind="observed")
    vs_mixed = claim("2025-03-02", "open-source", model="N")
    found = history.gaps(
        [
            shipped,
            planned_evidence,
            honest,
            modest,
            boast,
            unknown,
            intent,
            reported,
            before_any_evidence,
            mixed_evidence,
            vs_mixed,
        ]
    )
    # Words with nothing ordered to be held against are said to lack evidence, never cleared.
    assert [(g.stated.id, g.evidence.id if g.evidence else None, g.finding.value) for g in found] == [
        (before_any_evidence.id, None, "no evidence"),
        (boast.id, shipped.id, "more open than shipped"),
        (vs_mixed.id, None, "no evidence"),
    ]


def test_a_company_wide_statement_is_held_against_company_wide_evidence_too() -> None:
    judged = claim("2025-01-01", "api", kind="assessed")
    said = claim("2025-02-01", "open-source")
    assert [(g.stated, g.evidence, g.model) for g in history.gaps([said, judged])] == [(said, judged, None)]


# -- properties -------------------------------------------------------------------

KINDS = [k.value for k in Kind]
STANCES = [s.value for s in Stance]


@st.composite
def claim_sets(draw: st.DrawFn) -> list[Claim]:
    count = draw(st.integers(min_value=1, max_value=25))
    found = []
    for number in range(count):
        offset = draw(st.integers(min_value=0, max_value=40))
        day = date(2025, 1, 1) + timedelta(days=offset)
        precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
        text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
        found.append(
            claim(
                text,
                draw(st.sampled_from(STANCES)),
                model=draw(st.sampled_from([None, "A", "b", "B"])),
                company=draw(st.sampled_from(["Meta", "meta", "Mistral"])),
                kind=draw(st.sampled_from(KINDS)),
                planned=draw(st.booleans()),
                cid=f"p{number:03d}",
                recorded=draw(st.integers(min_value=0, max_value=3)),
            )
        )
    return found


PROPERTY = settings(max_examples=100, derandomize=True, deadline=None)


@PROPERTY
@pytest.mark.slow
@given(claim_sets())
def test_as_of_a_claims_own_date_is_its_stance_unless_a_stronger_claim_shares_the_date(claims: list[Claim]) -> None:
    for series in history.by_series(claims):
        for mine in series:
            if mine.date.precision != "day":
                continue
            found = history.as_of(series, mine.date.start)
            assert found is not None
            same_day = [c for c in series if c.date == mine.date]
            stronger = [c for c in same_day if c.kind.strength > mine.kind.strength]
            if not stronger:
                # Among equals, the later entry (then the id) decides.
                assert found.kind is mine.kind and found.date == mine.date
                if all(history.claim_order(c) <= history.claim_order(mine) for c in same_day):
                    assert found is mine and found.stance is mine.stance
            else:
                assert found.kind.strength > mine.kind.strength
                assert found is max(same_day, key=history.claim_order)


@PROPERTY
@pytest.mark.slow
@given(claim_sets(), st.integers(min_value=0, max_value=45))
def test_a_diff_from_a_date_to_itself_is_all_unchanged(claims: list[Claim], offset: int) -> None:
    day = date(2025, 1, 1) + timedelta(days=offset)
    rows = history.diff(claims, day, day)
    assert all(r.direction is Direction.UNCHANGED and r.between == [] for r in rows)
    assert len(rows) == len(list(history.status(claims, day)))


def results(claims: list[Claim]) -> object:
    day = date(2025, 1, 20)
    return (
        [(e.claim.id, e.move.direction if e.move else None, e.conflict) for e in history.timeline(claims)],
        [(r.company, r.model, r.claim.id, r.conflict) for r in history.status(claims, day)],
        [(r.model, r.before, r.after, r.direction, r.between) for r in history.diff(claims, date(2025, 1, 5), day)],
        [(m.claim.id, m.before, m.direction) for m in history.newest_first(history.all_moves(claims))],
        [(c.date, [m.id for m in c.claims]) for c in history.conflicts(claims)],
        [(g.stated.id, g.evidence.id if g.evidence else None, g.finding) for g in history.gaps(claims)],
        [(r.model, [(v.role, v.claim.id) for v in r.verdicts], r.disagree) for r in verdicts.verdicts(claims)],
    )


@PROPERTY
@pytest.mark.slow
@given(claim_sets(), st.randoms(use_true_random=False))
def test_inserting_the_same_claims_in_any_order_changes_no_result(claims: list[Claim], rng: random.Random) -> None:
    shuffled = list(claims)
    rng.shuffle(shuffled)
    assert results(shuffled) == results(claims)
    assert results(list(reversed(claims))) == results(claims)


@PROPERTY
@pytest.mark.slow
@given(claim_sets())
def test_status_streams_the_same_rows_from_series_order(claims: list[Claim]) -> None:
    presorted = sorted(claims, key=history.series_then_order)
    day = date(2025, 1, 20)
    assert list(history.status(presorted, day, presorted=True)) == list(history.status(claims, day))


def test_partial_dates_differ_from_days_inside_them() -> None:
    assert PartialDate(2025, 7) != PartialDate(2025, 7, 1)
    month = claim("2025-07", "api", model="X")
    day = claim("2025-07-01", "closed", model="X")
    assert history.conflicts([month, day]) == []
    assert history.as_of(history.ordered([day, month]), date(2025, 7, 1)) is day
