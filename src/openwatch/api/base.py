"""What every part of the Tracker shares: the open database and its write transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3  # noqa: TID251 - only the type of the connection the store takes

    from openwatch.store.db import Database


class TrackerBase:
    """An open openwatch database. Use ``Tracker.open``; close it, or use it in a ``with`` block."""

    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def path(self) -> Path:
        return self._database.path

    @property
    def conn(self) -> sqlite3.Connection:
        """The SQLite connection, for the store's functions (and Datasette-style reading)."""
        return self._database.conn

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``): all of it, or none of it."""
        from openwatch.store.transactions import write_transaction

        with write_transaction(self.conn) as conn:
            yield conn

    def close(self) -> None:
        self._database.close()
