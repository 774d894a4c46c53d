"""Import and export at scale, against baselines measured in the same run.

    python benchmarks/bench_exchange.py --claims 1000000

Generates realistic synthetic claims as a CSV (what ``openwatch export``
writes: every column, UTF-8 with a BOM, formula cells neutralised), then
measures, each in its own process:

- ``openwatch import`` into an empty database;
- the plain-Python floor: the ``csv`` module reading the same file and
  ``sqlite3`` ``executemany`` writing the same rows in one transaction into
  a table with the same indexes, then a full-text (FTS5) index over quote,
  note, source and model built in bulk, in WAL mode;
- ``sqlite-utils insert ... --csv`` on the same file;
- ``openwatch import`` of the same file again (every claim unchanged);
- ``openwatch export`` (CSV and JSONL): time and peak resident memory.

and prints the ratios against the goals of issue 4. Peak memory is the
importing or exporting process's own. ``--repeat N`` times the import, the
re-import and both baselines N times each, in turn, and keeps the fastest
of each: on a shared machine a single run can be slowed by others.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r'''
import csv, sqlite3, sys
path, db = sys.argv[1], sys.argv[2]
csv.field_size_limit(10_000_001)
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("""CREATE TABLE claims (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT, company TEXT,
  model TEXT, stance TEXT, kind TEXT, planned TEXT, source TEXT, url TEXT, quote TEXT, license TEXT, note TEXT,
  recorded_at TEXT, updated_at TEXT, retracted_at TEXT, retraction_reason TEXT)""")
conn.execute("CREATE INDEX claims_series ON claims (company, model, date, kind, recorded_at, id)")
conn.execute("CREATE INDEX claims_date ON claims (date)")
conn.execute("CREATE INDEX claims_recorded ON claims (recorded_at)")
conn.execute('CREATE VIRTUAL TABLE claims_fts USING fts5(source, quote, note, model, '
             'content="claims", content_rowid="pk")')
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    header = next(rows)
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(f"INSERT INTO claims ({', '.join(header)}) VALUES ({', '.join('?' * len(header))})", rows)
    conn.execute("INSERT INTO claims_fts (rowid, source, quote, note, model) "
                 "SELECT pk, source, quote, note, model FROM claims")
    conn.execute("COMMIT")
'''

COMPANIES = [
    "Meta", "OpenAI", "Google", "Anthropic", "Mistral AI", "xAI", "Alibaba", "Baidu", "DeepSeek", "Microsoft",
    "Amazon", "Apple", "Cohere", "AI21 Labs", "Stability AI", "TII", "01.AI", "Zhipu AI", "Moonshot AI", "IBM",
    "NVIDIA", "Databricks", "Snowflake", "Allen Institute for AI", "Hugging Face", "Tencent", "ByteDance",
    "Samsung", "LG AI Research", "Naver", "Aleph Alpha", "Reka", "Inflection", "Character.AI", "Salesforce",
]
STANCES = [
    "closed", "limited", "hosted", "api", "weights-noncommercial", "weights-restricted", "open-weights",
    "open-source", "mixed", "unknown",
]
KINDS = ["reported", "stated", "observed", "assessed"]
SOURCES = [
    "The New York Times", "Reuters", "The Verge", "TechCrunch", "Bloomberg", "Financial Times", "Le Monde",
    "vendor blog", "model card", "Hugging Face", "OSI", "European Open Source AI Index", "Epoch AI",
    "The Information", "Wired", "Les Echos", "日本経済新聞", "Caixin", "company press release", "podcast",
]
WORDS = (  # noqa: SIM905 - prose is easier to read than a list of words
    "open weights model release licence commercial use research community safety staged gated access API "
    "parameters training data code evaluation « ouvert » modèle fermé publié poids 开源 模型 权重 发布 "
    "announced withdrawn policy restricted acceptable use frontier downloads developers"
).split()


def generate(path: Path, count: int, seed: int = 4) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from openwatch.core.records import ALL_FIELDS
    from openwatch.exchange.writers import write_csv

    rng = random.Random(seed)
    models = {c: [f"{c.split()[0]}-{n}" for n in range(rng.randint(3, 40))] for c in COMPANIES}

    def records():  # type: ignore[no-untyped-def]
        for number in range(count):
            company = rng.choice(COMPANIES)
            year = rng.randint(2015, 2025)
            precision = rng.random()
            day = f"{year}-{rng.randint(1, 12):02d}" + (f"-{rng.randint(1, 28):02d}" if precision > 0.1 else "")
            recorded = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:" \
                f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999999):06d}Z"
            quote = " ".join(rng.choices(WORDS, k=rng.randint(0, 40))) or None
            if quote and rng.random() < 0.01:
                quote = "=" + quote  # formula-like cells are neutralised on export
            yield {
                "id": f"{rng.getrandbits(64):016x}",
                "date": day,
                "company": company,
                "model": rng.choice(models[company]) if rng.random() < 0.85 else None,
                "stance": rng.choice(STANCES),
                "kind": rng.choice(KINDS),
                "planned": rng.random() < 0.1,
                "source": rng.choice(SOURCES),
                "url": f"https://example.org/{company.split()[0].lower()}/{number}",
                "quote": quote,
                "license": rng.choice([None, None, "Apache-2.0", "MIT", "Llama 3 Community License"]),
                "note": " ".join(rng.choices(WORDS, k=rng.randint(5, 20))) if rng.random() < 0.3 else None,
                "recorded_at": recorded,
                "updated_at": recorded,
                "retracted_at": None,
                "retraction_reason": None,
            }

    with open(path, "w", encoding="utf-8", newline="") as out:
        write_csv(ALL_FIELDS, records(), out, bom=True)


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{errors}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--keep", help="Work in this folder and keep it (default: a temporary one).")
    parser.add_argument("--reuse", action="store_true", help="With --keep: reuse a claims.csv made before.")
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="Time the import, the re-import and both baselines this many times each, in turn, and keep"
        " the fastest of each (on a shared machine one run can be slowed by others).",
    )
    args = parser.parse_args()

    folder = Path(args.keep or tempfile.mkdtemp(prefix="openwatch-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "claims.csv"
    python = sys.executable
    openwatch = [python, "-m", "openwatch"]
    env = {**os.environ, "OPENWATCH_DB": str(folder / "openwatch.db")}
    for stale in folder.glob("*.db*"):
        stale.unlink()
    try:
        started = time.perf_counter()
        if not (args.reuse and data.exists()):
            generate(data, args.claims)
        size = data.stat().st_size / 1e6
        print(f"{args.claims:,} claims, {size:,.0f} MB of CSV (generated in {time.perf_counter() - started:.1f} s)")

        utils_cli = shutil.which("sqlite-utils") or str(Path(python).with_name("sqlite-utils"))
        imported = floor = utils = again = float("inf")
        import_rss = 0.0
        for _ in range(max(1, args.repeat)):
            for stale in folder.glob("*.db*"):
                stale.unlink()
            seconds, rss = run([*openwatch, "import", str(data)], env)
            imported, import_rss = min(imported, seconds), max(import_rss, rss)
            again = min(again, run([*openwatch, "import", str(data)], env)[0])
            floor = min(floor, run([python, "-c", FLOOR, str(data), str(folder / "floor.db")])[0])
            utils = min(utils, run([utils_cli, "insert", str(folder / "utils.db"), "claims", str(data), "--csv"])[0])
        csv_time, csv_rss = run([*openwatch, "export", "--raw", "-o", str(folder / "out.csv")], env)
        jsonl_time, jsonl_rss = run([*openwatch, "export", "--format", "jsonl", "-o", str(folder / "out.jsonl")], env)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    rows = [
        ("openwatch import (empty db)", imported, f"peak RSS {import_rss:,.0f} MB"),
        ("plain-Python floor", floor, ""),
        ("sqlite-utils insert --csv", utils, ""),
        ("openwatch re-import (unchanged)", again, ""),
        ("openwatch export csv --raw", csv_time, f"peak RSS {csv_rss:,.1f} MB"),
        ("openwatch export jsonl", jsonl_time, f"peak RSS {jsonl_rss:,.1f} MB"),
    ]
    print()
    for name, seconds, extra in rows:
        print(f"  {name:<34} {seconds:8.2f} s   {extra}")
    print()
    checks = [
        ("import / floor", imported / floor, 1.3, "<="),
        ("import / sqlite-utils", imported / utils, 0.3, "<="),
        ("re-import / import", again / imported, 1.0, "<="),
        ("export peak RSS (MB, worst)", max(csv_rss, jsonl_rss), 50.0, "<"),
    ]
    for name, value, goal, op in checks:
        met = value <= goal if op == "<=" else value < goal
        print(f"  {name:<30} {value:8.2f}   goal {op} {goal:g}   {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
