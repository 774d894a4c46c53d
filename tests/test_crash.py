"""Crash safety: a writer killed with SIGKILL mid-transaction leaves a sound
database holding none of its work, and a finished one leaves all of it.

The kill is proven to land inside the transaction by reading the WAL file
left behind before anything opens the database again: it holds pages the
writer wrote, and none of its frames is a commit frame.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from .conftest import Cli

DRIVERS = Path(__file__).parent / "drivers"
WAL_HEADER = 32
FRAME_HEADER = 24


def wal_frames(wal: Path) -> tuple[int, int]:
    """(valid frames, commit frames) in a WAL file, read by its documented format."""
    data = wal.read_bytes()
    if len(data) < WAL_HEADER:
        return 0, 0
    magic, _, page_size, _, salt1, salt2 = struct.unpack(">IIIIII", data[:24])
    assert magic in (0x377F0682, 0x377F0683), "not a WAL file"
    frames = commits = 0
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(data):
        _, db_size_after_commit, frame_salt1, frame_salt2 = struct.unpack(">IIII", data[offset : offset + 16])
        if (frame_salt1, frame_salt2) != (salt1, salt2):
            break  # frames left over from before the WAL was last reset
        frames += 1
        if db_size_after_commit:
            commits += 1
        offset += FRAME_HEADER + page_size
    return frames, commits


def claim_count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def test_a_writer_killed_mid_transaction_leaves_none_of_its_claims(sample: Cli, db_path: Path) -> None:
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal_frames(wal) == (0, 0)  # init closed cleanly: nothing pending
    writer = subprocess.Popen(
        [sys.executable, str(DRIVERS / "bulk_insert.py"), str(db_path), "200000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    try:
        # Wait until the transaction has spilled well over a megabyte of pages into the WAL.
        while not (wal.exists() and wal.stat().st_size > 2_000_000):
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.01)
        assert writer.poll() is None
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        stdout, _ = writer.communicate()
    assert writer.returncode == -signal.SIGKILL
    assert b"committed" not in stdout
    frames, commits = wal_frames(wal)
    assert frames > 100 and commits == 0, (frames, commits)  # killed inside the transaction

    result = sample("db", "check")
    assert "all 5 checks passed" in result.stderr
    assert claim_count(db_path) == 60  # the sample, and nothing of the killed write
    assert not [c for c in sample.json("companies") if c["company"].startswith("Bulk")]


def test_a_writer_that_finishes_leaves_all_of_its_claims(sample: Cli, db_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(DRIVERS / "bulk_insert.py"), str(db_path), "500"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "committed" in done.stdout
    sample("db", "check")
    assert claim_count(db_path) == 60 + 500


def test_a_kill_between_two_writes_keeps_the_first(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    """An add that returned is on disk: kill the next writer and the earlier claim stays."""
    claim_id = sample("add", "-c", "Meta", "-s", "api", "-d", "2025", "--source", "kept").stdout.strip()
    writer = subprocess.Popen(
        [sys.executable, str(DRIVERS / "bulk_insert.py"), str(db_path), "200000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 500_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.poll() is None, "the writer finished before it could be killed"
    writer.kill()
    writer.wait()
    sample("db", "check")
    assert sample.json("show", claim_id)[0]["source"] == "kept"
    assert claim_count(db_path) == 61
