"""Who is opening, who is closing: each model's stance at its release, per company.

A model's release is its series' first claim that is not planned (what was
actually said or seen once the model existed), with that claim's stance and
date. A company's recent share is the part of its releases dated in the 12
months up to ``today`` that came out at ``open-weights`` or above; None when
it released nothing in that time (no releases is not the same as 0 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openwatch.core.claim import Claim, Stance
from openwatch.core.history import by_series

OPEN_FROM = Stance.OPEN_WEIGHTS.level


@dataclass(frozen=True, slots=True)
class Release:
    company: str
    model: str
    stance: Stance
    claim: Claim

    @property
    def day(self) -> date:
        return self.claim.date.start


@dataclass(frozen=True, slots=True)
class CompanyTrajectory:
    company: str
    releases: tuple[Release, ...]
    """Oldest first."""
    recent: int
    """Releases in the 12 months up to ``today``."""
    recent_open: int
    """Of those, how many at open-weights or above."""

    @property
    def recent_open_share(self) -> float | None:
        return None if self.recent == 0 else self.recent_open / self.recent


def year_before(today: date) -> date:
    """The first day of the 12 months that end on ``today`` (29 February steps back to the 28th)."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:
        start = today.replace(year=today.year - 1, day=28)
    return date.fromordinal(start.toordinal() + 1)


def is_open(stance: Stance) -> bool:
    level = stance.level
    return level is not None and OPEN_FROM is not None and level >= OPEN_FROM


def trajectories(claims: Iterable[Claim], today: date, *, presorted: bool = False) -> list[CompanyTrajectory]:
    """Per company (by name), each model's first non-planned stance, as of ``today``.

    ``claims``: what history sees (retracted ones already left out). Claims
    dated after ``today`` do not count. Companies with no model release are
    left out.
    """
    found: dict[str, list[Release]] = {}
    for series in by_series(claims, presorted=presorted):
        first = series[0]
        if first.model is None:
            continue
        release = next((c for c in series if not c.planned and c.date.start <= today), None)
        if release is None:
            continue
        found.setdefault(first.company, []).append(Release(first.company, first.model, release.stance, release))
    since = year_before(today)
    result = []
    for company in sorted(found, key=lambda name: (name.casefold(), name)):
        releases = sorted(found[company], key=lambda r: (r.claim.date.sort_key, r.model.casefold(), r.model))
        recent = [r for r in releases if since <= r.day <= today]
        result.append(
            CompanyTrajectory(company, tuple(releases), len(recent), sum(1 for r in recent if is_open(r.stance)))
        )
    return result


@dataclass(frozen=True, slots=True)
class TrajectoryRow:
    """One release with its company's figures: a row of ``openwatch trajectory``."""

    company: CompanyTrajectory
    release: Release


def trajectory_rows(found: Iterable[CompanyTrajectory]) -> list[TrajectoryRow]:
    return [TrajectoryRow(company, release) for company in found for release in company.releases]
