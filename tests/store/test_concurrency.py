"""Parallel writers and racing first runs, with real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.slow  # real subprocesses, or hypothesis over every field

DRIVERS = Path(__file__).parent / "drivers"


def wait_for(paths: list[Path], processes: list[subprocess.Popen[str]]) -> None:
    """Wait until every file in ``paths`` exists: the signal each process gives (drivers/add_loop.py)."""
    deadline = time.monotonic() + 120
    while not all(path.exists() for path in paths):
        for process in processes:
            assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, [str(p) for p in paths if not p.exists()]
        time.sleep(0.01)


def start_writers(
    db: Path, go: Path, *, writers: int, adds: int, tag: str = "w", args: tuple[str, ...] = ()
) -> list[subprocess.Popen[str]]:
    """Start writer processes and wait until each has said it is ready at the start line."""
    processes = [
        subprocess.Popen(
            [sys.executable, str(DRIVERS / "add_loop.py"), str(db), str(go), str(adds), f"{tag}{n}", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    wait_for([Path(f"{go}.ready-{tag}{n}") for n in range(writers)], processes)
    return processes


def run_writers(
    db: Path, tmp_path: Path, *, writers: int, adds: int, separate: bool = False, once_started: Any = None
) -> list[str]:
    """Start ``writers`` processes, release them at once, and return their error output.

    ``once_started`` is called when every writer has said it started writing.
    """
    go = tmp_path / f"go-{db.stem}"
    processes = start_writers(db, go, writers=writers, adds=adds, args=("--subprocess",) if separate else ())
    go.touch()
    if once_started is not None:
        wait_for([Path(f"{go}.started-w{n}") for n in range(writers)], processes)
        once_started()
    errors = []
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            errors.append(f"exit {process.returncode}: {stderr}")
    return errors


def claim_count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def test_eight_parallel_writers_on_a_new_database_lose_nothing(tmp_path: Path, cli: Cli) -> None:
    db = tmp_path / "new" / "openwatch.db"
    assert not db.exists()
    errors = run_writers(db, tmp_path, writers=8, adds=25)
    assert errors == []
    assert claim_count(db) == 8 * 25
    sources = {row["source"] for row in cli.json("export", "--format", "json", "--db", str(db))}
    assert sources == {f"w{w}-{n}" for w in range(8) for n in range(25)}
    cli("db", "check", "--db", str(db))


def test_parallel_openwatch_add_processes(tmp_path: Path) -> None:
    """The same, one ``python -m openwatch add`` process per claim (fewer: each costs a start-up)."""
    db = tmp_path / "openwatch.db"
    errors = run_writers(db, tmp_path, writers=4, adds=3, separate=True)
    assert errors == []
    assert claim_count(db) == 4 * 3


def test_many_first_runs_racing_to_create_the_same_database(tmp_path: Path, cli: Cli) -> None:
    """Rounds of 8 processes whose first act is to create one new file (the 8 x 25 test races too)."""
    for round_number in range(2):
        db = tmp_path / f"race{round_number}.db"
        errors = run_writers(db, tmp_path, writers=8, adds=1)
        assert errors == [], f"round {round_number}"
        assert claim_count(db) == 8
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        from openwatch.store.migrations import MIGRATION_COUNT

        assert applied == MIGRATION_COUNT  # each migration ran once, not once per process
        cli("db", "check", "--db", str(db))


def test_switching_a_new_file_to_wal_waits_for_a_lock_instead_of_failing(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's journal-mode switch ignores the busy timeout; openwatch must wait anyway."""
    db = tmp_path / "locked.db"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process setting up the same new file
    retried, released = threading.Event(), threading.Event()
    pause = time.sleep

    def retry_pause(seconds: float) -> None:
        retried.set()  # the switch to WAL found the file locked and is waiting
        pause(seconds)

    def release() -> None:
        assert retried.wait(timeout=60)
        holder.execute("COMMIT")
        released.set()

    monkeypatch.setattr("openwatch.store.db.time.sleep", retry_pause)
    thread = threading.Thread(target=release)
    thread.start()
    try:
        result = cli("add", "--db", str(db), "-c", "Meta", "-s", "api", "-d", "2025", "--source", "x")
    finally:
        retried.set()
        thread.join()
        holder.close()
    assert released.is_set()
    assert len(result.stdout.strip()) == 16
    assert claim_count(db) == 1


def test_backup_while_other_processes_write_is_consistent(tmp_path: Path, cli: Cli) -> None:
    db = tmp_path / "busy.db"
    cli("init", "--sample", "--db", str(db))
    go = tmp_path / "go-busy"
    writers = start_writers(db, go, writers=2, adds=40, tag="b")
    go.touch()
    wait_for([Path(f"{go}.started-b{n}") for n in range(2)], writers)
    copies = []
    for number in range(3):
        copy = tmp_path / f"copy{number}.db"
        cli("db", "backup", str(copy), "--db", str(db))
        copies.append(copy)
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read() if writer.stderr else ""
    for copy in copies:
        cli("db", "check", "--db", str(copy))  # every claim has its versions and index rows
        assert 61 <= claim_count(copy) <= 61 + 80
    assert claim_count(db) == 61 + 80
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".partial")]


def test_writers_wait_for_a_long_transaction_instead_of_failing(tmp_path: Path) -> None:
    """A long write transaction in one process makes the others wait, not fail."""
    db = tmp_path / "slow.db"
    subprocess.run([sys.executable, str(DRIVERS / "bulk_insert.py"), str(db), "10"], check=True, capture_output=True)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        # The lock is let go only once both writers have started writing: they must wait for it.
        errors = run_writers(db, tmp_path, writers=2, adds=2, once_started=lambda: holder.execute("COMMIT"))
    finally:
        if holder.in_transaction:
            holder.execute("COMMIT")
        holder.close()
    assert errors == []
    assert claim_count(db) == 10 + 2 * 2
