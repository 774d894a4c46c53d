"""Finding, opening and migrating the database; transactions.

Opening is cheap on purpose: the schema version is read with one pragma and
the migration machinery (sqlite-utils) is imported only when a migration has
work to do.
"""

from __future__ import annotations

import contextlib
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


def _error_name(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def _disk_full(folder: Path) -> bool:
    """Whether the file system holding ``folder`` has (next to) no room left."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 64 * 1024


def _read_only_reason(path: Path) -> str | None:
    """Why SQLite cannot write at ``path``, if the file system says so (as root, only
    an immutable file or folder, or a read-only mount, refuses)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the file system holding {path} is mounted read-only"
    except OSError:
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return f"the database file {path} is read-only"
    if folder.exists() and not os.access(folder, os.W_OK):
        return (
            f"the folder {folder} is read-only (SQLite keeps its -wal and -shm files beside the database, "
            "so it must be able to write there)"
        )
    return None


def database_error(error: sqlite3.Error, path: Path, *, waited: float | None = None) -> DatabaseError:
    """What an SQLite error means for the person, as one line: a full disk, a
    read-only file or folder, another program holding the lock, a damaged file.

    The faces call this for any ``sqlite3.Error`` that reaches them, so none
    becomes a traceback or a false "damaged".
    """
    name = _error_name(error)
    text = str(error)
    folder = path.parent if str(path.parent) else Path(".")
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return DatabaseError(
            f"the disk holding {path} is full: free some space and try again (nothing was changed)"
        )
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        how_long = waited if waited is not None else BUSY_TIMEOUT_MS / 1000
        return DatabaseError(
            f"another program is holding the database {path} (openwatch waited {how_long:.0f} s for it "
            "to let go): try again when it has finished; nothing was changed"
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _disk_full(folder):
        return DatabaseError(f"the disk holding {path} is full: free some space and try again")
    reason = _read_only_reason(path)
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM")) or "readonly" in text:
        if reason is not None:
            return DatabaseError(f"cannot write to the database: {reason}")
        if name.startswith("SQLITE_READONLY") or "readonly" in text:
            return DatabaseError(f"cannot write to the database at {path}: it is open read-only ({text})")
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return DatabaseError(
            f"{path} cannot be read as a database ({text}); it was left untouched. "
            "If it is a damaged openwatch database, use a backup ('openwatch db backup' makes one)"
        )
    return DatabaseError(f"cannot use the database at {path}: {text}")


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
        raise DatabaseError(
            f"{path} is not an openwatch database (it is not an SQLite file); it was left untouched"
        )


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
        if create or _read_only_reason(path) is None:
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
        conn = sqlite3.connect(target, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
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
            reason = _read_only_reason(path) or "it is read-only"
            raise DatabaseError(
                f"{path} needs an upgrade to this openwatch's schema, and cannot be written: {reason}"
            )
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
        name = _error_name(error)
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
