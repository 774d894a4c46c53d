"""Test driver: one writer process that runs ``openwatch add`` COUNT times.

Usage: python add_loop.py DB GO_FILE COUNT TAG [--subprocess]

It says it is ready by creating GO_FILE.ready-TAG once it has imported all it
needs, waits until GO_FILE exists, so that every writer of a test starts at
the same moment, and creates GO_FILE.started-TAG as it starts. By default
each add runs the real CLI inside this process (a fresh app, connection and
transaction every time, which is what a separate ``openwatch add`` does,
without paying for Python's start-up 200 times); with --subprocess each add
is its own ``python -m openwatch add``. Exits 1 if any add failed, with each
failure on stderr.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    db, go, count, tag = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    separate = "--subprocess" in sys.argv[5:]
    # Import everything an add needs before the start, so the writers race
    # on the database rather than on imports.
    import openwatch.cli.claims
    import openwatch.store.claims
    import openwatch.store.db
    import openwatch.store.migrations  # noqa: F401
    from openwatch.cli.app import build_app

    Path(f"{go}.ready-{tag}").touch()
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            print("never told to start", file=sys.stderr)
            return 1
        time.sleep(0.001)
    Path(f"{go}.started-{tag}").touch()
    failures = 0
    for number in range(count):
        argv = [
            "add",
            "--db",
            db,
            "--company",
            f"Writer {tag}",
            "--stance",
            "open-weights",
            "--date",
            "2025-07-14",
            "--source",
            f"{tag}-{number}",
        ]
        if separate:
            done = subprocess.run([sys.executable, "-m", "openwatch", *argv], capture_output=True, text=True)
            code, error = done.returncode, done.stderr
        else:
            try:
                code = build_app(argv)(args=argv, prog_name="openwatch", standalone_mode=False) or 0
                error = ""
            except BaseException as exception:  # the test wants to see anything at all
                code, error = 99, f"{type(exception).__name__}: {exception}"
        if code != 0:
            failures += 1
            print(f"add {number} exited {code}: {error.strip()}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
