"""Crash safety: a real ``openwatch import`` killed with SIGKILL while it is
writing leaves a sound database holding none of that import, and one that
finishes leaves all of it.

The kill is proven to land while the import was writing by reading the WAL
file left behind before anything opens the database again: it holds pages
the import wrote, and none of its frames is a commit frame.

Why big quotes rather than a couple of hundred thousand short rows: an
import keeps up to 128 MiB of changed pages in memory (store/bulk.py), so
nothing reaches the disk before that fills. 20,000 claims with 8,000-
character quotes fill it in about three seconds here; short rows would
need about 150,000 claims and 35 s before the first page is written.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.slow  # real subprocesses, or hypothesis over every field

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


QUOTE = ("a long verbatim excerpt of the announcement, repeated to make the write big. " * 110)[:8_000]


def write_claims(path: Path, count: int, *, quote: str = QUOTE) -> Path:
    """A JSONL file of ``count`` new claims, none of them in the sample."""
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = {
                "date": "2025-07-14",
                "company": f"Bulk {number % 50}",
                "model": f"Model {number % 7}",
                "stance": "open-weights",
                "source": f"bulk source {number}",
                "quote": quote,
            }
            out.write(json.dumps(record) + "\n")
    return path


def start_import(db: Path, file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "openwatch", "import", str(file), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_while_writing(db_path: Path, big: Path) -> None:
    """Start an import of ``big`` and SIGKILL it once it has written pages, before its commit."""
    wal = Path(f"{db_path}-wal")
    importer = start_import(db_path, big)
    deadline = time.monotonic() + 120
    try:
        # Wait until the import has written a couple of megabytes of pages into the WAL.
        while not (wal.exists() and wal.stat().st_size > 2_000_000):
            assert importer.poll() is None, importer.communicate()
            assert time.monotonic() < deadline, "the import never wrote"
            time.sleep(0.005)
        assert importer.poll() is None
        os.kill(importer.pid, signal.SIGKILL)
    finally:
        importer.kill()
        _, stderr = importer.communicate()
    assert importer.returncode == -signal.SIGKILL
    assert b"added" not in stderr  # it never reported an import
    frames, commits = wal_frames(wal)
    assert frames > 100 and commits == 0, (frames, commits)  # killed while writing, before its commit


def test_an_import_killed_while_writing_leaves_none_of_it(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    kept = sample("add", "-c", "Meta", "-s", "api", "-d", "2025", "--source", "kept").stdout.strip()
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal_frames(wal) == (0, 0)  # the add closed cleanly: nothing pending
    kill_while_writing(db_path, write_claims(tmp_path / "big.jsonl", 20_000))

    result = sample("db", "check")
    assert "all 6 checks passed" in result.stderr
    assert claim_count(db_path) == 61 + 1  # the sample and the earlier add, nothing of the import
    assert sample.json("show", kept)[0]["source"] == "kept"
    assert not [c for c in sample.json("companies") if c["company"].startswith("Bulk")]


def schema(db: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name").fetchall()


def test_an_import_into_an_empty_database_killed_while_writing_leaves_its_indexes(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """Into an empty database the import drops the claims indexes and builds them at the end,
    all inside its transaction: killed before the commit, the indexes were never gone."""
    cli("init")
    before = schema(db_path)
    assert any(name == "claims_series" for _, name, _ in before)
    kill_while_writing(db_path, write_claims(tmp_path / "big.jsonl", 20_000))
    assert "all 6 checks passed" in cli("db", "check").stderr
    assert schema(db_path) == before
    assert claim_count(db_path) == 0


def test_an_import_that_finishes_leaves_all_of_it(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    done = start_import(db_path, write_claims(tmp_path / "small.jsonl", 2_000, quote="short"))
    _, stderr = done.communicate(timeout=120)
    assert done.returncode == 0, stderr
    assert b"2,000 added" in stderr
    assert "all 6 checks passed" in sample("db", "check").stderr
    assert claim_count(db_path) == 61 + 2_000
