"""The merge rules of import, as pure functions."""

from __future__ import annotations

import pytest

from openwatch.core.merge import Outcome, Problem, Tally, Version, decide, describe_problems

T1 = "2025-01-01T00:00:00.000000Z"
T2 = "2025-06-01T00:00:00.000000Z"


def version(updated: str, content: str = "a", recorded: str = T1) -> Version:
    return Version(updated_at=updated, recorded_at=recorded, content=(content,))


@pytest.mark.parametrize(
    ("incoming", "stored", "timed", "outcome"),
    [
        (version(T1), None, True, Outcome.ADDED),
        (version(T2, "b"), version(T1), True, Outcome.UPDATED),
        (version(T1, "b"), version(T2), True, Outcome.UNCHANGED),
        (version(T1), version(T1), True, Outcome.UNCHANGED),
        (version(T1, "b"), version(T1), True, Outcome.CONFLICT),
        (version(T1, recorded=T2), version(T1), True, Outcome.CONFLICT),
        (version(T2), version(T1), False, Outcome.UNCHANGED),
        (version(T1, "b"), version(T2), False, Outcome.UPDATED),
    ],
    ids=[
        "new",
        "later-wins",
        "earlier-ignored",
        "equal",
        "same-time-conflict",
        "recorded-differs",
        "untimed-same",
        "untimed-different",
    ],
)
def test_decide(incoming: Version, stored: Version | None, timed: bool, outcome: Outcome) -> None:
    assert decide(incoming, stored, timed=timed) is outcome


def test_problems_are_listed_up_to_a_limit_then_counted() -> None:
    problems = [Problem(f"f.csv, line {n}", "date", "bad") for n in range(2, 27)]
    lines = describe_problems(problems[:20], total=25)
    assert len(lines) == 21
    assert lines[0] == "f.csv, line 2, date: bad"
    assert lines[-1] == "... and 5 more"
    assert describe_problems(problems[:2], total=2) == ["f.csv, line 2, date: bad", "f.csv, line 3, date: bad"]


def test_tally_counts_and_summarises() -> None:
    tally = Tally()
    for outcome in (Outcome.ADDED, Outcome.ADDED, Outcome.UPDATED, Outcome.UNCHANGED):
        tally.count(outcome)
    assert tally.summary() == "2 added, 1 updated, 1 unchanged"
