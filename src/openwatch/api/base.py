"""What every part of the Tracker shares: the open database and its write transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import sqlite3  # noqa: TID251 - only the type of the connection the store takes

    from openwatch.store.db import Database

T = TypeVar("T", bound="TrackerBase")


class TrackerBase:
    """An open openwatch database. Use ``Tracker.open``; close it, or use it in a ``with`` block.

    Each part of the API (``Views``, ``Claims``...) can be opened on its own
    as well: the reading commands open ``Views`` alone, so that their
    start-up does not pay for the modules of every other part.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    @classmethod
    def open(cls: type[T], path: str | os.PathLike[str] | None = None, *, create: bool = False) -> T:
        """Open (and migrate when older) the database at ``path`` (None: ``$OPENWATCH_DB`` or the default).

        Reading never creates a file: a missing database is a ``DatabaseError`` unless ``create``.
        """
        from openwatch.store.db import open_database

        return cls(open_database(path, create=create))

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

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
