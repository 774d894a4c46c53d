"""Write transactions: the write lock taken up front, Ctrl-C held off while COMMIT runs."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openwatch.store.faults import database_error


@contextmanager
def write_transaction(conn: sqlite3.Connection, *, commit: bool = True) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: take the write lock up front.

    A deferred transaction that upgrades from read to write cannot wait for
    the lock (SQLite returns "database is locked" at once); an immediate one
    waits up to the busy timeout. ``commit=False`` rolls back at the end
    instead: a dry run looks under the same lock a real run takes, and
    leaves no trace.
    """
    started = time.monotonic()
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise database_error(error, _path_of(conn), waited=time.monotonic() - started) from None
    try:
        yield conn
    except sqlite3.OperationalError as error:
        # A full disk, a read-only file, a lock: one line that says so, not a traceback.
        _roll_back(conn)
        raise database_error(error, _path_of(conn)) from None
    except BaseException:
        _roll_back(conn)
        raise
    else:
        if commit:
            commit_transaction(conn, started=started)
        else:
            conn.execute("ROLLBACK")


_commits = 0


def commit_count() -> int:
    """How many transactions ``commit_transaction`` has committed in this process."""
    return _commits


def commit_transaction(conn: sqlite3.Connection, *, started: float | None = None) -> bool:
    """``COMMIT``, with Ctrl-C held off until it is done; True when Ctrl-C came meanwhile.

    An interrupt that lands during the COMMIT would otherwise surface right
    after it, and the command would say "Interrupted." about work that is
    committed. Held off, the command finishes and reports what is true.
    """
    global _commits
    with deferred_interrupt() as interrupted:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            _roll_back(conn)
            waited = None if started is None else time.monotonic() - started
            raise database_error(error, _path_of(conn), waited=waited) from None
        _commits += 1
    return bool(interrupted)


@contextmanager
def deferred_interrupt() -> Iterator[list[int]]:
    """Hold off SIGINT while the block runs; the list it gives holds the signals that came.

    Only the main thread can set a handler: elsewhere the block runs as it is.
    """
    import signal
    import threading

    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return

    def remember(number: int, frame: object) -> None:
        caught.append(number)

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def _roll_back(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        # SQLite has rolled back by itself when it cannot go on (a full disk): nothing was committed.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _path_of(conn: sqlite3.Connection) -> Path:
    try:
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
    except sqlite3.Error:
        pass
    return Path("the database")
