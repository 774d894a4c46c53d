"""Writing one batch of a bulk import: match it against stored claims, decide each row, apply.

Matching reads the stored claims the batch's rows meet (by id, or by content
for rows without one); deciding is ``core.merge.decide`` for each row, with
the row to write; applying inserts new claims in one ``executemany`` and
updates matched ones through ``replace_claim``, so their history is kept.
The new claims' search index entries and first versions are written on a
second thread while the next batch is checked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, NamedTuple

from openwatch.core.claim import Claim, name_key
from openwatch.core.dates import format_timestamp
from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.merge import ContentKey, Outcome, Problem, Version, decide
from openwatch.core.records import claim_values, has_id, is_timed, record_to_claim
from openwatch.store.bulk_rows import (
    Checked,
    ImportOptions,
    ImportReport,
    NameCache,
    RowChecker,
    absent_fields,
)
from openwatch.store.claims import replace_claim
from openwatch.store.names import Company, Model, add_company_alias, add_model_alias
from openwatch.store.rows import INSERT_SQL, SELECT_ROWS, UPDATE_SQL, ClaimRow, stored_row_to_claim, values_row
from openwatch.store.search import index_claim, index_from, next_pk, unindex_claim

BATCH = 5_000


# The first version of each added claim, without data: "the claim as it is
# now" (store/claims.py keep_current_version).
_INSERT_VERSIONS = """INSERT INTO claim_versions (claim_id, changed_at, change, reason, data)
SELECT id, updated_at, 'created', ?, NULL FROM claims WHERE pk >= ?"""


def _version(row: ClaimRow) -> Version:
    """What merging compares: every stored value but the id and the two version times."""
    return Version(updated_at=row.updated_at, recorded_at=row.recorded_at, content=(*row[1:15], *row[17:]))


def _content_key(row: ClaimRow) -> ContentKey:
    return ContentKey(row.date, row.company_id, row.model_id, row.stance, row.kind, row.source, row.url)  # type: ignore[arg-type]


class Pending(NamedTuple):
    """A checked record whose company and model are resolved to row ids."""

    location: str
    row: ClaimRow
    by_id: bool
    timed: bool
    absent: tuple[str, ...]


class _Decision(NamedTuple):
    """What to do with one pending row: its outcome, the row to write, the claim it matched."""

    outcome: Outcome
    row: ClaimRow
    claim_id: str
    new_here: bool


class Importer:
    def __init__(self, conn: sqlite3.Connection, options: ImportOptions, report: ImportReport) -> None:
        self.conn = conn
        self.options = options
        self.report = report
        # Inserting a batch runs on a second thread while this one checks the
        # next: sqlite3 lets go of the GIL while SQLite works. Only one thread
        # uses the connection at a time: every other use waits (``sync``).
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="openwatch-import")
        self._inflight: Future[Any] | None = None
        self.names = NameCache(conn, self.sync)
        self.check = RowChecker(options)
        # Stored claims are looked up a batch at a time, in one statement when SQLite allows that many values.
        self.lookup_chunk = min(BATCH, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        self.first_pk = next_pk(conn)
        self.had_claims = self.first_pk > 1
        self.deferred_indexes = [] if self.had_claims else _drop_indexes(conn)
        self.next_new_pk = self.first_pk  # the row id of the next claim inserted
        self.by_content: dict[ContentKey, str] | None = None
        # Stored claims this file has already touched, and how: a row that
        # repeats another counts once.
        self.touched: dict[str, Outcome] = {}
        self.added_ids: set[str] = set()

    def sync(self) -> None:
        """Wait for the background insert, if any (and raise its error)."""
        if self._inflight is not None:
            inflight, self._inflight = self._inflight, None
            inflight.result()

    def close(self) -> None:
        try:
            self.sync()
        finally:
            self._writer.shutdown(wait=True)

    # -- turning records into rows --------------------------------------------------

    def prepare(self, location: str, record: Mapping[str, Any]) -> Pending | None:
        checked = self.check(record)
        if checked is None:
            # The general path: the same checks, and the message when one fails.
            options = self.options
            try:
                claim = record_to_claim(
                    record, now=options.now, today=options.today, iso_dates_only=True, valid_utf8=options.valid_utf8
                )
            except InvalidValue as error:
                self.report.problem(Problem(location, error.field, error.message))
                return None
            row = values_row(claim_values(claim), claim.company, claim.model)
            checked = Checked(row, has_id(record), is_timed(record), absent_fields(record))
        return self.admit(location, checked)

    def admit(self, location: str, checked: Checked) -> Pending:
        """A checked record, its company and model resolved to ids."""
        row = checked.row
        company_id = self.names.company(row.company_id)[0]  # type: ignore[arg-type]
        model = row.model_id
        model_id = None if model is None else self.names.model(company_id, model)[0]  # type: ignore[arg-type]
        return Pending(location, row._replace(company_id=company_id, model_id=model_id), *checked[1:])

    def claim(self, row: ClaimRow) -> Claim:
        """The claim ``row`` holds (for an update)."""
        company = self.names.company_name(row.company_id)  # type: ignore[arg-type]
        model = None if row.model_id is None else self.names.model_name(row.model_id)  # type: ignore[arg-type]
        return stored_row_to_claim(row, company, model)

    def alias(self, location: str, record: Mapping[str, Any]) -> None:
        unknown = sorted(set(record) - {"alias", "company", "model"})
        alias, company_name, model_name = record.get("alias"), record.get("company"), record.get("model")
        if (
            unknown
            or not isinstance(alias, str)
            or not isinstance(company_name, str)
            or not (model_name is None or isinstance(model_name, str))
        ):
            self.report.problem(
                Problem(location, None, 'an alias record is {"alias": text, "company": text, "model": text or null}')
            )
            return
        if not alias.strip() or not company_name.strip():
            self.report.problem(Problem(location, "alias", "alias and company must not be empty"))
            return
        self.sync()
        company_id, company = self.names.company(company_name)
        key = name_key(alias)
        try:
            if model_name is None or not model_name.strip():
                if self.names.companies.get(key, (None,))[0] == company_id:
                    return
                add_company_alias(self.conn, alias, Company(company_id, company))
                self.names.companies[key] = (company_id, company)
            else:
                model_id, model = self.names.model(company_id, model_name)
                if self.names.models.get((company_id, key), (None,))[0] == model_id:
                    return
                add_model_alias(self.conn, alias, Company(company_id, company), Model(model_id, company_id, model))
                self.names.models[(company_id, key)] = (model_id, model)
        except OpenwatchError as error:
            self.report.problem(Problem(location, "alias", error.message))
            return
        self.names.forget_spellings()
        self.report.tally.aliases_added += 1

    # -- matching and writing --------------------------------------------------------

    def _stored_by_id(self, ids: list[str]) -> dict[str, ClaimRow]:
        found: dict[str, ClaimRow] = {}
        if not self.had_claims:
            # Into an empty database only this import's own claims can match.
            ids = [i for i in ids if i in self.added_ids]
        if ids:
            self.sync()
        for start in range(0, len(ids), self.lookup_chunk):
            chunk = ids[start : start + self.lookup_chunk]
            sql = SELECT_ROWS + f" WHERE id IN ({', '.join('?' * len(chunk))})"
            for row in self.conn.execute(sql, chunk):
                found[row[0]] = ClaimRow(*row)
        return found

    def _content_index(self) -> dict[ContentKey, str]:
        if self.by_content is None:
            self.sync()
            self.by_content = {
                ContentKey(*row[1:]): row[0]
                for row in self.conn.execute(
                    "SELECT id, date, company_id, model_id, stance, kind, source, url FROM claims"
                )
            }
        return self.by_content

    def write_batch(self, batch: list[Pending]) -> None:
        """Match the batch against stored claims, decide each row, then write: inserts, then updates."""
        stored = self._match(batch)
        inserts: dict[str, ClaimRow] = {}
        updates: dict[str, Claim] = {}
        for pending in batch:
            decision = self._decide(pending, stored, inserts)
            if decision.outcome is Outcome.CONFLICT:
                self.report.problem(
                    Problem(
                        pending.location,
                        "updated_at",
                        f"claim {decision.claim_id} has another version with the same updated_at "
                        f"({decision.row.updated_at}) and different content: edit one of them, then import again",
                    )
                )
                continue
            self._count(decision, stored, inserts, updates)
        self._apply(inserts, updates)

    def _match(self, batch: list[Pending]) -> dict[str, ClaimRow]:
        """The stored claims the batch's rows match, by id or (for rows without one) by content."""
        ids = [p.row.id for p in batch if p.by_id]
        stored = self._stored_by_id(ids) if ids else {}
        if any(not p.by_id for p in batch):
            by_content = self._content_index()
            wanted = [by_content.get(_content_key(p.row)) for p in batch if not p.by_id]
            more = [i for i in wanted if i is not None and i not in stored]
            stored.update(self._stored_by_id(more) if more else {})
        return stored

    def _decide(self, pending: Pending, stored: dict[str, ClaimRow], inserts: dict[str, ClaimRow]) -> _Decision:
        """What importing one row does (``core.merge.decide``), and the row to write for it."""
        row = pending.row
        claim_id = row.id
        if not pending.by_id:
            assert self.by_content is not None
            matched = self.by_content.get(_content_key(row))
            if matched is not None:
                claim_id = matched
                row = row._replace(id=claim_id)
        current = inserts.get(claim_id)
        new_here = current is not None or claim_id in self.added_ids
        if current is None:
            current = stored.get(claim_id)
        if current is None:
            return _Decision(Outcome.ADDED, row, claim_id, new_here)
        if pending.absent:
            row = row._replace(**{name: getattr(current, name) for name in pending.absent})
        if row == current:
            # What decide says, without building two versions (a re-import).
            return _Decision(Outcome.UNCHANGED, row, claim_id, new_here)
        outcome = decide(_version(row), _version(current), timed=pending.timed)
        if outcome is Outcome.UPDATED and not pending.timed:
            # A row without times speaks for now; the claim keeps when it was recorded.
            row = row._replace(recorded_at=current.recorded_at, updated_at=format_timestamp(self.options.now))
        return _Decision(outcome, row, claim_id, new_here)

    def _count(
        self,
        decision: _Decision,
        stored: dict[str, ClaimRow],
        inserts: dict[str, ClaimRow],
        updates: dict[str, Claim],
    ) -> None:
        """Tally a decision once per claim, and queue what it writes."""
        outcome, row, claim_id, new_here = decision
        tally = self.report.tally
        if outcome is Outcome.ADDED:
            inserts[claim_id] = row
            self.added_ids.add(claim_id)
            tally.count(outcome)
            if self.by_content is not None:
                self.by_content[_content_key(row)] = claim_id
        elif new_here:
            # A repeat of a claim this import adds: it stays one added claim.
            if outcome is Outcome.UPDATED:
                if claim_id in inserts:
                    inserts[claim_id] = row
                else:
                    self._update_new(claim_id, row)
        else:
            before = self.touched.get(claim_id)
            if before is None or (before is Outcome.UNCHANGED and outcome is Outcome.UPDATED):
                if before is Outcome.UNCHANGED:
                    tally.unchanged -= 1
                tally.count(outcome)
                self.touched[claim_id] = outcome
            if outcome is Outcome.UPDATED:
                updates[claim_id] = self.claim(row)
                stored[claim_id] = row
                if self.by_content is not None:
                    self.by_content[_content_key(row)] = claim_id

    def _apply(self, inserts: dict[str, ClaimRow], updates: dict[str, Claim]) -> None:
        """Write a batch: updates through ``replace_claim`` (history kept), new claims in one executemany."""
        if updates:
            self.sync()
            for claim in updates.values():
                replace_claim(self.conn, claim, self.options.change)
        if inserts:
            self.sync()
            rows = list(inserts.values())
            self.conn.executemany(INSERT_SQL, rows)
            self._inflight = self._writer.submit(self._index_and_version, self.next_new_pk)
            self.next_new_pk += len(rows)

    def _index_and_version(self, first_pk: int) -> None:
        """Index the claims just inserted and give each its first version (on the writer thread).

        Two statements that run entirely inside SQLite, without Python's
        lock, while this thread checks the next batch. (The inserts
        themselves stay on this thread: ``executemany`` takes the lock for
        every row, and on another thread it would wait for it at every row.)
        The new rows' ids follow on from ``first_pk``: nothing else inserts
        claims while this transaction holds the write lock.
        """
        index_from(self.conn, first_pk)
        self.conn.execute(_INSERT_VERSIONS, (self.options.change, first_pk))

    def _update_new(self, claim_id: str, row: ClaimRow) -> None:
        """A later row for a claim this import added in an earlier batch: it wins, as one added claim."""
        self.sync()
        unindex_claim(self.conn, claim_id)
        self.conn.execute(UPDATE_SQL, (*row[1:], claim_id))
        index_claim(self.conn, claim_id)
        self.conn.execute(
            "UPDATE claim_versions SET changed_at = ? WHERE claim_id = ? AND data IS NULL", (row.updated_at, claim_id)
        )

    def finish(self) -> None:
        """Build again the indexes dropped for an import into an empty database."""
        self.sync()
        for sql in self.deferred_indexes:
            self.conn.execute(sql)


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the indexes of claims and claim_versions; return the SQL that makes them again.

    Only for an import into an empty database (no claims, so no versions
    either): building each index once from the finished table (one sort) is
    much faster than growing it a row at a time at random places. Inside the
    import's transaction: if the import does not commit, the indexes were
    never gone. The SQL is read from the schema, so they come back exactly
    as they were. (The unique index on ``claims.id`` cannot be dropped, and
    matching rows by id needs it.)
    """
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name IN ('claims', 'claim_versions')"
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in found]
