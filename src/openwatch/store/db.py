"""Finding, opening and migrating the database; transactions.

Opening is cheap on purpose: the schema version is read with one pragma and
the migration machinery (sqlite-utils) is imported only when a migration has
work to do.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openwatch.core.errors import DatabaseError

APPLICATION_ID = 0x6F77_6174  # "owat": marks a file as an openwatch database
BUSY_TIMEOUT_MS = 60_000
ENV_VAR = "OPENWATCH_DB"


def default_path() -> Path:
    """``$OPENWATCH_DB``, else ``openwatch.db`` in the user data directory."""
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return data_dir() / "openwatch.db"


def data_dir() -> Path:
    if sys.platform == "win32":  # pragma: no cover - not run here
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "openwatch"
    if sys.platform == "darwin":  # pragma: no cover - not run here
        return Path.home() / "Library" / "Application Support" / "openwatch"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "openwatch"


def resolve_path(explicit: str | os.PathLike[str] | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_path()


@dataclass
class Database:
    """An open openwatch database."""

    path: Path
    conn: sqlite3.Connection

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database at {path}: {error}") from None
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def open_database(explicit: str | os.PathLike[str] | None = None, *, create: bool = False) -> Database:
    """Open (and if needed migrate) the database; ``create`` for writing commands.

    A reading command never creates anything: a missing file is an error that
    says how to make one.
    """
    path = resolve_path(explicit)
    if not path.exists():
        if not create:
            raise DatabaseError(
                f"no openwatch database at {path}: create one with 'openwatch init' "
                "(or 'openwatch init --sample' for the sample data), or point --db "
                f"or ${ENV_VAR} at an existing one"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"cannot create the folder {path.parent}: {error.strerror}") from None
    elif path.is_dir():
        raise DatabaseError(f"{path} is a folder, not an openwatch database")
    conn = _connect(path)
    try:
        _check_and_migrate(conn, path, create=create)
    except BaseException:
        conn.close()
        raise
    return Database(path, conn)


def _check_and_migrate(conn: sqlite3.Connection, path: Path, *, create: bool) -> None:
    from openwatch.store.migrations import MIGRATION_COUNT

    version, is_new = _inspect(conn, path)
    if version > MIGRATION_COUNT:
        raise DatabaseError(
            f"{path} was written by a newer openwatch (schema {version}, this one knows "
            f"{MIGRATION_COUNT}): upgrade openwatch with 'pip install -U openwatch'"
        )
    if is_new and not create:
        raise DatabaseError(f"{path} is an empty database: run 'openwatch init' to set it up")
    if is_new:
        _set_wal(conn, path)
    if version < MIGRATION_COUNT:
        from openwatch.store.migrations import migrate

        try:
            migrate(conn)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot upgrade the database at {path}: {error}") from None
    conn.execute("PRAGMA foreign_keys = ON")


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot set up the database at {path}: {error}") from None


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, bool]:
    """The schema version, and whether the file is a fresh, empty database.

    Refuses a file that is not a database, or is another application's.
    """
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if application_id == APPLICATION_ID:
            return int(version), False
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError:
        raise DatabaseError(
            f"{path} is not an openwatch database (it is not an SQLite file); "
            "it was left untouched"
        ) from None
    if tables or version:
        raise DatabaseError(
            f"{path} is an SQLite database of another application, not openwatch's; "
            "it was left untouched"
        )
    return 0, True


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: take the write lock up front.

    A deferred transaction that upgrades from read to write cannot wait for
    the lock (SQLite returns "database is locked" at once); an immediate one
    waits up to the busy timeout.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def sqlite_version() -> str:
    return sqlite3.sqlite_version


def connect_readonly(explicit: str | os.PathLike[str] | None = None) -> sqlite3.Connection:
    """A read-only connection that never creates, migrates or waits long (for completion).

    Raises ``DatabaseError`` when there is no database to read.
    """
    path = resolve_path(explicit)
    if not path.is_file():
        raise DatabaseError(f"no openwatch database at {path}")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database at {path}: {error}") from None
    return conn
