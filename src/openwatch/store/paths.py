"""Whether an output path is the database: the guard every writer of files calls.

``export -o db.db`` once replaced the database with CSV. A path is the
database when it names the database file, its ``-wal``, ``-shm`` or
``-journal`` companion, or reaches one of them through a symbolic link or a
hard link (the same inode). Only ``os.stat`` and path resolution are used:
nothing is opened, so a FIFO at the path is never blocked on.
"""

from __future__ import annotations

import os
from pathlib import Path

from openwatch.core.errors import OpenwatchError

COMPANION_SUFFIXES = ("", "-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database; writing over any of them damages it."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)  # follows symbolic links
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def database_files(database: Path) -> list[Path]:
    """The database and the companion files SQLite may keep beside it."""
    return [Path(f"{database}{suffix}") for suffix in COMPANION_SUFFIXES]


def is_database_file(candidate: Path, database: Path) -> bool:
    """True when writing ``candidate`` would write over the database or a companion file."""
    files = database_files(database)
    wanted = _identity(candidate)
    if wanted is not None and any(_identity(file) == wanted for file in files):
        return True
    # Not there yet (a -wal that appears only while a writer runs), or a
    # dangling link: compare where the names lead.
    target = os.path.realpath(candidate)
    return any(os.path.realpath(file) == target for file in files)


def refuse_database_path(candidate: Path, database: Path, *, what: str = "the output") -> None:
    """Raise ``OpenwatchError`` when ``candidate`` is the database (see ``is_database_file``)."""
    if is_database_file(candidate, database):
        raise OpenwatchError(
            f"{candidate} is the openwatch database (or one of its files) at {database}: "
            f"write {what} to another file; nothing was written"
        )
