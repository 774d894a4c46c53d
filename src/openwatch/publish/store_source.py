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

    def downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        from collections.abc import Iterator
        from typing import Any

        from openwatch.core.records import ALL_FIELDS, claim_to_record
        from openwatch.exchange.writers import write_csv, write_jsonl
        from openwatch.store.claims import iter_claims
        from openwatch.store.names import list_aliases

        def records() -> Iterator[dict[str, Any]]:
            # One read for both files: each record goes to the JSONL file as the CSV takes it.
            for claim in iter_claims(self.conn, order="export"):
                record = claim_to_record(claim)
                write_jsonl((record,), jsonl_out)
                yield record

        count = write_csv(ALL_FIELDS, records(), csv_out, bom=True)
        aliases = [{"alias": a.alias, "company": a.company, "model": a.model} for a in list_aliases(self.conn)]
        write_jsonl(aliases, jsonl_out)
        return count
