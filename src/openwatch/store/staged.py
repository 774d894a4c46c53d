"""A new database filled under another name and put in place only when complete."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from openwatch.core.errors import DatabaseError
from openwatch.store.db import Database, open_database


class StagedDatabase:
    """A new database made under a temporary name beside ``target`` and put in
    place only by ``publish``: a run that fails (a bad row, a file that is not
    UTF-8, a kill) leaves no database behind, only, after a kill, the staged
    file under its own name.

    Put in place with a hard link, which never replaces a file: if another
    process created ``target`` meanwhile, ``publish`` says so and keeps the
    staged file for the caller to copy from. Use as a context manager; leaving
    it removes whatever is still staged, and any folder it made.
    """

    def __init__(self, target: Path) -> None:
        import secrets

        self.target = target
        self.path = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.importing")
        missing = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
        self._made_folders = missing  # innermost first: the order to remove them in
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"cannot create the folder {target.parent}: {error.strerror}") from None
        self.database: Database | None = None
        try:
            self.database = open_database(self.path, create=True)
            # Nothing else sees this file until it is published: no WAL while
            # it fills (every page would be written twice, into the WAL and
            # then into the file), but a rollback journal in memory, so that a
            # refused import still rolls back. ``publish`` switches WAL on.
            self.database.conn.execute("PRAGMA journal_mode = MEMORY")
        except BaseException:
            self.__exit__()
            raise

    def __enter__(self) -> StagedDatabase:
        return self

    @property
    def conn(self) -> sqlite3.Connection:
        assert self.database is not None, "the staged database is closed"
        return self.database.conn

    def publish(self) -> bool:
        """Close the staged database and put it in place; ``False`` when ``target`` exists by now."""
        self.conn.execute("PRAGMA journal_mode = WAL")  # as every openwatch database is
        self._close()
        try:
            os.link(self.path, self.target)
        except FileExistsError:
            return False
        except OSError:
            # No hard links on this file system (FAT, some network mounts): a
            # rename, which could replace a file made in the instant between.
            if self.target.exists():
                return False
            os.replace(self.path, self.target)
        self._made_folders = []
        self._remove_staged()
        return True

    def __exit__(self, *exc: object) -> None:
        self._close()
        self._remove_staged()
        for folder in self._made_folders:
            try:
                folder.rmdir()
            except OSError:
                break  # not empty: something else lives there now

    def _close(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = None

    def _remove_staged(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
