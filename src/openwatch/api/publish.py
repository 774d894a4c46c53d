"""What the publishers read: said versus shipped as of a date, trajectories, the downloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TextIO

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.history import Gap, StatusRow, TimelineEntry
    from openwatch.core.trajectory import CompanyTrajectory


@dataclass(frozen=True, slots=True)
class CompanyAsOf:
    """What a company's page or report shows as of a date, from one read of its claims."""

    company: str
    as_of: date
    timeline: list[TimelineEntry]
    """Claims dated on or before ``as_of``, in order, each with its move."""
    status: list[StatusRow]
    gaps: list[Gap]


class Publish(TrackerBase):
    def company_as_of(self, company: str, *, as_of: date) -> CompanyAsOf:
        """A company's timeline, status and said versus shipped, all read as of ``as_of``."""
        from openwatch.core import history
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_company

        owner = require_company(self.conn, company)
        claims = list(iter_series_claims(self.conn, company_ids=[owner.id], until=as_of))
        return CompanyAsOf(
            owner.name,
            as_of,
            history.timeline(claims),
            list(history.status(claims, as_of, presorted=True)),
            history.gaps(claims),
        )

    def trajectory(self, companies: Sequence[str] | None = None, *, today: date) -> list[CompanyTrajectory]:
        """Per company (all, or those named), each model's first non-planned stance and date.

        The share of recent releases at open-weights or above is read over the
        12 months to ``today``; claims dated after ``today`` do not count.
        """
        from openwatch.core.trajectory import trajectories
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_company

        ids = None if not companies else [require_company(self.conn, name).id for name in companies]
        claims = iter_series_claims(self.conn, company_ids=ids, until=today)
        return trajectories(claims, today, presorted=True)

    def write_downloads(self, csv_out: TextIO, jsonl_out: TextIO) -> int:
        """Every claim as ``export -o claims.csv`` and ``export -o claims.jsonl`` write them, in one read.

        Returns the number of claims.
        """
        from collections.abc import Iterator
        from typing import Any

        from openwatch.core.records import ALL_FIELDS, claim_to_record
        from openwatch.exchange.writers import write_csv, write_jsonl
        from openwatch.store.claims import iter_claims
        from openwatch.store.names import list_aliases

        def records() -> Iterator[dict[str, Any]]:
            # Each record goes to the JSONL file as the CSV writer takes it.
            for claim in iter_claims(self.conn, order="export"):
                record = claim_to_record(claim)
                write_jsonl((record,), jsonl_out)
                yield record

        count = write_csv(ALL_FIELDS, records(), csv_out, bom=True)
        aliases = ({"alias": a.alias, "company": a.company, "model": a.model} for a in list_aliases(self.conn))
        write_jsonl(aliases, jsonl_out)
        return count
