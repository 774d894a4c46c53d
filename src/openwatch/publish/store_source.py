"""A ``SiteSource`` read straight from an open database (until the API serves one).

One company's claims are read once (through the series index, up to the
date asked for) and kept while its timeline, status and gaps are asked for.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from openwatch.core import history
from openwatch.core.claim import Claim
from openwatch.publish.source import ExportFormat


class StoreSource:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._cached: tuple[str, date, list[Claim]] | None = None

    def companies(self) -> Sequence[str]:
        from openwatch.store.names import list_companies

        return [summary.name for summary in list_companies(self.conn)]

    def _claims(self, company: str, as_of: date) -> list[Claim]:
        if self._cached is not None and self._cached[:2] == (company, as_of):
            return self._cached[2]
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_company

        owner = require_company(self.conn, company)
        claims = list(iter_series_claims(self.conn, company_ids=[owner.id], until=as_of))
        self._cached = (company, as_of, claims)
        return claims

    def timeline(self, company: str, as_of: date) -> Sequence[history.TimelineEntry]:
        return history.timeline(self._claims(company, as_of))

    def status(self, company: str, as_of: date) -> Sequence[history.StatusRow]:
        return list(history.status(self._claims(company, as_of), as_of, presorted=True))

    def gaps(self, company: str, as_of: date) -> Sequence[history.Gap]:
        return history.gaps(self._claims(company, as_of))

    def export(self, fmt: ExportFormat, out: TextIO) -> int:
        from openwatch.core.records import ALL_FIELDS, claim_to_record
        from openwatch.exchange.writers import write_csv, write_jsonl
        from openwatch.store.claims import iter_claims
        from openwatch.store.names import list_aliases

        records = (claim_to_record(claim) for claim in iter_claims(self.conn, order="export"))
        if fmt == "csv":
            return write_csv(ALL_FIELDS, records, out, bom=True)
        count = write_jsonl(records, out)
        aliases = [{"alias": a.alias, "company": a.company, "model": a.model} for a in list_aliases(self.conn)]
        return count + write_jsonl(aliases, out)
