"""Test driver: run ``openwatch ARGS`` with SIGINT delivered the moment a COMMIT starts.

Usage: python interrupt_at_commit.py ARGS...

Every SQLite connection the command opens sends this process SIGINT as it
executes the ``COMMIT`` of a write transaction: the instant at which an import used to say
"Interrupted." (exit 130) about claims it had committed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from typing import Any


class _InterruptedAtCommit(sqlite3.Connection):
    """Sends SIGINT as the COMMIT of a write transaction (one begun with BEGIN IMMEDIATE) starts."""

    writing = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "BEGIN IMMEDIATE":
            self.writing = True
        elif sql == "COMMIT" and self.writing:
            self.writing = False
            os.kill(os.getpid(), signal.SIGINT)
        return super().execute(sql, *args)


def main() -> int:
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", _InterruptedAtCommit)
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        return conn

    sqlite3.connect = connect  # type: ignore[assignment]
    from openwatch.cli import main as openwatch_main

    sys.argv = ["openwatch", *sys.argv[1:]]
    try:
        openwatch_main()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
