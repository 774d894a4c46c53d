"""Finding, opening and migrating the database; transactions.

Opening is cheap on purpose: the schema version is read with one pragma and
the migration machinery (sqlite-utils) is imported only when a migration has
work to do.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openwatch.core.errors import DatabaseError

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


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    # A reading command opens with mode=rw so that SQLite itself never makes
    # a file, even if the one checked a moment ago has gone since.
    target: str | Path = path if create else f"{path.resolve().as_uri()}?mode=rw"
    try:
        # check_same_thread off: a bulk import inserts on a second thread, one
        # thread at a time (store/bulk.py); nothing else shares a connection.
        conn = sqlite3.connect(
            target,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            uri=not create,
            check_same_thread=False,
        )
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database at {path}: {error}") from None
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


SQLITE_MAGIC = b"SQLite format 3\x00"


def _refuse_foreign_bytes(path: Path) -> None:
    """Refuse a file that is not SQLite at all before SQLite ever opens it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror}") from None
    if head and head != SQLITE_MAGIC:
        raise DatabaseError(
            f"{path} is not an openwatch database (it is not an SQLite file); it was left untouched"
        )


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
    else:
        _refuse_foreign_bytes(path)
    conn = _connect(path, create=create)
    try:
        _check_and_migrate(conn, path, create=create)
    except sqlite3.Error as error:
        conn.close()
        raise DatabaseError(f"cannot read the database at {path}: {error}") from None
    except BaseException:
        conn.close()
        raise
    return Database(path, conn)


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What the file says about itself, read in one snapshot."""

    version: int
    is_new: bool
    unknown_migrations: tuple[str, ...]


def _check_and_migrate(conn: sqlite3.Connection, path: Path, *, create: bool) -> None:
    from openwatch.store.migrations import MIGRATION_COUNT

    state = _inspect(conn, path)
    _refuse_newer(state, path)
    if state.is_new and not create:
        raise DatabaseError(f"{path} is an empty database: run 'openwatch init' to set it up")
    if state.is_new:
        _set_wal(conn, path)
    if state.version < MIGRATION_COUNT:
        from openwatch.store.migrations import apply_pending

        # Several processes may race to create or upgrade the same file: the
        # write lock is taken first and the file inspected again under it, so
        # exactly one of them does the work and the others find it done.
        try:
            with write_transaction(conn):
                state = _inspect(conn, path)
                _refuse_newer(state, path)
                if state.version < MIGRATION_COUNT:
                    apply_pending(conn)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot upgrade the database at {path}: {error}") from None
    conn.execute("PRAGMA foreign_keys = ON")


def _refuse_newer(state: SchemaState, path: Path) -> None:
    from openwatch.store.migrations import MIGRATION_COUNT

    if state.version > MIGRATION_COUNT or state.unknown_migrations:
        what = (
            f"schema {state.version}, this one knows {MIGRATION_COUNT}"
            if state.version > MIGRATION_COUNT
            else "migration " + ", ".join(state.unknown_migrations) + " is unknown to this one"
        )
        raise DatabaseError(
            f"{path} was written by a newer openwatch ({what}): "
            "upgrade openwatch (pip install -U openwatch) to use it; the file was left untouched"
        )


WAL_RETRY_SECONDS = 0.005


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Switch a new file to WAL, waiting while another process holds a lock.

    Changing the journal mode does not go through SQLite's busy handler: it
    fails at once with "database is locked" while another connection holds a
    lock (which happens when several processes create the same file at once),
    so it is retried here for as long as the busy timeout allows.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise DatabaseError(f"cannot set up the database at {path}: {error}") from None
            mode = None
        if mode == "wal":
            return
        if time.monotonic() > deadline:
            raise DatabaseError(
                f"cannot set up the database at {path}: another process kept it locked "
                f"for {BUSY_TIMEOUT_MS // 1000} s"
            )
        time.sleep(WAL_RETRY_SECONDS)


_MIGRATIONS_TABLE = "_sqlite_migrations"


def _inspect(conn: sqlite3.Connection, path: Path) -> SchemaState:
    """The schema version, whether the file is a fresh, empty database, and
    any migration in it that this openwatch does not know.

    Read in one transaction, so that a process finishing the set-up of the
    same file meanwhile is seen either not at all or completely. Refuses a
    file that is not a database, or is another application's.
    """
    from openwatch.store.migrations import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET

    own = not conn.in_transaction
    try:
        if own:
            conn.execute("BEGIN")
        try:
            application_id, version, tables = conn.execute(
                "SELECT (SELECT application_id FROM pragma_application_id),"
                " (SELECT user_version FROM pragma_user_version),"
                " (SELECT count(*) FROM sqlite_master)"
            ).fetchone()
            names: list[str] = []
            if application_id == APPLICATION_ID and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_MIGRATIONS_TABLE,)
            ).fetchone():
                names = [
                    row[0]
                    for row in conn.execute(
                        f"SELECT name FROM {_MIGRATIONS_TABLE} WHERE migration_set = ?", (MIGRATION_SET,)
                    )
                ]
        finally:
            if own and conn.in_transaction:
                conn.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        # The first bytes said SQLite (see _refuse_foreign_bytes), so this is
        # a damaged file, or one SQLite cannot read (encrypted, say).
        raise DatabaseError(
            f"{path} cannot be read as a database ({error}); it was left untouched. "
            "If it is a damaged openwatch database, use a backup ('openwatch db backup' makes one)"
        ) from None
    if application_id == APPLICATION_ID:
        unknown = tuple(name for name in names if name not in MIGRATION_NAMES)
        return SchemaState(int(version), False, unknown)
    if tables or version or application_id:
        raise DatabaseError(
            f"{path} is an SQLite database of another application, not openwatch's; "
            "it was left untouched"
        )
    return SchemaState(0, True, ())


@contextmanager
def write_transaction(conn: sqlite3.Connection, *, commit: bool = True) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: take the write lock up front.

    A deferred transaction that upgrades from read to write cannot wait for
    the lock (SQLite returns "database is locked" at once); an immediate one
    waits up to the busy timeout. ``commit=False`` rolls back at the end
    instead: a dry run looks under the same lock a real run takes, and
    leaves no trace.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT" if commit else "ROLLBACK")


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
