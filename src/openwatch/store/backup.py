"""``db backup``: a consistent copy through SQLite's online backup API.

The copy is read in one step under one read transaction, so it is the
database as of one moment even while other processes write (WAL lets them
go on meanwhile). It is written to a temporary file beside the target and
renamed into place, so the target is never a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openwatch.core.errors import DatabaseError, OpenwatchError


@dataclass(frozen=True, slots=True)
class Backup:
    claims: int
    size: int


def backup_database(conn: sqlite3.Connection, source: Path, target: Path, *, force: bool = False) -> Backup:
    """Copy the open database to ``target``; says how many claims and bytes the copy holds."""
    if target.is_dir():
        raise OpenwatchError(f"{target} is a folder: give the backup a file name")
    if target.exists():
        if source.exists() and os.path.samefile(source, target):
            raise OpenwatchError(f"{target} is the database itself: back it up to another file")
        if not force:
            raise OpenwatchError(f"{target} already exists: choose another name, or pass --force to replace it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OpenwatchError(f"the folder {folder} does not exist")
    remove_stale_partials(folder, target.name)
    # The process id in the name lets the next backup tell a copy still being
    # made from one left by a backup that was killed.
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=PARTIAL_SUFFIX, dir=folder
    )
    os.close(handle)
    temporary = Path(temporary_name)
    with contextlib.suppress(OSError):  # mkstemp makes it private; the copy is as readable as the original
        os.chmod(temporary, source.stat().st_mode & 0o777)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.backup(copy)
            claims = int(copy.execute("SELECT count(*) FROM claims").fetchone()[0])
            # The copy is a database of its own: WAL, like every openwatch file.
            copy.execute("PRAGMA journal_mode = WAL")
        finally:
            copy.close()
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        _move_into_place(temporary, target, force=force)
    except sqlite3.Error as error:
        _remove(temporary)
        raise DatabaseError(f"cannot back up to {target}: {error}") from None
    except OSError as error:
        _remove(temporary)
        raise OpenwatchError(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        _remove(temporary)
        raise
    return Backup(claims, target.stat().st_size)


PARTIAL_SUFFIX = ".partial"
STALE_UNOWNED_SECONDS = 24 * 3600
"""A partial copy that names no process (made by an older openwatch) is stale after a day."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale_partials(folder: Path, name: str) -> list[Path]:
    """Remove the partial copies of ``name`` that killed backups left in ``folder``; returns them.

    A copy whose process is still running is another backup at work, and is kept.
    """
    import time

    removed: list[Path] = []
    for partial in folder.glob(f".{_glob_escape(name)}.*{PARTIAL_SUFFIX}"):
        middle = partial.name[len(name) + 2 : -len(PARTIAL_SUFFIX)]
        owner = middle.split(".", 1)[0]
        if owner.isdigit() and "." in middle:
            stale = not _alive(int(owner))
        else:
            try:
                stale = time.time() - partial.stat().st_mtime > STALE_UNOWNED_SECONDS
            except OSError:
                continue
        if stale:
            _remove(partial)
            removed.append(partial)
    return removed


def _glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def _move_into_place(temporary: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    # A hard link fails if the target appeared meanwhile: never overwrite without --force.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OpenwatchError(f"{target} already exists: choose another name, or pass --force to replace it") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise OpenwatchError(
                f"{target} already exists: choose another name, or pass --force to replace it"
            ) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
