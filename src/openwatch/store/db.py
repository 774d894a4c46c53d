"""Finding, opening and migrating the database.

Opening is cheap on purpose: the schema version is read with one pragma and
the migration machinery (sqlite-utils) is imported only when a migration has
work to do.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from openwatch.core.errors import DatabaseError
from openwatch.store.faults import BUSY_TIMEOUT_MS, database_error, error_name, read_only_reason
from openwatch.store.transactions import write_transaction

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
        raise database_error(error, path) from None
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
        raise DatabaseError(f"{path} is not an openwatch database (it is not an SQLite file); it was left untouched")


def open_database(explicit: str | os.PathLike[str] | None = None, *, create: bool = False) -> Database:
    """Open (and if needed migrate) the database; ``create`` for writing commands.

    A reading command never creates anything: a missing file is an error that
    says how to make one. Where the file or its folder cannot be written,
    the database is opened read-only -- as immutable when SQLite cannot even
    make its -shm file (a read-only folder) and no -wal file holds changes it
    would miss -- so reading commands work, and a write is refused with a
    message that says why.
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
    elif not path.is_file():
        # A FIFO would block every command on its first read; a device is no database.
        raise DatabaseError(f"{path} is not a regular file (a pipe or a device?), so not an openwatch database")
    else:
        _refuse_foreign_bytes(path)
    try:
        conn = _connect(path, create=create)
        try:
            _check_and_migrate(conn, path, create=create)
        except sqlite3.Error as error:
            conn.close()
            raise database_error(error, path) from None
        except BaseException:
            conn.close()
            raise
    except DatabaseError:
        if create or read_only_reason(path) is None:
            raise
        return Database(path, _open_read_only(path))
    return Database(path, conn)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection for a file or folder that cannot be written (reading commands only).

    The schema must be current: an older database needs writing to migrate.
    """
    from openwatch.store.migrations import MIGRATION_COUNT

    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    attempts = [f"{uri}?mode=ro"]
    if not (wal.exists() and wal.stat().st_size > 0):
        # Immutable: no locks and no -shm at all, which a read-only folder
        # cannot hold. Safe only when no -wal holds changes (it would be ignored)
        # and nobody can write the file -- which is why it is read-only.
        attempts.append(f"{uri}?mode=ro&immutable=1")
    last: DatabaseError | None = None
    for target in attempts:
        conn = sqlite3.connect(
            target, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        try:
            state = _inspect(conn, path)
        except DatabaseError as error:
            conn.close()
            last = error  # mode=ro needs a -shm file the folder cannot hold: try immutable
            continue
        except sqlite3.Error as error:
            conn.close()
            last = database_error(error, path)
            continue
        _refuse_newer(state, path)
        if state.is_new or state.version < MIGRATION_COUNT:
            conn.close()
            reason = read_only_reason(path) or "it is read-only"
            raise DatabaseError(f"{path} needs an upgrade to this openwatch's schema, and cannot be written: {reason}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    assert last is not None
    raise last


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
            raise database_error(error, path) from None
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
                f"cannot set up the database at {path}: another process kept it locked for {BUSY_TIMEOUT_MS // 1000} s"
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
            if (
                application_id == APPLICATION_ID
                and conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_MIGRATIONS_TABLE,)
                ).fetchone()
            ):
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
        name = error_name(error)
        if name and not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            # A full disk (no room for the -shm file), a read-only folder, a
            # lock held elsewhere: the file is fine, say what is wrong instead.
            raise database_error(error, path) from None
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
            f"{path} is an SQLite database of another application, not openwatch's; it was left untouched"
        )
    return SchemaState(0, True, ())


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
