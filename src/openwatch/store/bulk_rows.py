"""What a bulk import works with: its options and report, checked rows, and the name cache.

Shared by ``store.bulk`` (the entry point) and ``store.bulk_writer`` (matching,
deciding and writing a batch); ``RowChecker`` pickles, so ``exchange.parallel``
can check rows in a second process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from openwatch.core.claim import name_key
from openwatch.core.fast_records import FastRecords
from openwatch.core.matching import clean_name
from openwatch.core.merge import PROBLEM_LIMIT, Problem, Tally
from openwatch.core.records import ALL_FIELDS
from openwatch.store.rows import ClaimRow, values_row

ProgressCallback = Callable[[int], None]


class Checked(NamedTuple):
    """A record already checked (``RowChecker``)."""

    row: ClaimRow
    """Its row, with the company and model *names* where their ids go."""
    by_id: bool
    """It has its own id (else it matches a stored claim by content)."""
    timed: bool
    """It gives its own version times."""
    absent: tuple[str, ...]
    """The fields it leaves out altogether, which a matched claim keeps (``KEPT_WHEN_ABSENT``)."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    now: datetime
    today: date
    skip_invalid: bool = False
    dry_run: bool = False
    valid_utf8: bool = False
    """The records were decoded strictly from UTF-8 (a CSV): no value can hold
    a lone surrogate, so that check is skipped. Never for JSON, whose escapes can."""
    change: str = "imported"
    """The name of the version an import records when it updates a claim.

    A claim an import adds gets a ``created`` version (every history starts
    with one), with ``imported`` as its reason."""


@dataclass(slots=True)
class ImportReport:
    tally: Tally = field(default_factory=Tally)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    written: bool = False

    def problem(self, item: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < PROBLEM_LIMIT:
            self.problems.append(item)


KEPT_WHEN_ABSENT = (
    "planned",
    "quote",
    "license",
    "note",
    "retracted_at",
    "retraction_reason",
    "due",
    "recorded_by",
)
"""Fields outside the content key that a file may leave out altogether (a
spreadsheet without a note column): a matched claim keeps its own values."""


def absent_fields(record: Mapping[str, Any]) -> tuple[str, ...]:
    if len(record) == len(ALL_FIELDS):
        return ()  # every field is there (every row of an export)
    return tuple(name for name in KEPT_WHEN_ABSENT if name not in record)


class RowChecker:
    """Checks claim records on the fast path (``core.records.FastRecords``).

    Calling it with a record gives the record as ``Checked``, or ``None``
    when the record needs the general path (the importer then checks it
    itself and says what is wrong). It holds no connection and pickles, so
    a large file can be read and checked in another process while this one
    writes (``exchange.parallel``).
    """

    def __init__(self, options: ImportOptions) -> None:
        self.fast = FastRecords(now=options.now, today=options.today, valid_utf8=options.valid_utf8)

    def __call__(self, record: Mapping[str, Any]) -> Checked | None:
        found = self.fast.values(record)
        if found is None:
            return None
        values, by_id, timed = found
        return Checked(values_row(values, values.company, values.model), by_id, timed, absent_fields(record))


class NameCache:
    """Companies and models by name key, aliases included, created on first use.

    ``before_write`` runs before the cache writes a new name (the importer
    waits there for its background insert to finish).
    """

    def __init__(self, conn: sqlite3.Connection, before_write: Callable[[], None] = lambda: None) -> None:
        self.conn = conn
        self.before_write = before_write
        self.companies: dict[str, tuple[int, str]] = {
            key: (cid, name) for cid, name, key in conn.execute("SELECT id, name, key FROM companies")
        }
        for key, cid in conn.execute("SELECT key, company_id FROM company_aliases"):
            if key not in self.companies:
                self.companies[key] = (cid, self.company_name(cid))
        self.models: dict[tuple[int, str], tuple[int, str]] = {
            (cid, key): (mid, name)
            for mid, cid, name, key in conn.execute("SELECT id, company_id, name, key FROM models")
        }
        for cid, key, mid in conn.execute("SELECT company_id, key, model_id FROM model_aliases"):
            if (cid, key) not in self.models:
                self.models[(cid, key)] = (mid, self.model_name(mid))
        # The same spelling comes back row after row: skip name_key for it.
        self._by_text: dict[str, tuple[int, str]] = {}
        self._model_by_text: dict[tuple[int, str], tuple[int, str]] = {}

    def company_name(self, company_id: int) -> str:
        self.before_write()  # (a read, but of the connection the background insert uses)
        return str(self.conn.execute("SELECT name FROM companies WHERE id = ?", (company_id,)).fetchone()[0])

    def model_name(self, model_id: int) -> str:
        self.before_write()
        return str(self.conn.execute("SELECT name FROM models WHERE id = ?", (model_id,)).fetchone()[0])

    def company(self, text: str) -> tuple[int, str]:
        found = self._by_text.get(text)
        if found is None:
            key = name_key(text)
            found = self.companies.get(key)
            if found is None:
                display = clean_name(text)
                self.before_write()
                cursor = self.conn.execute("INSERT INTO companies (name, key) VALUES (?, ?)", (display, key))
                assert cursor.lastrowid is not None
                found = self.companies[key] = (cursor.lastrowid, display)
            self._by_text[text] = found
        return found

    def model(self, company_id: int, text: str) -> tuple[int, str]:
        found = self._model_by_text.get((company_id, text))
        if found is None:
            key = name_key(text)
            found = self.models.get((company_id, key))
            if found is None:
                display = clean_name(text)
                self.before_write()
                cursor = self.conn.execute(
                    "INSERT INTO models (company_id, name, key) VALUES (?, ?, ?)", (company_id, display, key)
                )
                assert cursor.lastrowid is not None
                found = self.models[(company_id, key)] = (cursor.lastrowid, display)
            self._model_by_text[(company_id, text)] = found
        return found

    def forget_spellings(self) -> None:
        """After an alias is added, a spelling may now mean something else."""
        self._by_text.clear()
        self._model_by_text.clear()
