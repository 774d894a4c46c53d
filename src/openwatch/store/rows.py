"""The mapping between a claim and its ``claims`` row, written once.

A leaf of the store: every other store module reads and writes claim rows
through these names, and this module imports no other part of the store.
``ClaimRow`` is a NamedTuple, so a row still passes straight to
``executemany`` but reads as ``row.planned``, not ``row[9]``.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import datetime
from typing import NamedTuple

from openwatch.core.claim import Claim, Kind, Stance
from openwatch.core.dates import PartialDate, parse_iso_date
from openwatch.core.records import ClaimValues, claim_values

SELECT_CLAIMS = """SELECT c.id, c.date, co.name, m.name, c.stance, c.kind, c.planned,
    c.source, c.url, c.quote, c.license, c.note, c.recorded_at, c.updated_at,
    c.retracted_at, c.retraction_reason, c.due, c.recorded_by
  FROM claims c JOIN companies co ON co.id = c.company_id
  LEFT JOIN models m ON m.id = c.model_id"""
"""Every claim read goes through this SELECT, so ``row_to_claim`` reads them all."""

CLAIM_ORDER = "c.date_start, c.precision, c.kind_rank, c.recorded_at, c.id"
"""The order history reads a series in (``core.history.claim_order``)."""
CLAIM_ORDER_DESC = "c.date_start DESC, c.precision DESC, c.kind_rank DESC, c.recorded_at DESC, c.id DESC"
SERIES_ORDER = f" ORDER BY c.company_id, c.model_id, {CLAIM_ORDER}"
DATE_ORDER = f" ORDER BY {CLAIM_ORDER}"
# Exports: date (as written, so "2025" before "2025-01" before "2025-01-01"), then id.
# Nothing else, so an export does not change order when a claim is edited.
EXPORT_ORDER = " ORDER BY c.date_start, c.precision, c.id"
PRECISION = {"year": 0, "month": 1, "day": 2}

_fromiso = datetime.fromisoformat


class ClaimRow(NamedTuple):
    """One ``claims`` row in ``INSERT_COLUMNS`` order (no ``pk``).

    A bulk import carries the company and model *names* in ``company_id`` and
    ``model_id`` until it resolves them (``store.bulk``).
    """

    id: str
    date: str
    date_start: str
    precision: int
    company_id: int | str
    model_id: int | str | None
    stance: str
    kind: str
    kind_rank: int
    planned: int
    source: str
    url: str | None
    quote: str | None
    license: str | None
    note: str | None
    recorded_at: str
    updated_at: str
    retracted_at: str | None
    retraction_reason: str | None
    due: str | None
    recorded_by: str | None


INSERT_COLUMNS = ", ".join(ClaimRow._fields)
INSERT_SQL = f"INSERT INTO claims ({INSERT_COLUMNS}) VALUES ({', '.join('?' * len(ClaimRow._fields))})"
SELECT_ROWS = f"SELECT {INSERT_COLUMNS} FROM claims"
UPDATE_SQL = "UPDATE claims SET " + ", ".join(f"{name} = ?" for name in ClaimRow._fields[1:]) + " WHERE id = ?"
"""Every column but the id, then the id: ``(*row[1:], row.id)``."""


def row_to_claim(row: sqlite3.Row | tuple[object, ...]) -> Claim:
    """The claim a ``SELECT_CLAIMS`` row holds."""
    return Claim(
        id=str(row[0]),
        date=parse_iso_date(str(row[1])),
        company=str(row[2]),
        model=None if row[3] is None else str(row[3]),
        stance=Stance(row[4]),
        kind=Kind(row[5]),
        planned=bool(row[6]),
        source=str(row[7]),
        url=row[8],  # type: ignore[arg-type]
        quote=row[9],  # type: ignore[arg-type]
        license=row[10],  # type: ignore[arg-type]
        note=row[11],  # type: ignore[arg-type]
        recorded_at=_fromiso(str(row[12])),
        updated_at=_fromiso(str(row[13])),
        retracted_at=None if row[14] is None else _fromiso(str(row[14])),
        retraction_reason=row[15],  # type: ignore[arg-type]
        due=None if row[16] is None else parse_iso_date(str(row[16])),
        recorded_by=row[17],  # type: ignore[arg-type]
    )


def stored_row_to_claim(row: ClaimRow, company: str, model: str | None) -> Claim:
    """The claim a ``ClaimRow`` holds, given its company's and model's names."""
    return row_to_claim(
        (
            row.id,
            row.date,
            company,
            model,
            row.stance,
            row.kind,
            row.planned,
            row.source,
            row.url,
            row.quote,
            row.license,
            row.note,
            row.recorded_at,
            row.updated_at,
            row.retracted_at,
            row.retraction_reason,
            row.due,
            row.recorded_by,
        )
    )


@functools.lru_cache(maxsize=8192)
def _date_columns(day: PartialDate) -> tuple[str, str, int]:
    """``date``, ``date_start`` and ``precision``: an import has the same few thousand dates."""
    return str(day), day.start.isoformat(), PRECISION[day.precision]


_KIND_RANK = {kind.value: kind.strength for kind in Kind}


def claim_row(claim: Claim, company_id: int, model_id: int | None) -> ClaimRow:
    """The ``claims`` row of a claim whose company and model have these row ids."""
    return values_row(claim_values(claim), company_id, model_id)


def values_row(values: ClaimValues, company_id: int | str, model_id: int | str | None) -> ClaimRow:
    """``claim_row`` from values already checked (``core.records.FastRecords``)."""
    # Unpacked in one step, enum values read directly: this runs for every row of an import.
    (
        claim_id,
        day,
        _,
        _,
        stance,
        kind,
        planned,
        source,
        url,
        quote,
        license_,
        note,
        recorded,
        updated,
        retracted,
        reason,
        due,
        recorded_by,
    ) = values
    kind_value = kind._value_
    return ClaimRow(
        claim_id,
        *_date_columns(day),
        company_id,
        model_id,
        stance._value_,
        kind_value,
        _KIND_RANK[kind_value],
        1 if planned else 0,
        source,
        url,
        quote,
        license_,
        note,
        recorded,
        updated,
        retracted,
        reason,
        None if due is None else str(due),
        recorded_by,
    )


def like_prefix(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) for strings starting with ``text``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
