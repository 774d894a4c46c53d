"""How long importing Epoch AI's whole models file takes, against a plain CSV read of it.

The goal (issue 13): the whole Epoch file imports in under 5 s. Prints, each
the median of --repeat runs:

1. baseline: ``csv.DictReader`` over the file, nothing else;
2. read: ``openwatch.exchange.epoch.read_epoch`` (crosswalk, licence table, notes);
3. read + check: each record through ``record_to_claim`` (the checks every import makes);
4. import: ``python -m openwatch import --from epoch FILE --skip-invalid`` into a
   fresh database, start-up included, when this openwatch has that command;

and each as a ratio to the baseline.

Usage: python benchmarks/bench_assessors.py PATH/TO/all-ml-systems-2024-10.csv [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path


def timed(action: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def baseline(path: Path) -> int:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return sum(1 for _ in csv.DictReader(stream))


def read(path: Path) -> int:
    from openwatch.exchange.epoch import read_epoch

    return sum(1 for _, fields in read_epoch(path) if isinstance(fields, dict))


def read_and_check(path: Path) -> int:
    from openwatch.core.records import record_to_claim
    from openwatch.exchange.epoch import read_epoch

    now, today = datetime.now(UTC), date.today()
    return sum(1 for _, f in read_epoch(path) if isinstance(f, dict) and record_to_claim(f, now=now, today=today))


def full_import(path: Path) -> float | None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "OPENWATCH_DB": str(Path(folder) / "bench.db")}
        command = [sys.executable, "-m", "openwatch", "import", "--from", "epoch", str(path), "--skip-invalid"]
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  (import --from epoch not available here: exit {done.returncode}: {done.stderr.strip()[:200]})")
        return None
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = baseline(args.path)
    base = timed(lambda: baseline(args.path), args.repeat)
    print(f"{args.path.name}: {rows} rows")
    print(f"baseline csv.DictReader      {base:7.3f} s")
    for label, action in (("read_epoch", read), ("read_epoch + record_to_claim", read_and_check)):
        seconds = timed(lambda action=action: action(args.path), args.repeat)
        print(f"{label:<29}{seconds:7.3f} s   x{seconds / base:5.1f} baseline")
    runs: list[float] = []
    for _ in range(min(args.repeat, 3)):
        run = full_import(args.path)
        if run is None:
            break
        runs.append(run)
    if runs:
        seconds = statistics.median(runs)
        print(f"{'import --from epoch (process)':<29}{seconds:7.3f} s   x{seconds / base:5.1f} baseline   goal < 5 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
