"""The ``delivered`` move: a planned claim followed by the same stance, no longer planned."""

from __future__ import annotations

from datetime import date

from openwatch.core import history
from openwatch.core.claim import Direction, Stance
from tests.core.test_history import claim


def test_a_promise_shipped_is_a_move_of_its_own() -> None:
    series = [
        claim("2025-03", "open-weights", model="M", planned=True),
        claim("2025-08", "open-weights", model="M", kind="observed"),
        claim("2025-09", "open-weights", model="M", kind="observed"),  # the same again: no move
    ]
    got = [(m.before, m.direction) for m in history.moves(series)]
    assert got == [(None, Direction.NEW), (Stance.OPEN_WEIGHTS, Direction.DELIVERED)]


def test_not_delivered_when_planned_again_or_another_stance() -> None:
    planned = claim("2025-03", "open-weights", model="M", planned=True)
    again = claim("2025-04", "open-weights", model="M", kind="reported", planned=True)
    lower = claim("2025-08", "api", model="M", kind="observed")
    assert [m.direction for m in history.moves([planned, again])] == [Direction.NEW]
    assert [m.direction for m in history.moves([planned, lower])] == [Direction.NEW, Direction.CLOSED]


def test_a_window_knows_the_claim_before_it() -> None:
    planned = claim("2025-03", "open-weights", model="M", planned=True)
    shipped = claim("2025-08", "open-weights", model="M", kind="observed")
    step = history.move_to(shipped, planned)
    assert step is not None and step.direction is Direction.DELIVERED and step.before is Stance.OPEN_WEIGHTS
    # Given only the stance before it, nothing says it was planned: no move.
    assert list(history.moves([shipped], before=Stance.OPEN_WEIGHTS)) == []
    assert [m.direction for m in history.moves([shipped], before=planned)] == [Direction.DELIVERED]


def test_timeline_marks_the_delivery() -> None:
    planned = claim("2025-03", "open-weights", model="M", planned=True)
    shipped = claim("2025-08", "open-weights", model="M", kind="observed")
    entries = history.timeline([shipped, planned])
    assert [e.move.direction if e.move else None for e in entries] == [Direction.NEW, Direction.DELIVERED]


def test_diff_says_delivered_when_the_stance_at_from_was_planned_and_shipped_by_to() -> None:
    planned = claim("2025-03", "open-weights", model="M", planned=True)
    shipped = claim("2025-08", "open-weights", model="M", kind="observed")
    [row] = history.diff([planned, shipped], date(2025, 5, 1), date(2025, 12, 31))
    assert row.direction is Direction.DELIVERED and row.between == [shipped]
    [still] = history.diff([planned, shipped], date(2025, 5, 1), date(2025, 6, 30))
    assert still.direction is Direction.UNCHANGED


def test_no_planned_filter_applies_before_moves() -> None:
    planned = claim("2025-03", "open-weights", model="M", planned=True)
    shipped = claim("2025-08", "open-weights", model="M", kind="observed")
    kept = list(history.select([planned, shipped], include_planned=False))
    assert [m.direction for m in history.moves(kept)] == [Direction.NEW]


def test_supporting_is_the_run_of_the_current_stance() -> None:
    first = claim("2024-01", "open-weights", model="M", kind="observed")
    closed = claim("2024-06", "closed", model="M", kind="reported")
    again = claim("2024-07", "closed", model="M", kind="stated")
    later = claim("2025-01", "api", model="M", kind="observed")
    series = [first, closed, again, later]
    assert history.supporting(series, date(2024, 12, 31)) == (closed, again)
    assert history.supporting(series, date(2025, 2, 1)) == (later,)
    assert history.supporting(series, date(2023, 1, 1)) == ()
    [row] = history.status(series, date(2024, 12, 31), evidence=True)
    assert row.evidence == (closed, again) and row.claim == again
