"""Ctrl-C during COMMIT: the commit stands, and no "Interrupted." is raised about it."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from typing import Any

from openwatch.store.transactions import commit_transaction, write_transaction


class _InterruptedAtCommit(sqlite3.Connection):
    """A connection that receives SIGINT as its COMMIT starts: the moment the issue's 5 of 5 tries hit."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT":
            os.kill(os.getpid(), signal.SIGINT)
        return super().execute(sql, *args)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, factory=_InterruptedAtCommit)
    conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    return conn


def test_a_write_transaction_interrupted_at_commit_is_committed_and_raises_nothing(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "x.db")
    with write_transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
    assert sqlite3.connect(tmp_path / "x.db").execute("SELECT count(*) FROM t").fetchone() == (1,)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_commit_says_that_an_interrupt_came(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "x.db")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t VALUES (1)")
    assert commit_transaction(conn) is True
    assert not conn.in_transaction
