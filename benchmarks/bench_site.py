"""How long ``site`` takes and how much memory it holds, against a plain export of the same data.

1. The bundled sample: build the site (goal: under 2 s).
2. A synthetic database of 100,000 claims across 500 companies (built once
   under benchmarks/out/, git-ignored, through ``openwatch import``):
   build the site (goals: under 60 s, peak memory under 300 MB).

Each build runs in a child process that reports its own wall time and peak
resident memory (VmHWM); the baseline is ``openwatch export --format jsonl``
of the same database in the same run, measured the same way, and the
ratio site/export is printed beside the absolute figures.

Usage: python benchmarks/bench_site.py [--claims 100000] [--companies 500] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SEED = 20261126
AS_OF = "2026-11-26"
STANCES = [
    "closed",
    "limited",
    "hosted",
    "api",
    "weights-noncommercial",
    "weights-restricted",
    "open-weights",
    "open-source",
    "mixed",
    "unknown",
]
KINDS = ["reported", "stated", "assessed", "observed"]

CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
started = time.perf_counter()
what, db, target = sys.argv[1:4]
from openwatch.api import Tracker
with Tracker.open(db) as tracker:
    if what == "site":
        from openwatch.publish.site import build_site
        from openwatch.publish.tracker_source import TrackerSource
        build_site(TrackerSource(tracker), Path(target), as_of=date.fromisoformat(sys.argv[4]))
    else:
        from openwatch.core.records import claim_to_record
        from openwatch.exchange.writers import write_jsonl
        with open(target, "w", encoding="utf-8") as out:
            write_jsonl((claim_to_record(c) for c in tracker.export_claims()), out)
elapsed = time.perf_counter() - started
peak_kb = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak_kb = int(line.split()[1])
if not peak_kb:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024}))
"""


def measure(what: str, db: Path, target: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(db), str(target), AS_OF],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def synthetic(path: Path, claims: int, companies: int) -> None:
    rng = random.Random(SEED)
    records = path.with_suffix(".jsonl")
    models_per_company = 20
    with records.open("w", encoding="utf-8") as out:
        for n in range(claims):
            company = n % companies
            model = rng.randrange(models_per_company + 1)
            year, month, day = rng.randrange(2015, 2027), rng.randrange(1, 13), rng.randrange(1, 29)
            if (year, month) > (2026, 10):
                year = 2025
            record = {
                "id": f"bench-{n:07d}",
                "date": f"{year:04d}-{month:02d}-{day:02d}",
                "company": f"Vendor {company:04d}",
                "model": None if model == 0 else f"Model {model:02d}",
                "stance": rng.choice(STANCES),
                "kind": rng.choice(KINDS),
                "planned": rng.random() < 0.05,
                "source": f"Source {rng.randrange(300)}",
                "url": f"https://example.org/{company}/{n}",
                "quote": "A quoted sentence about openness. " * rng.randrange(0, 8) or None,
                "license": None,
                "note": None,
                "recorded_at": "2026-11-01T00:00:00Z",
            }
            out.write(json.dumps(record) + "\n")
    path.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "openwatch", "import", str(records), "--db", str(path)],
        check=True,
        capture_output=True,
    )
    records.unlink()


def report(label: str, db: Path, goal_seconds: float, goal_mb: float | None) -> None:
    with tempfile.TemporaryDirectory(prefix="openwatch-site-") as scratch:
        site = measure("site", db, Path(scratch) / "site")
        export = measure("export", db, Path(scratch) / "claims.jsonl")
        files = sum(1 for p in (Path(scratch) / "site").rglob("*") if p.is_file())
    print(
        f"{label}: site {site['seconds']:.2f} s (goal < {goal_seconds:g} s), peak {site['peak_mb']:.0f} MB"
        + (f" (goal < {goal_mb:g} MB)" if goal_mb else "")
        + f", {files} files; export jsonl {export['seconds']:.2f} s, peak {export['peak_mb']:.0f} MB;"
        f" ratio site/export: time {site['seconds'] / export['seconds']:.1f}x,"
        f" memory {site['peak_mb'] / export['peak_mb']:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=500)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    sample = OUT / "site-sample.db"
    sample.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "openwatch", "init", "--sample", "--db", str(sample)], check=True, capture_output=True
    )
    report("sample (61 claims, 13 companies)", sample, 2, None)
    large = OUT / f"site-{args.claims}-{args.companies}.db"
    if args.rebuild or not large.exists():
        synthetic(large, args.claims, args.companies)
    report(f"synthetic ({args.claims:,} claims, {args.companies} companies)", large, 60, 300)


if __name__ == "__main__":
    main()
