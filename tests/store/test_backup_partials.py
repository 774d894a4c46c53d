"""Partial copies left by a killed ``db backup`` are cleaned by the next one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openwatch.store.backup import remove_stale_partials
from tests.conftest import Cli


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_backup_removes_what_a_killed_one_left(sample: Cli, tmp_path: Path) -> None:
    dead = tmp_path / f".copy.db.{_dead_pid()}.k2j3h4g5.partial"
    dead.write_bytes(b"half a copy")
    Path(f"{dead}-wal").write_bytes(b"")
    working = tmp_path / f".copy.db.{os.getpid()}.a1b2c3d4.partial"  # a backup still at work
    working.write_bytes(b"being written")
    other = tmp_path / f".other.db.{_dead_pid()}.zzzzzzzz.partial"  # another target's: not ours to judge
    other.write_bytes(b"x")
    sample("db", "backup", str(tmp_path / "copy.db"))
    assert not dead.exists() and not Path(f"{dead}-wal").exists()
    assert working.exists() and other.exists()
    assert (tmp_path / "copy.db").exists()


def test_a_partial_without_an_owner_is_removed_only_when_old(tmp_path: Path) -> None:
    fresh = tmp_path / ".copy.db.k2j3h4g5.partial"
    fresh.write_bytes(b"x")
    assert remove_stale_partials(tmp_path, "copy.db") == []
    os.utime(fresh, (0, 0))
    assert remove_stale_partials(tmp_path, "copy.db") == [fresh]
