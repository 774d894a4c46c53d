"""openwatch as a library: the Tracker gives typed rows and owns its transactions."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from openwatch.api import Tracker
from openwatch.api.files import add as add_claim
from openwatch.core.claim import Claim, Direction, Kind, Stance
from openwatch.core.errors import DatabaseError, InvalidValue, NotFound
from openwatch.core.history import Filters, Gap, Move, StatusRow
from openwatch.core.validate import ClaimFields
from tests.conftest import ROOT, Cli, utc

NOW = utc(2026, 11, 29, 12)
TODAY = date(2026, 11, 29)


@pytest.fixture
def tracker(sample: Cli, db_path: Path) -> Iterator[Tracker]:
    with Tracker.open(db_path) as opened:
        yield opened


def test_reading_never_creates_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no openwatch database"):
        Tracker.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with Tracker.open(tmp_path / "new.db", create=True) as created:
        assert created.companies() == []


def test_views_return_typed_rows_matching_the_command_line(tracker: Tracker, sample: Cli) -> None:
    timeline = tracker.timeline("meta")  # any case, through aliases
    assert timeline.company == "Meta"
    assert [entry.claim.id for entry in timeline.entries] == [r["id"] for r in sample.json("timeline", "Meta")]
    status = list(tracker.status(["Meta"], as_of=date(2025, 8, 1)))
    assert all(isinstance(row, StatusRow) for row in status)
    behemoth = next(row for row in status if row.model == "Llama 4 Behemoth")
    assert behemoth.stance is Stance.CLOSED and behemoth.claim.planned
    moves = tracker.changes(companies=["Meta"], directions={Direction.CLOSED})
    assert all(isinstance(move, Move) and move.direction is Direction.CLOSED for move in moves)
    assert "sample-e53" in {move.claim.id for move in moves}
    gaps = tracker.gap(["Meta"])
    assert gaps and all(isinstance(gap, Gap) and gap.stated.kind is Kind.STATED for gap in gaps)


def test_filters_apply_before_moves(tracker: Tracker) -> None:
    observed = tracker.timeline("Meta", filters=Filters(kinds=[Kind.OBSERVED]))
    assert {entry.claim.kind for entry in observed.entries} == {Kind.OBSERVED}
    assert observed.entries[0].move is not None and observed.entries[0].move.direction is Direction.NEW


def test_a_diff_with_its_dates_swapped_is_refused(tracker: Tracker) -> None:
    with pytest.raises(InvalidValue, match="swap them"):
        tracker.diff("Meta", start=date(2025, 8, 1), end=date(2025, 5, 1))


def test_writes_return_the_stored_claim_and_keep_history(tracker: Tracker) -> None:
    added = tracker.add(
        ClaimFields(
            company="meta",
            model="Llama 4 Behemoth",
            stance="closed",
            kind="reported",
            planned=True,
            date="2025-07-14",
            source="The New York Times",
        ),
        now=NOW,
        today=TODAY,
    )
    assert isinstance(added, Claim) and added.company == "Meta"  # the canonical name
    edited = tracker.edit(added.id, ClaimFields(stance="mixed"), reason="misread", now=NOW, today=TODAY)
    assert [change.field for change in edited.changes] == ["stance"] and edited.claim.stance is Stance.MIXED
    assert tracker.edit(added.id, ClaimFields(stance="mixed"), now=NOW, today=TODAY).changes == []
    retracted = tracker.retract(added.id[:8], reason="denied", now=NOW)
    assert retracted.retracted
    assert tracker.restore(added.id, now=NOW).retracted_at is None
    history = tracker.history(added.id)
    assert [entry.change for entry in history.versions] == ["created", "edited", "retracted", "restored"]


def test_a_failed_write_leaves_nothing(tracker: Tracker) -> None:
    before = len(list(tracker.export_claims()))
    with pytest.raises(NotFound):
        tracker.retract("no-such-claim", reason="x", now=NOW)
    with pytest.raises(InvalidValue):
        tracker.add(ClaimFields(company="Meta", stance="opne", date="2025", source="x"), now=NOW, today=TODAY)
    assert len(list(tracker.export_claims())) == before


def test_a_bad_claim_creates_no_database(tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    with pytest.raises(InvalidValue):
        add_claim(target, ClaimFields(company="Meta", stance="closed", date="2099", source="x"), now=NOW, today=TODAY)
    assert not target.exists()


@pytest.mark.slow
def test_the_readme_example_script_prints_metas_moves(sample: Cli, db_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "meta_moves.py"), str(db_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Llama 4 Behemoth: weights-restricted -> closed" in done.stdout
    assert "as of 2025-08-01  Llama 4 Behemoth: closed (sample-e53)" in done.stdout
