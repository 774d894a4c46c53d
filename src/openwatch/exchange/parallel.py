"""Read and check a large file in a second process while this one writes.

An import is bound to one processor: reading a CSV and checking its rows
costs about as much as writing them, and Python runs only one of the two at
a time. For a large file, a second process reads the file and checks each
record with the checker it is given (``store.bulk.RowChecker``); this
process receives the checked rows in batches and only writes them. The
rows come back in the file's order, with the same locations and problems
``read_records`` gives, so the import is the same either way.

The second process is a fork of this one, made before the import opens
the database or starts any thread; it only reads the file and sends rows.
It ignores Ctrl-C (this process stops it), and it ends when the file is
read, when this process stops listening, or when this process exits. Where
there is no ``fork`` (Windows) or it is not safe to use (macOS), files are
read in this process, as small ones always are.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from openwatch.core.errors import OpenwatchError

PARALLEL_MIN_BYTES = 4 * 1024 * 1024
"""Files smaller than this are read in this process: they are read in a
moment, and a second process would save less than it costs."""
_BATCH = 2_000

Checker = Callable[[Mapping[str, Any]], object | None]
Item = tuple[str, Any]


def worth_reading_apart(path: str) -> bool:
    """True for a regular file large enough to read in a second process, on Linux."""
    if sys.platform != "linux":
        return False
    try:
        return os.stat(path).st_size >= PARALLEL_MIN_BYTES and Path(path).is_file()
    except OSError:
        return False


@contextmanager
def read_checked(path: str, fmt: str, name: str, check: Checker, *, raw: bool = False) -> Iterator[Iterator[Item]]:
    """``read_records`` of ``path``, each claim record replaced by ``check(record)``
    when that is not ``None``; read and checked in a second process.

    An error reading the file (not UTF-8, cut short, an unknown column)
    raises ``OpenwatchError`` here, as ``read_records`` would.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_read_and_check,
        args=(receiver, sender, path, fmt, name, raw, check),
        name="openwatch-read",
        daemon=True,
    )
    process.start()
    sender.close()  # this process only receives: the pipe ends when the reader's end closes
    received = _Received(receiver, process, name)
    try:
        yield iter(received)
    finally:
        received.close()


_AHEAD = 8
"""Batches received and not yet imported, at most (a few megabytes)."""
_GONE = b""
"""The reading process ended without a last word: it was killed, or crashed."""


class _Received:
    """The batches, received on a thread of their own.

    The importer takes rows steadily but writes them in bursts; without a
    queue between them, the reading process would wait at every burst. The
    thread only waits on the pipe (without Python's lock); the batches are
    unpickled on the importer's thread as it takes them.
    """

    def __init__(self, connection: Connection, process: Any, name: str) -> None:
        self.connection = connection
        self.process = process
        self.name = name
        self.queue: queue.Queue[bytes] = queue.Queue(maxsize=_AHEAD)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._pump, name="openwatch-receive", daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        while not self.stop.is_set():
            try:
                message = self.connection.recv_bytes()
            except (EOFError, OSError):
                message = _GONE
            while not self.stop.is_set():
                try:
                    self.queue.put(message, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if message is _GONE:
                return

    def __iter__(self) -> Iterator[Item]:
        while True:
            message = self.queue.get()
            if message is _GONE:
                self.process.join(timeout=10)
                raise OpenwatchError(
                    f"{self.name}: the process reading it stopped unexpectedly "
                    f"(exit code {self.process.exitcode}); nothing was imported"
                )
            batch = pickle.loads(message)
            if batch is None:
                return
            if isinstance(batch, str):
                raise OpenwatchError(batch)
            yield from batch

    def close(self) -> None:
        self.stop.set()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.thread.join()  # the pipe has ended (the reader is gone): the thread stops
        self.connection.close()


def _read_and_check(
    receiver: Connection, sender: Connection, path: str, fmt: str, name: str, raw: bool, check: Checker
) -> None:
    """The second process: read, check, send batches; then ``None``, or the error's message."""
    from openwatch.exchange.readers import open_text, read_records

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The fork holds both ends of the pipe: let go of the receiving one, so
    # that a send fails (and this process ends) once the importer is gone.
    receiver.close()
    try:
        batch: list[Item] = []
        with open_text(path) as stream:
            for location, record in read_records(stream, fmt, name, raw=raw):
                item: Any = record
                if isinstance(record, dict) and "alias" not in record:
                    checked = check(record)
                    if checked is not None:
                        item = checked
                batch.append((location, item))  # else as read: a problem, an alias, or for the general path
                if len(batch) >= _BATCH:
                    sender.send(batch)
                    batch = []
        sender.send(batch)
        last: str | None = None
    except OpenwatchError as error:
        last = error.message
    except (BrokenPipeError, ConnectionResetError):
        return  # the importing process stopped listening: it is gone or gave up
    except Exception as error:  # a bug: say what it was rather than just stop
        last = f"{name}: could not be read ({type(error).__name__}: {error})"
    with contextlib.suppress(OSError):
        sender.send(last)
        sender.close()
