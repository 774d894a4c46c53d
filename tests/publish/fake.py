"""A SiteSource made of hand-made claims: the publishers' narrow interface, fed without a database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TextIO

from openwatch.core import history
from openwatch.core.claim import Claim
from openwatch.core.records import ALL_FIELDS, claim_to_record
from openwatch.exchange.writers import write_csv, write_jsonl


class FakeSource:
    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = list(claims)

    def companies(self) -> Sequence[str]:
        return sorted({c.company for c in self.claims})

    def _of(self, company: str, as_of: date) -> list[Claim]:
        return [c for c in self.claims if c.company == company and c.date.start <= as_of]

    def timeline(self, company: str, as_of: date) -> Sequence[history.TimelineEntry]:
        return history.timeline(self._of(company, as_of))

    def status(self, company: str, as_of: date) -> Sequence[history.StatusRow]:
        return list(history.status(self._of(company, as_of), as_of))

    def gaps(self, company: str, as_of: date) -> Sequence[history.Gap]:
        return history.gaps(self._of(company, as_of))

    def downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        records = [claim_to_record(c) for c in self.claims]
        write_jsonl(records, jsonl_out)
        return write_csv(ALL_FIELDS, records, csv_out, bom=True)
