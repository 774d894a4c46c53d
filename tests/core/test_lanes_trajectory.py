"""Lanes (what every chart draws) and trajectories (each model's stance at release)."""

from __future__ import annotations

from datetime import date

import pytest

from openwatch.core import history
from openwatch.core.claim import Stance
from openwatch.core.lanes import lanes
from openwatch.core.trajectory import trajectories, year_before
from tests.render.claims import claim


def test_one_lane_per_series_company_wide_first_models_by_name() -> None:
    claims = [
        claim("a", "2024-01-01", "api", model="zeta"),
        claim("b", "2024-02-01", "open-weights", model="Alpha"),
        claim("c", "2023-01-01", "mixed"),
    ]
    built = lanes(history.timeline(claims), date(2025, 1, 1))
    assert [lane.title for lane in built] == ["(company-wide)", "Alpha", "zeta"]


def test_stretches_follow_stance_and_plan_and_end_at_the_chart_end() -> None:
    claims = [
        claim("p", "2025-03", "open-weights", model="m", planned=True, kind="stated"),
        claim("d", "2025-08-05", "open-weights", model="m"),
        claim("x", "2025-09-01", "open-weights", model="m"),
        claim("c", "2026-01-02", "api", model="m"),
    ]
    (lane,) = lanes(history.timeline(claims), date(2026, 6, 30))
    assert [(s.start, s.end, s.stance, s.planned) for s in lane.stretches] == [
        (date(2025, 3, 1), date(2025, 8, 5), Stance.OPEN_WEIGHTS, True),
        (date(2025, 8, 5), date(2026, 1, 2), Stance.OPEN_WEIGHTS, False),
        (date(2026, 1, 2), date(2026, 6, 30), Stance.API, False),
    ]
    assert [mark.claim.id for mark in lane.marks] == ["p", "d", "x", "c"]
    # The promise shipped: a move of its own (DESIGN.md, "delivered").
    assert [mark.move for mark in lane.marks] == ["new", "delivered", None, "closed"]


def test_claims_after_the_end_are_left_out_and_conflicts_marked() -> None:
    claims = [
        claim("a", "2025-01-01", "api", model="m"),
        claim("b", "2025-01-01", "open-weights", model="m", kind="reported"),
        claim("later", "2027-01-01", "closed", model="m"),
    ]
    (lane,) = lanes(history.timeline(claims), date(2026, 1, 1))
    assert [m.claim.id for m in lane.marks] == ["b", "a"]
    assert all(m.conflict for m in lane.marks)
    assert lane.stretches[-1].stance is Stance.API and lane.stretches[-1].end == date(2026, 1, 1)


def test_trajectory_takes_each_models_first_non_planned_stance() -> None:
    claims = [
        claim("w", "2024-01-01", "open-source", company="OpenAI"),  # company-wide: not a release
        claim("g2", "2019-02-14", "limited", company="OpenAI", model="GPT-2"),
        claim("g2b", "2019-11-05", "open-weights", company="OpenAI", model="GPT-2"),
        claim("oss-p", "2025-03-31", "open-weights", company="OpenAI", model="gpt-oss", planned=True, kind="stated"),
        claim("oss", "2025-08-05", "open-weights", company="OpenAI", model="gpt-oss"),
        claim("g4", "2023-03-14", "api", company="OpenAI", model="GPT-4"),
        claim("k2", "2025-07-11", "weights-restricted", company="Moonshot AI", model="Kimi K2"),
        claim("only-plan", "2025-01-01", "open-weights", company="xAI", model="Grok 3", planned=True),
    ]
    found = trajectories(claims, date(2025, 12, 31))
    assert [t.company for t in found] == ["Moonshot AI", "OpenAI"]
    openai = found[1]
    assert [(r.model, r.stance.value, str(r.claim.date)) for r in openai.releases] == [
        ("GPT-2", "limited", "2019-02-14"),
        ("GPT-4", "api", "2023-03-14"),
        ("gpt-oss", "open-weights", "2025-08-05"),
    ]
    assert (openai.recent, openai.recent_open, openai.recent_open_share) == (1, 1, 1.0)
    moonshot = found[0]
    assert moonshot.recent_open_share == 0.0


@pytest.mark.parametrize(
    ("today", "recent"),
    [(date(2026, 8, 4), 1), (date(2026, 8, 5), 0), (date(2025, 8, 4), 0)],
)
def test_the_last_12_months_end_on_today(today: date, recent: int) -> None:
    claims = [claim("oss", "2025-08-05", "open-weights", model="gpt-oss")]
    found = trajectories(claims, today)
    assert (found[0].recent if found else 0) == recent
    if recent == 0 and found:
        assert found[0].recent_open_share is None


def test_year_before_handles_a_leap_day() -> None:
    assert year_before(date(2028, 2, 29)) == date(2027, 3, 1)
    assert year_before(date(2026, 11, 26)) == date(2025, 11, 27)


def test_trajectory_records_are_flat_rows_with_the_company_share() -> None:
    from openwatch.core.trajectory import trajectory_rows
    from openwatch.render.records import TRAJECTORY

    claims = [
        claim("a", "2025-01-01", "open-weights", model="A"),
        claim("b", "2025-06-01", "api", model="B"),
        claim("c", "2025-09-01", "open-source", model="C", kind="assessed", source="An index"),
    ]
    rows = list(TRAJECTORY.records(trajectory_rows(trajectories(claims, date(2025, 12, 31)))))
    assert [tuple(row) for row in rows] == [TRAJECTORY.names] * 3
    assert [(r["model"], r["stance"]) for r in rows] == [("A", "open-weights"), ("B", "api"), ("C", "open-source")]
    assert {(r["recent_releases"], r["recent_open"], r["recent_open_share"]) for r in rows} == {(3, 2, 0.667)}
