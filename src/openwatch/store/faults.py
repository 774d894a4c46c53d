"""What a failing SQLite call means, said in one true line: a full disk, a read-only file, a lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from openwatch.core.errors import DatabaseError

BUSY_TIMEOUT_MS = 60_000
"""How long a write waits for another program's lock before it gives up."""


def error_name(error: sqlite3.Error) -> str:
    return str(getattr(error, "sqlite_errorname", "") or "")


def _disk_full(folder: Path) -> bool:
    """Whether the file system holding ``folder`` has (next to) no room left."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 64 * 1024


def read_only_reason(path: Path) -> str | None:
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
    name = error_name(error)
    text = str(error)
    folder = path.parent if str(path.parent) else Path(".")
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return DatabaseError(f"the disk holding {path} is full: free some space and try again (nothing was changed)")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        how_long = waited if waited is not None else BUSY_TIMEOUT_MS / 1000
        return DatabaseError(
            f"another program is holding the database {path} (openwatch waited {how_long:.0f} s for it "
            "to let go): try again when it has finished; nothing was changed"
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _disk_full(folder):
        return DatabaseError(f"the disk holding {path} is full: free some space and try again")
    reason = read_only_reason(path)
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
