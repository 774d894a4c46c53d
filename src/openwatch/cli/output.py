"""What commands share that does not need Typer: formats, output, messages, the error boundary, today.

The fast path (cli/fastpath.py) runs reading commands without importing
Typer at all, so everything it touches lives here rather than in
cli/common.py (which re-exports it for the Typer commands).
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:
    from openwatch.render.listing import Listing
    from openwatch.render.records import RecordSpec

R = TypeVar("R")


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def error_line(text: str) -> None:
    from openwatch.render.safe import visible

    sys.stderr.write(f"Error: {visible(text)}\n")


def today() -> date:
    """The local date: the one place the command layer reads the calendar."""
    return date.today()


_LAYOUT: dict[str, Any] = {"columns": None, "wide": False}


def table_layout(columns: str | None, wide: bool) -> None:
    """What ``--columns A,B,C`` and ``--wide`` asked for, for the result this run emits."""
    _LAYOUT["columns"] = [name.strip() for name in columns.split(",") if name.strip()] if columns else None
    _LAYOUT["wide"] = wide


def _chosen_fields(fields: Sequence[str], names: Sequence[str]) -> list[str]:
    """The record fields ``--columns`` names, in its order (JSON and CSV)."""
    from openwatch.core.errors import InvalidValue

    by_name = {field.casefold(): field for field in fields}
    chosen = []
    for name in names:
        field = by_name.get(name.casefold())
        if field is None:
            raise InvalidValue("columns", f"no column '{name}'. Columns: " + ", ".join(fields))
        if field not in chosen:
            chosen.append(field)
    return chosen


def emit(
    fmt: OutputFormat,
    *,
    listing: Callable[[], Listing],
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
) -> None:
    """Write a result to stdout as a table, JSON or CSV (only the columns ``table_layout`` chose)."""
    out = sys.stdout
    names = _LAYOUT["columns"]
    if names and fmt is not OutputFormat.table:
        fields = _chosen_fields(fields, names)
        kept = fields
        records = ({key: record.get(key) for key in kept} for record in records)
    if fmt is OutputFormat.json:
        from openwatch.exchange.writers import write_json
        from openwatch.render.output import data_output

        with data_output(out) as stream:  # UTF-8 always; controls escaped on a terminal
            write_json(records, stream)
    elif fmt is OutputFormat.csv:
        from openwatch.exchange.writers import write_csv
        from openwatch.render.output import data_output

        with data_output(out) as stream:
            write_csv(fields, records, stream)
    else:
        from openwatch.render.output import show_table

        show_table(listing(), out, wide=bool(_LAYOUT["wide"]), columns=names)


def emit_rows(
    fmt: OutputFormat,
    spec: RecordSpec[R],
    rows: Iterable[R],
    listing: Callable[[list[dict[str, Any]]], Listing],
) -> None:
    """Write typed rows to stdout: JSON and CSV stream their records, a table is built from them all."""
    records = spec.records(rows)
    if fmt is OutputFormat.table:
        collected = list(records)
        emit(fmt, records=collected, fields=spec.csv_names, listing=lambda: listing(collected))
    else:
        emit(fmt, records=records, fields=spec.csv_names, listing=lambda: listing([]))


def run_guarded(action: Callable[[], object], arguments: Mapping[str, object]) -> int:
    """The error boundary of every command, on both paths: run it, and give its exit code.

    An openwatch error is one line on stderr and its code; a reader that
    went away (``openwatch export | head``) is not an error; Ctrl-C is 130.
    Text arguments that are not UTF-8 are refused first, naming the option.
    Anything else (Typer's own ``Exit``) passes through.
    """
    from openwatch.core.errors import OpenwatchError
    from openwatch.core.validate import refuse_undecodable

    saved_before = changes_saved()
    try:
        refuse_undecodable(arguments)
        action()
        # Flush here so that a reader that went away is seen inside the boundary.
        sys.stdout.flush()
    except OpenwatchError as error:
        error_line(error.message)
        return error.exit_code
    except BrokenPipeError:
        return reader_gone()
    except OSError as error:
        if not _is_output_error(error):
            raise
        return output_lost(error, saved=changes_saved() > saved_before)
    except KeyboardInterrupt:
        if changes_saved() > saved_before:
            # Ctrl-C came after the commit: the work is done, and saying
            # "Interrupted." would make a script do it again.
            sys.stderr.write("Interrupted after the changes were saved: they are committed.\n")
            return 0
        return interrupted()
    from openwatch.cli import streams

    if streams.stdout_closed and changes_saved() > saved_before:
        say("The changes were saved, but standard output is closed: what the command prints was not written.")
    return 0


def _is_output_error(error: OSError) -> bool:
    """Whether an OSError is standard output failing (a full disk, a closed descriptor), not a file's."""
    import errno

    failing = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EFBIG, errno.EPIPE}
    return error.filename is None and error.errno in failing


def output_lost(error: OSError, *, saved: bool) -> int:
    """Standard output could not be written. Changes already saved are said to be saved
    (exit 0: a script must not do them again); a reading command whose
    output went nowhere is an error, except when the reader is gone."""
    import errno

    reader_gone()  # so that Python's final flush is quiet
    reason = error.strerror or str(error)
    if saved:
        say(f"The changes were saved, but the command's output could not be written ({reason}).")
        return 0
    if error.errno in (errno.EPIPE, errno.EBADF):
        return 0
    error_line(f"cannot write the output: {reason}")
    return 1


def changes_saved() -> int:
    """How many write transactions this process has committed (``store.transactions.commit_count``),
    without importing the store when nothing has used it yet: then there were none."""
    transactions = sys.modules.get("openwatch.store.transactions")
    count: int = transactions.commit_count() if transactions is not None else 0
    return count


def reader_gone() -> int:
    """Standard output's reader went away: point stdout at devnull so the final flush is quiet."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real descriptor (a test's capture)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0


def interrupted() -> int:
    sys.stderr.write("Interrupted.\n")
    return 130


def say(text: str) -> None:
    """A message for the person, on stderr."""
    from openwatch.render.output import message

    message(text)


def _umask() -> int:
    import os

    # Read by setting it: there is no other portable way. Set straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_error(path: Path, error: OSError) -> Exception:
    import errno

    from openwatch.core.errors import OpenwatchError

    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return OpenwatchError(f"cannot write {path}: the disk is full; nothing was written")
    if error.errno in (errno.EROFS,):
        return OpenwatchError(f"cannot write {path}: the file system is read-only")
    return OpenwatchError(f"cannot write {path}: {error.strerror or error}")


@contextmanager
def replacing_file(path: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream that becomes ``path`` only when the block succeeds.

    A regular file (or a new one) is written next to the target and renamed
    over it, so a reader never sees half a file and a failed run leaves the
    old file as it was. A symbolic link is followed: its target is replaced,
    the link stays. Anything else that is not a folder -- a FIFO, a device
    such as ``/dev/null`` or ``/dev/stdout`` -- is written to directly, as
    the shell's ``>`` would, never replaced by a regular file. A new file
    gets the permissions the user's umask gives; a replaced one keeps its
    own. An error (a folder that cannot be written, a full disk) is an
    openwatch error, not a traceback.
    """
    import os
    import stat
    import tempfile

    from openwatch.core.errors import OpenwatchError

    # Follow a symbolic link (and a chain of them) to what it points at.
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _write_error(path, error) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OpenwatchError(f"{path} is a folder: give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        yield from _writing_through(path, target)
        return
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(temporary, target)
    except OSError as error:
        _discard(temporary)
        raise _write_error(path, error) from None
    except BaseException:
        _discard(temporary)
        raise


def _writing_through(path: Path, target: Path) -> Iterator[TextIO]:
    """Write straight into a FIFO or a device: what the user pointed at is kept."""
    try:
        with open(target, "w", encoding="utf-8", newline="") as out:
            yield out
    except OSError as error:
        raise _write_error(path, error) from None


def _discard(temporary: str) -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError):
        os.unlink(temporary)
