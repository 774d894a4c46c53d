"""Parallel writers, the issue's full size: 8 processes x 100 `openwatch add`.

Every add is its own `python -m openwatch add` process, against a database
that does not exist yet. Prints the claims found against those expected, the
failures, and the time, next to a baseline measured in the same run: the same
800 adds made one after another by a single writer (so the ratio says what
contention costs, on this machine, today).

Usage: python benchmarks/bench_writers.py [WRITERS] [ADDS]
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

DRIVER = Path(__file__).resolve().parent.parent / "tests" / "drivers" / "add_loop.py"


def run(db: Path, writers: int, adds: int) -> tuple[float, list[str]]:
    go = db.with_suffix(".go")
    processes = [
        subprocess.Popen(
            [sys.executable, str(DRIVER), str(db), str(go), str(adds), f"w{n}", "--subprocess"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for n in range(writers)
    ]
    time.sleep(1.0)
    start = time.perf_counter()
    go.touch()
    failures = []
    for process in processes:
        _, stderr = process.communicate()
        if process.returncode:
            failures.append(stderr)
    return time.perf_counter() - start, failures


def count(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def main() -> None:
    writers = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    adds = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as folder:
        parallel_db = Path(folder) / "parallel.db"
        serial_db = Path(folder) / "serial.db"
        parallel, failures = run(parallel_db, writers, adds)
        serial, serial_failures = run(serial_db, 1, writers * adds)
        locked = sum(f.count("database is locked") for f in failures)
        print(f"parallel: {writers} writers x {adds} adds: {count(parallel_db)} claims of {writers * adds}, "
              f"{len(failures)} writers failed, {locked} 'database is locked', {parallel:.1f} s")
        print(f"baseline: 1 writer x {writers * adds} adds: {count(serial_db)} claims, "
              f"{len(serial_failures)} failed, {serial:.1f} s")
        print(f"ratio parallel/serial wall time: {parallel / serial:.2f}")
        for failure in failures[:3]:
            print(failure[-500:])


if __name__ == "__main__":
    main()
