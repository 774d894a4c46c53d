"""The index imports as a library call: typed results, all or nothing, corrections counted."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from openwatch.api.indexes import IndexSource, import_index, same_record
from openwatch.core.dates import parse_iso_date
from openwatch.core.errors import InvalidValue
from tests.conftest import FIXTURES

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 29)


def test_an_eosai_import_and_its_reimport(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    first = import_index(
        db, IndexSource.eosai, FIXTURES / "eosai", as_of=None, now=NOW, today=TODAY, dry_run=False, skip_invalid=False
    )
    assert first.written and len(first.added) == 10 and str(first.snapshot) == "2026-06-12"
    assert ("Google AI", "Google") in first.aliases_added
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE claims SET date = '2024-04', date_start = '2024-04-01', precision = 1"
            " WHERE id LIKE 'eosai-llama-3-%' AND id NOT LIKE 'eosai-llama-3-1-%'"
        )
    again = import_index(
        db, IndexSource.eosai, FIXTURES / "eosai", as_of=None, now=NOW, today=TODAY, dry_run=False, skip_invalid=False
    )
    assert [c.model for c in again.redated] == ["Llama 3"] and again.unchanged == 9 and not again.added


def test_bad_records_write_nothing_without_skip_invalid(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = import_index(
        db, IndexSource.mot, FIXTURES / "mot", as_of=None, now=NOW, today=TODAY, dry_run=False, skip_invalid=False
    )
    assert not result.written and len(result.invalid) == 1 and not db.exists()


def test_a_snapshot_date_after_today_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="after today"):
        import_index(
            tmp_path / "t.db",
            IndexSource.mot,
            FIXTURES / "mot",
            as_of=parse_iso_date("2027-01-01"),
            now=NOW,
            today=TODAY,
            dry_run=False,
            skip_invalid=True,
        )


def test_epoch_rows_not_assessed_are_counted_not_claimed(tmp_path: Path) -> None:
    result = import_index(
        tmp_path / "t.db",
        IndexSource.epoch,
        FIXTURES / "epoch" / "epoch-subset.csv",
        as_of=None,
        now=NOW,
        today=TODAY,
        dry_run=True,
        skip_invalid=False,
    )
    assert result.snapshot is None and result.not_assessed == 1 and len(result.added) == 12
    assert not result.written and not (tmp_path / "t.db").exists()


def test_same_record_is_exact() -> None:
    assert same_record("eosai-llama-3-0123456789", "eosai-llama-3-abcdefabcd")
    assert not same_record("eosai-llama-3-1-0123456789", "eosai-llama-3-abcdefabcd")
    assert not same_record("eosai-llama-3-notahash!!", "eosai-llama-3-abcdefabcd")
