"""How history views scale: the cost of a question should follow its answer, not the database.

Builds two synthetic databases (10,000 and 1,000,000 claims by default)
under benchmarks/out/ (git-ignored), then:

1. times ``timeline``, ``status`` and ``diff`` for one company of 50 claims,
   and ``changes --since`` over a window holding 50 moves, on both, and
   prints the ratio large/small (the goal: at most 1.5). Two measures:
   "in-process" calls the real command functions of openwatch.cli.views
   (JSON to /dev/null) in this process, median of several runs: the cost of
   the question itself; "subprocess" runs ``python -m openwatch ...
   --format json``, median of a few runs: what a person waits, start-up
   included.
2. measures the peak memory of a child process (its VmHWM on Linux, else
   ru_maxrss, which Linux carries over from the parent across exec) running whole-database
   ``status`` and ``changes`` at both sizes: status streams, so it should stay
   flat; ``changes`` holds the moves it reports and nothing more, shown with
   all moves and with a filter that matches 50 moves out of the whole history.

Usage: python benchmarks/bench_history.py [--small 10000] [--large 1000000] [--rebuild]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SEED = 20250714
TARGET = "Target Co"
TARGET_CLAIMS = 50
WINDOW_MOVES = 50
WINDOW_START = date(2024, 6, 1)  # the window holds only the planted moves
CLAIMS_PER_SERIES = 50
MODELS_PER_COMPANY = 10
ORDERED = [
    "closed", "limited", "hosted", "api", "weights-noncommercial",
    "weights-restricted", "open-weights", "open-source",
]
KINDS = [("reported", 0), ("stated", 1), ("assessed", 2), ("observed", 3)]
RECORDED = "2024-12-01T00:00:00.000000Z"


def build(path: Path, total: int) -> None:
    """A database of ``total`` claims: fillers, one target company, one window of moves."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from openwatch.store.claims import INSERT_SQL
    from openwatch.store.db import open_database
    from openwatch.store.search import index_from

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rng = random.Random(SEED)
    started = time.perf_counter()
    with open_database(path, create=True) as database:
        conn = database.conn
        conn.execute("BEGIN IMMEDIATE")
        filler = total - TARGET_CLAIMS - WINDOW_MOVES
        companies = max(1, filler // (CLAIMS_PER_SERIES * MODELS_PER_COMPANY))
        conn.executemany(
            "INSERT INTO companies (id, name, key) VALUES (?, ?, ?)",
            [(1, TARGET, TARGET.casefold())]
            + [(i + 2, f"Vendor {i:05d}", f"vendor {i:05d}") for i in range(companies)],
        )
        models = []
        for company in range(1, companies + 2):
            for m in range(MODELS_PER_COMPANY):
                models.append((len(models) + 1, company, f"Model {m}", f"model {m}"))
        conn.executemany("INSERT INTO models (id, company_id, name, key) VALUES (?, ?, ?, ?)", models)
        series = [(model_id, company) for model_id, company, _, _ in models if company != 1]
        rows: list[tuple[object, ...]] = []
        last: dict[int, str] = {}
        first_day = date(2000, 1, 1)
        days = (date(2023, 12, 31) - first_day).days

        def row(number: int, day: date, company: int, model: int | None, stance: str) -> tuple[object, ...]:
            kind, rank = KINDS[number % 4]
            return (
                f"bench{number:08d}", day.isoformat(), day.isoformat(), 2, company, model, stance, kind, rank,
                0, f"Source {number % 97}", None, None, None, None, RECORDED, RECORDED, None, None,
            )

        # Fillers: each series holds its stance most of the time (a move in five claims).
        for number in range(filler):
            model_id, company = series[number % len(series)]
            stance = last.get(model_id) or rng.choice(ORDERED)
            if rng.random() < 0.2:
                stance = rng.choice(ORDERED)
            last[model_id] = stance
            day = first_day + timedelta(days=rng.randrange(days))
            rows.append(row(number, day, company, model_id, stance))
        # One company of 50 claims over 5 models and its company-wide series.
        for i in range(TARGET_CLAIMS):
            model = None if i % 6 == 0 else (i % 5) + 1
            day = date(2010, 1, 1) + timedelta(days=90 * i)
            rows.append(row(filler + i, day, 1, model, ORDERED[(i * 3) % 8]))
        # The watch window: one move to "mixed" in each of 50 filler series.
        for i in range(WINDOW_MOVES):
            model_id, company = series[i % len(series)]
            day = WINDOW_START + timedelta(days=i % 30)
            rows.append(row(filler + TARGET_CLAIMS + i, day, company, model_id, "mixed"))
        conn.executemany(INSERT_SQL, rows)
        index_from(conn, 1)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    print(f"  built {path.name}: {total:,} claims, {companies + 1:,} companies in {elapsed:.1f} s")


def in_process(db: Path, name: str, **options: object) -> float:
    """Median seconds of the real command function, JSON output thrown away."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from openwatch.cli import views
    from openwatch.cli.common import OutputFormat

    command: Callable[..., None] = getattr(views, name)
    defaults: dict[str, object] = {"fmt": OutputFormat.json, "db": db}
    if name in ("status", "diff", "changes", "timeline"):
        defaults.update(kind=None, no_planned=False)
    times = []
    for attempt in range(8):
        sink = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(sink):
            command(**defaults, **options)
        elapsed = time.perf_counter() - started
        if attempt:  # the first run warms the caches
            times.append(elapsed)
    return statistics.median(times)


def in_subprocess(db: Path, args: list[str]) -> tuple[float, int]:
    """Median seconds of ``python -m openwatch ARGS --format json``, and the result's length."""
    times = []
    count = 0
    env = dict(os.environ, OPENWATCH_DB=str(db), PYTHONPATH=str(HERE.parent / "src"))
    for attempt in range(4):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "openwatch", *args, "--format", "json"],
            capture_output=True, text=True, env=env, check=False,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"openwatch {' '.join(args)} failed: {done.stderr}")
        count = len(json.loads(done.stdout))
        if attempt:
            times.append(elapsed)
    return statistics.median(times), count


PEAK_SCRIPT = """
import contextlib, json, os, resource, sys
from openwatch.cli import views
from openwatch.cli.common import OutputFormat
name, db, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
counter = {"n": 0}
class Sink:
    def write(self, text):
        counter["n"] += text in ("[\\n  ", ",\\n  ")
    def flush(self):
        pass
with contextlib.redirect_stdout(Sink()):
    getattr(views, name)(fmt=OutputFormat.json, db=db, kind=None, no_planned=False, **options)
# Linux keeps ru_maxrss across exec, so a child started by a big parent (this
# benchmark, after building a million rows) would report the parent's peak;
# VmHWM belongs to the child's own address space.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if os.path.exists("/proc/self/status"):
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1])
print(peak, counter["n"])
"""


def peak_memory(db: Path, name: str, options: dict[str, object]) -> tuple[float, int]:
    """Peak resident memory (MB) of a child running one whole-database command, and rows written."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, name, str(db), json.dumps(options)],
        capture_output=True, text=True, env=env, check=True,
    )
    kilobytes, rows = done.stdout.split()
    return int(kilobytes) / 1024, int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="Build the databases even when present.")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    sizes = [args.small, args.large]
    paths = {n: OUT / f"history-{n}.db" for n in sizes}
    print("Building databases")
    for n, path in paths.items():
        if args.rebuild or not path.exists():
            build(path, n)
        else:
            print(f"  reusing {path.name}")

    questions: list[tuple[str, str, dict[str, object], list[str]]] = [
        ("timeline (1 company, 50 claims)", "timeline", {"company": TARGET}, ["timeline", TARGET]),
        ("status (1 company, 50 claims)", "status", {"company": [TARGET], "as_of": None}, ["status", TARGET]),
        ("diff (1 company, 50 claims)", "diff", {"company": TARGET, "from_": "2015-01-01", "to": None},
         ["diff", TARGET, "--from", "2015-01-01"]),
        (f"changes --since (window of {WINDOW_MOVES} moves)", "changes",
         {"since": WINDOW_START.isoformat(), "until": None, "recorded_since": None, "direction": None,
          "company": None, "fail_on_change": False},
         ["changes", "--since", WINDOW_START.isoformat()]),
    ]
    small, large = sizes
    print("\nTimings, milliseconds (in-process: the command functions, median of 7; "
          "subprocess: python -m openwatch ... --format json, median of 3)")
    header = f"{'question':44} {'rows':>5} {'in-proc ' + str(small):>16} {'in-proc ' + str(large):>18} {'ratio':>6}"
    header += f" {'subproc ' + str(small):>16} {'subproc ' + str(large):>18} {'ratio':>6}"
    print(header)
    for label, name, options, argv in questions:
        inner = [in_process(paths[n], name, **options) for n in sizes]
        outer = [in_subprocess(paths[n], argv) for n in sizes]
        rows = outer[1][1]
        if outer[0][1] != rows:
            print(f"  note: {label} gave {outer[0][1]} rows on the small database and {rows} on the large")
        print(
            f"{label:44} {rows:>5} {inner[0] * 1000:>16.1f} {inner[1] * 1000:>18.1f} {inner[1] / inner[0]:>6.2f}"
            f" {outer[0][0] * 1000:>16.1f} {outer[1][0] * 1000:>18.1f} {outer[1][0] / outer[0][0]:>6.2f}"
        )

    print("\nPeak memory of whole-database commands (peak RSS of a child process, MB; rows written)")
    whole: list[tuple[str, str, dict[str, object]]] = [
        ("status (every series)", "status", {"company": None, "as_of": None}),
        ("changes (every move)", "changes",
         {"since": None, "until": None, "recorded_since": None, "direction": None, "company": None,
          "fail_on_change": False}),
        ("changes --direction changed (50 moves)", "changes",
         {"since": None, "until": None, "recorded_since": None, "direction": ["changed"], "company": None,
          "fail_on_change": False}),
    ]
    print(f"{'command':44} {'MB at ' + str(small):>14} {'rows':>9} {'MB at ' + str(large):>14} {'rows':>9}")
    for label, name, options in whole:
        measured = [peak_memory(paths[n], name, options) for n in sizes]
        print(
            f"{label:44} {measured[0][0]:>14.1f} {measured[0][1]:>9,} {measured[1][0]:>14.1f} {measured[1][1]:>9,}"
        )


if __name__ == "__main__":
    main()
