"""Start-up of openwatch's reading commands, against two baselines measured in the same run.

    python benchmarks/bench_startup.py [--runs N]

Builds once (cached in benchmarks/out/) a database of 100,000 claims in which
one company, "Benchco", has 50 claims, then times fresh processes of:

- the floor of our stack: ``python -c "import typer, rich.table, sqlite3"``;
- ``sqlite-utils query DB SQL`` with the SQL a timeline runs (the generic tool);
- openwatch's reading commands as JSON, as tables on a pipe and on a
  pseudo-terminal (so rich draws as it would for a person), ``--help`` and
  tab completion.

Commands are run round-robin, so a burst of load from elsewhere falls on all
of them alike. Ratios use the MINIMUM of the runs of each command (the
least-disturbed run: this machine is shared); medians are printed beside.
Goals (issue 6): JSON <= 1.0x floor and <= 0.6x sqlite-utils; tables on a pty
<= 1.5x floor, on a pipe <= 1.0x; --help <= 1.2x; completion <= 1.0x.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import shutil
import statistics
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DB = OUT / "bench-100k.db"
COMPANY = "Benchco"
TOTAL = 100_000
COMPANY_CLAIMS = 50

# What `openwatch timeline Benchco --format json` asks SQLite for.
TIMELINE_SQL = """SELECT c.id, c.date, co.name AS company, m.name AS model, c.stance, c.kind,
  c.planned, c.source, c.url, c.quote, c.license, c.note, c.recorded_at
FROM claims c JOIN companies co ON co.id = c.company_id LEFT JOIN models m ON m.id = c.model_id
WHERE co.key = 'benchco' AND c.retracted_at IS NULL
ORDER BY c.company_id, c.model_id, c.date_start, c.precision, c.kind_rank, c.recorded_at, c.id"""


def build_database(path: Path) -> None:
    """100,000 claims: Benchco with 50, the rest over 400 companies of 8 models each."""
    sys.path.insert(0, str(HERE.parent / "src"))
    import json

    from openwatch.core.claim import Claim, Kind, Stance
    from openwatch.core.dates import PartialDate, format_timestamp
    from openwatch.core.records import claim_to_record
    from openwatch.store.claims import INSERT_SQL, claim_row
    from openwatch.store.db import open_database
    from openwatch.store.names import ensure_company, ensure_model
    from openwatch.store.search import index_from, next_pk
    from openwatch.store.transactions import write_transaction

    rng = random.Random(6)
    stances = list(Stance)
    kinds = list(Kind)
    start = date(2019, 1, 1)
    recorded = datetime(2026, 1, 1, tzinfo=UTC)
    plan = [(COMPANY, COMPANY_CLAIMS)] + [(f"Vendor {n:03d}", 0) for n in range(400)]
    rest = TOTAL - COMPANY_CLAIMS
    plan = [plan[0]] + [(name, rest // 400 + (1 if i < rest % 400 else 0)) for i, (name, _) in enumerate(plan[1:])]
    temporary = path.with_suffix(".tmp")
    for leftover in OUT.glob(temporary.name + "*"):
        leftover.unlink()
    with open_database(temporary, create=True) as database, write_transaction(database.conn) as conn:
        first = next_pk(conn)
        number = 0
        for company_name, count in plan:
            company = ensure_company(conn, company_name)
            models = [ensure_model(conn, company.id, f"{company_name} Model {m}") for m in range(8)]
            rows, versions = [], []
            for _ in range(count):
                number += 1
                day = start + timedelta(days=rng.randrange(2500))
                model = rng.choice([*models, None])
                claim = Claim(
                    id=f"bench-{number:06d}",
                    date=PartialDate.of(day),
                    company=company.name,
                    model=model.name if model else None,
                    stance=rng.choice(stances),
                    kind=rng.choice(kinds),
                    planned=rng.random() < 0.1,
                    source=rng.choice(["Reuters", "The Verge", "Vendor blog", "OSI", "TechCrunch"]),
                    url=f"https://example.com/{number}",
                    quote=" ".join(rng.choice(["open", "weights", "licence", "model", "closed", "release",
                                               "research", "community", "terms", "access"]) for _ in range(25)),
                    license=None,
                    note=None,
                    recorded_at=recorded + timedelta(seconds=number),
                    updated_at=recorded + timedelta(seconds=number),
                )
                rows.append(claim_row(claim, company.id, model.id if model else None))
                versions.append((claim.id, format_timestamp(claim.updated_at), "created",
                                 json.dumps(claim_to_record(claim), ensure_ascii=False)))
            conn.executemany(INSERT_SQL, rows)
            conn.executemany(
                "INSERT INTO claim_versions (claim_id, changed_at, change, data) VALUES (?, ?, ?, ?)", versions
            )
        index_from(conn, first)
    os.replace(temporary, path)
    for suffix in ("-wal", "-shm"):
        Path(str(temporary) + suffix).unlink(missing_ok=True)


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str]
    tty: bool = False
    goal: tuple[str, float] | None = None  # (baseline, at most this ratio)


def run_once(case: Case) -> float:
    env = {**os.environ, **case.env}
    if case.tty:
        controller, terminal = pty.openpty()
        import fcntl
        import termios

        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        started = time.perf_counter()
        process = subprocess.Popen(case.argv, env=env, stdin=terminal, stdout=terminal, stderr=terminal)
        os.close(terminal)
        while True:  # drain, or a big table would block on a full pty buffer
            try:
                if not os.read(controller, 65536):
                    break
            except OSError:
                break
        process.wait()
        elapsed = time.perf_counter() - started
        os.close(controller)
    else:
        started = time.perf_counter()
        process = subprocess.run(case.argv, env=env, capture_output=True)
        elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{case.name} failed with exit {process.returncode}: {' '.join(case.argv)}")
    return elapsed


def cases(openwatch: str, python: str, sqlite_utils: str, with_status: bool) -> list[Case]:
    plain = {"OPENWATCH_DB": str(DB), "TERM": "xterm-256color"}
    pty_env = {**plain, "COLUMNS": "140"}
    ow = [openwatch]
    result = [
        Case("floor", [python, "-c", "import typer, rich.table, sqlite3"], plain),
        Case("sqlite-utils", [sqlite_utils, "query", str(DB), TIMELINE_SQL], plain),
    ]
    commands = [("timeline", ["timeline", COMPANY])]
    if with_status:
        commands.append(("status", ["status", COMPANY]))
    for name, args in commands:
        result += [
            Case(f"{name} json", ow + args + ["--format", "json"], plain, goal=("floor", 1.0)),
            Case(f"{name} table pipe", ow + args, plain, goal=("floor", 1.0)),
            Case(f"{name} table pty", ow + args, pty_env, tty=True, goal=("floor", 1.5)),
        ]
    result += [
        Case("--help", [*ow, "--help"], plain, goal=("floor", 1.2)),
        Case(
            "complete company",
            ow,
            {**plain, "_OPENWATCH_COMPLETE": "complete_bash", "COMP_WORDS": "openwatch timeline Ben",
             "COMP_CWORD": "2"},
            goal=("floor", 1.0),
        ),
        Case(
            "complete command",
            ow,
            {**plain, "_OPENWATCH_COMPLETE": "complete_bash", "COMP_WORDS": "openwatch ti", "COMP_CWORD": "1"},
            goal=("floor", 1.0),
        ),
    ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each command (default 30)")
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    openwatch = shutil.which("openwatch", path=str(bindir)) or shutil.which("openwatch")
    sqlite_utils = shutil.which("sqlite-utils", path=str(bindir)) or shutil.which("sqlite-utils")
    if not openwatch or not sqlite_utils:
        raise SystemExit("install openwatch first (pip install -e .): it brings the sqlite-utils CLI too")
    OUT.mkdir(exist_ok=True)
    if not DB.exists():
        print(f"Building {DB} (once)...", file=sys.stderr)
        build_database(DB)
    help_text = subprocess.run([openwatch, "--help"], capture_output=True, text=True).stdout
    with_status = " status " in help_text
    all_cases = cases(openwatch, sys.executable, sqlite_utils, with_status)
    for case in all_cases:  # warm caches and check every command works
        run_once(case)
    times: dict[str, list[float]] = {case.name: [] for case in all_cases}
    for _ in range(args.runs):
        for case in all_cases:
            times[case.name].append(run_once(case))
    best = {name: min(values) for name, values in times.items()}
    middle = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.runs} runs each, round-robin; ratios from the minimum (median beside)")
    print(f"{'command':20} {'min ms':>7} {'med ms':>7} {'/floor':>7} {'/sqlite-utils':>14}  goal")
    failures = 0
    for case in all_cases:
        ratio_floor = best[case.name] / best["floor"]
        ratio_su = best[case.name] / best["sqlite-utils"]
        goals = []
        if case.goal:
            goals.append(("floor", case.goal[1], ratio_floor))
        if case.name.endswith("json"):
            goals.append(("sqlite-utils", 0.6, ratio_su))
        verdict = "  ".join(
            f"<= {limit}x {base}: {'ok' if ratio <= limit else 'MISSED'}" for base, limit, ratio in goals
        )
        failures += sum(1 for _, limit, ratio in goals if ratio > limit)
        print(
            f"{case.name:20} {best[case.name] * 1000:7.1f} {middle[case.name] * 1000:7.1f} "
            f"{ratio_floor:7.2f} {ratio_su:14.2f}  {verdict}"
        )
    if not with_status:
        print("status: not in this build yet (pending), not measured")
    print(f"{failures} goal(s) missed" if failures else "all goals met")


if __name__ == "__main__":
    main()
