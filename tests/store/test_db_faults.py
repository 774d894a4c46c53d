"""Faults around the database file: each is one true sentence and exit 1, never a traceback or a false "damaged".

Real file systems where the machine allows: a small tmpfs for a full disk,
``chattr +i`` for a read-only file or folder (root ignores permission bits),
a FIFO, a second connection holding the write lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from openwatch.store import db as store_db
from openwatch.store.faults import database_error
from tests.conftest import Cli

ADD = ["add", "--company", "Meta", "--stance", "closed", "--source", "x", "--date", "2025-01-01"]


def _run(python: str, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OPENWATCH_DB=str(db))
    # The timeout only stops a hung regression (a FIFO blocks forever); it times nothing.
    return subprocess.run(
        [python, "-m", "openwatch", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def _one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "damaged" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.mark.slow
def test_a_fifo_as_the_database_is_refused_not_waited_on(python: str, tmp_path: Path) -> None:
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    for args in (["status"], ADD):
        _one_clear_line(_run(python, *args, db=fifo), "not a regular file")


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a file system that supports it)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def sample_db(python: str, tmp_path: Path) -> Path:
    path = tmp_path / "ro" / "tracker.db"
    assert _run(python, "init", "--sample", db=path).returncode == 0
    return path


@pytest.mark.slow
def test_a_read_only_database_file_reads_and_refuses_writes_saying_so(python: str, sample_db: Path) -> None:
    with _immutable(sample_db):
        _one_clear_line(_run(python, *ADD, db=sample_db), "read-only")
        assert _run(python, "status", db=sample_db).returncode == 0
        check = _run(python, "db", "check", db=sample_db)
        assert check.returncode == 0, check.stdout + check.stderr  # the search index is not "damaged"


@pytest.mark.slow
def test_a_read_only_folder_reads_and_refuses_writes_saying_so(python: str, sample_db: Path) -> None:
    for leftover in sample_db.parent.glob("tracker.db-*"):
        leftover.unlink()
    with _immutable(sample_db.parent):
        _one_clear_line(_run(python, *ADD, db=sample_db), "read-only", str(sample_db.parent))
        status = _run(python, "status", "--format", "json", db=sample_db)
        assert status.returncode == 0, status.stderr
        assert _run(python, "db", "check", db=sample_db).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _fill(folder: Path) -> None:
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


@pytest.mark.slow
def test_a_full_disk_is_called_full_not_damaged(python: str, small_disk: Path) -> None:
    path = small_disk / "tracker.db"
    assert _run(python, "init", "--sample", db=path).returncode == 0
    before = _run(python, "export", "--format", "json", db=path).stdout
    _fill(small_disk)
    quote = small_disk.parent / "quote.txt"  # outside the small disk
    quote.write_text("x" * 200_000)
    _one_clear_line(_run(python, *ADD, "--quote-file", str(quote), db=path), "disk", "full")
    # No room even for the -shm file: reading commands said "damaged ... use a backup".
    for leftover in small_disk.glob("tracker.db-*"):
        leftover.unlink()
    _one_clear_line(_run(python, "status", db=path), "disk", "full")
    (small_disk / "filler").unlink()
    assert _run(python, "export", "--format", "json", db=path).stdout == before


def test_a_lock_held_by_another_program_is_named_with_the_wait(
    sample: Cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = sample(*ADD, code=1)
        assert "another program is holding the database" in result.stderr
        assert "waited 0 s" in result.stderr or "waited 1 s" in result.stderr
        assert "locked" not in result.stderr.replace("another program", "")
        check = sample("db", "check")  # reading under WAL goes on; the index is not called damaged
        assert "damaged" not in check.stdout + check.stderr
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "disk holding"),
        (sqlite3.OperationalError("database is locked"), "another program"),
        (sqlite3.DatabaseError("file is not a database"), "cannot use the database"),
    ],
)
def test_database_error_says_what_is_wrong(tmp_path: Path, error: sqlite3.Error, words: str) -> None:
    assert words in database_error(error, tmp_path / "x.db").message
