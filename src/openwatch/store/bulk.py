"""The fast import path: many claims in one transaction.

Rows are checked with the same rules as ``add`` (``core.records``), matched
against stored claims by id or content and merged by ``core.merge``, then
inserted with ``executemany`` in one ``BEGIN IMMEDIATE`` transaction.
Company and model names resolve through an in-memory cache (aliases too).
Each batch of new claims is inserted with ``executemany`` on this thread;
its full-text index entries and first versions are then written by one
statement each on a second thread, inside SQLite and without Python's
lock, while this thread checks the next batch. Into an empty database the
secondary indexes are dropped and built once at the end. An update of a
claim that was already there goes through ``replace_claim`` and so keeps
its history. Nothing is written unless the whole import succeeds (or
``skip_invalid`` is asked for); a dry run always rolls back.

Any source of records can feed ``import_records``: it takes
``(location, record)`` pairs, where a record is a mapping of claim fields
(or of alias fields), a ``Problem`` a reader found, or a record already
``Checked`` (a large file is read and checked in a second process:
``exchange.parallel`` with a ``RowChecker``).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from openwatch.core.merge import Problem
from openwatch.store.bulk_rows import Checked, ImportOptions, ImportReport, ProgressCallback, RowChecker
from openwatch.store.bulk_writer import BATCH, Importer, Pending

__all__ = ["Checked", "ImportOptions", "ImportReport", "ProgressCallback", "RowChecker", "import_records"]

_CACHE_KIB = 131_072
"""A bigger page cache while importing: index pages stay in memory (128 MiB at most)."""


def import_records(
    conn: sqlite3.Connection,
    records: Iterable[tuple[str, Mapping[str, Any] | Problem | Checked]],
    options: ImportOptions,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import claims (and alias records) in one transaction; see the module's docstring.

    Commits only when the import is not a dry run and either found no bad
    row or ``skip_invalid`` was asked for; ``report.written`` says whether it did.
    """
    report = ImportReport()
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    importer = None
    try:
        importer = Importer(conn, options, report)
        batch: list[Pending] = []
        seen = 0
        for location, record in records:
            seen += 1
            if isinstance(record, Checked):  # checked already (in another process: exchange.parallel)
                pending: Pending | None = importer.admit(location, record)
            elif isinstance(record, Problem):
                report.problem(record)
                continue
            elif "alias" in record:  # an alias record (JSONL exports end with them)
                if batch:
                    importer.write_batch(batch)
                    batch = []
                importer.alias(location, record)
                continue
            else:
                pending = importer.prepare(location, record)
            if pending is not None:
                batch.append(pending)
                if len(batch) >= BATCH:
                    importer.write_batch(batch)
                    batch = []
                    if progress is not None:
                        progress(seen)
        if batch:
            importer.write_batch(batch)
        importer.close()
        if progress is not None:
            progress(seen)
        keep = not options.dry_run and (report.problem_count == 0 or options.skip_invalid)
        if keep:
            from openwatch.store.transactions import commit_transaction

            importer.finish()
            commit_transaction(conn)  # Ctrl-C held off: a committed import is reported as committed
            report.written = True
        else:
            conn.execute("ROLLBACK")
    except BaseException:
        if importer is not None:
            with contextlib.suppress(Exception):
                importer.close()
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return report
