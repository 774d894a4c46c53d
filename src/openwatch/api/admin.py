"""Names (aliases, merges), the bundled sample, exports, checks and backups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.checks import CheckResult
    from openwatch.core.claim import Claim
    from openwatch.core.names import Alias, Merge
    from openwatch.store.backup import Backup


@dataclass(frozen=True, slots=True)
class SampleLoad:
    """What loading the bundled sample did: claims added, and claims already there."""

    added: int
    present: int


class Admin(TrackerBase):
    def aliases(self, company: str | None = None) -> list[Alias]:
        """Aliases of every company and model, or of one company's."""
        from openwatch.store.names import list_aliases, require_company

        return list_aliases(self.conn, require_company(self.conn, company) if company else None)

    def add_alias(self, alias: str, target: str, *, company: str | None = None, now: datetime) -> Alias | Merge:
        """Let ``alias`` name company ``target`` (or, with ``company``, that company's model ``target``).

        When ``alias`` is itself a tracked company it is merged into ``target``
        (its claims move, each keeping its history) and a ``Merge`` says so.
        """
        from openwatch.store.merge import merge_companies
        from openwatch.store.names import (
            add_company_alias,
            add_model_alias,
            require_company,
            require_model,
            tracked_company,
        )

        with self.writing() as conn:
            if company is not None:
                owner = require_company(conn, company)
                return add_model_alias(conn, alias, owner, require_model(conn, owner, target))
            into = require_company(conn, target)
            merging = tracked_company(conn, alias)
            if merging is not None and merging.id != into.id:
                return merge_companies(conn, merging, into, now=now)
            return add_company_alias(conn, alias, into)

    def remove_alias(self, alias: str, *, company: str | None = None) -> Alias:
        """Remove a company alias, or with ``company`` a model alias; claims are not touched."""
        from openwatch.store.names import remove_alias, require_company

        with self.writing() as conn:
            return remove_alias(conn, alias, require_company(conn, company) if company else None)

    def load_sample(self, *, now: datetime, today: date) -> SampleLoad:
        """Add the bundled sample's claims that are missing; never change one already there."""
        from openwatch.exchange.sample import load_sample
        from openwatch.store.claims import existing_ids, insert_claim

        claims = load_sample(now=now, today=today)
        with self.writing() as conn:
            present = existing_ids(conn, [c.id for c in claims])
            missing = [claim for claim in claims if claim.id not in present]
            for claim in missing:
                insert_claim(conn, claim)
        return SampleLoad(len(missing), len(claims) - len(missing))

    def export_claims(
        self, *, companies: Sequence[str] | None = None, include_retracted: bool = False
    ) -> Iterator[Claim]:
        """Claims ordered by date (as written) then id, streamed; companies checked first."""
        from openwatch.store.claims import iter_claims
        from openwatch.store.names import require_company

        ids = None if companies is None else [require_company(self.conn, c).id for c in companies]
        return iter_claims(self.conn, company_ids=ids, include_retracted=include_retracted, order="export")

    def export_aliases(self, *, companies: Sequence[str] | None = None) -> Iterator[Alias]:
        """The aliases an export of those companies (or of all) carries after its claims."""
        from openwatch.store.names import list_aliases, require_company

        owners = [None] if companies is None else [require_company(self.conn, c) for c in companies]
        for owner in owners:
            yield from list_aliases(self.conn, owner)

    def check(self) -> list[CheckResult]:
        """SQLite's integrity checks and openwatch's own promises about its data."""
        from openwatch.store.check import check_database

        return check_database(self.conn)

    def backup(self, target: Path, *, force: bool = False) -> Backup:
        """A consistent copy of the database at ``target`` (kept unless ``force``)."""
        from openwatch.store.backup import backup_database

        return backup_database(self.conn, self.path, target, force=force)
