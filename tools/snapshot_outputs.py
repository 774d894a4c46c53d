"""Run every reading command on the sample and on a 10k-claim database; keep what each printed.

For a refactoring that must change nothing a user sees: run it before and
after, then compare the two folders (``diff -r before after``). Each command's
stdout, stderr and exit code land in one file named after the command line.
The databases are built afresh in the output folder, so both runs read the
same data (the sample's ids and times are fixed; the 10k file is generated
from a fixed seed by benchmarks/bench_exchange.py).

Usage: python tools/snapshot_outputs.py OUTDIR
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE_COMMANDS: list[list[str]] = [
    ["companies"],
    ["models"],
    ["models", "Meta"],
    ["timeline", "Meta"],
    ["timeline", "Meta", "--model", "Llama 4 Behemoth", "--since", "2025"],
    ["timeline", "Meta", "--kind", "observed"],
    ["timeline", "Meta", "--chart"],
    ["status"],
    ["status", "Meta", "--as-of", "2025-06-30"],
    ["status", "Meta", "--as-of", "2025-08-01", "--no-planned"],
    ["diff", "Meta", "--from", "2025-05-01", "--to", "2025-08-01"],
    ["diff", "Meta", "--from", "2024", "--to", "2025-08-01"],
    ["changes"],
    ["changes", "--since", "2025-07-01", "--until", "2025-07-31"],
    ["changes", "--direction", "closed", "--company", "Meta", "--company", "OpenAI"],
    ["changes", "--recorded-since", "2020-01-01T00:00:00Z", "--direction", "opened"],
    ["conflicts"],
    ["gap"],
    ["gap", "Meta"],
    ["search", "open source"],
    ["search", "open source", "--company", "Meta", "--limit", "3"],
    ["show", "sample-e53"],
    ["history", "sample-e53"],
    ["alias", "list"],
    ["export"],
    ["export", "--format", "jsonl", "--include-retracted"],
    ["export", "--format", "json", "--company", "Meta"],
    ["db", "check"],
    ["timeline", "Nope"],
    ["status", "--as-of", "07/08/2025"],
    ["search", '"unbalanced'],
]
LARGE_COMMANDS: list[list[str]] = [
    ["companies"],
    ["models"],
    ["status"],
    ["changes", "--since", "2025-06-01"],
    ["conflicts"],
    ["gap"],
    ["export", "--format", "jsonl"],
    ["search", "open", "--limit", "20"],
    ["db", "check"],
]
FORMATS = (["--format", "json"], ["--format", "csv"], [])


def run(db: Path, args: list[str], out: Path, env: dict[str, str]) -> None:
    variants = [args] if args[0] == "export" or "--chart" in args else [args + f for f in FORMATS]
    for argv in variants:
        done = subprocess.run(
            [sys.executable, "-m", "openwatch", *argv, "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        name = re.sub(r"[^A-Za-z0-9.-]+", "_", " ".join(argv))[:120]
        (out / f"{name}.txt").write_text(
            f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}", encoding="utf-8"
        )


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("OPENWATCH_DB", None)
    # The databases live in one fixed place, so that messages naming them match between runs.
    work = Path(tempfile.gettempdir()) / "openwatch-snapshot"
    work.mkdir(exist_ok=True)
    sample = work / "sample.db"
    large = work / "large.db"
    for leftover in work.glob("*.db*"):
        leftover.unlink()
    subprocess.run([sys.executable, "-m", "openwatch", "init", "--sample", "--db", str(sample)], env=env, check=True,
                   capture_output=True)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_exchange import generate

    csv_file = out / "large.csv"
    generate(csv_file, 10_000)
    subprocess.run([sys.executable, "-m", "openwatch", "import", str(csv_file), "--db", str(large)], env=env,
                   check=True, capture_output=True)
    (out / "sample").mkdir(exist_ok=True)
    (out / "large").mkdir(exist_ok=True)
    for args in SAMPLE_COMMANDS:
        run(sample, args, out / "sample", env)
    for args in LARGE_COMMANDS:
        run(large, args, out / "large", env)
    for leftover in [*work.glob("*.db*"), csv_file]:
        leftover.unlink()


if __name__ == "__main__":
    main()
