"""Promises and what became of them; the stance scale and the kinds explained."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.promises import Promise, PromiseStatus


class Promises(TrackerBase):
    def promises(
        self,
        companies: Sequence[str] | None = None,
        *,
        today: date,
        statuses: Collection[PromiseStatus] | None = None,
    ) -> list[Promise]:
        """Every promise (a planned ``stated`` claim) of ``companies`` (all when None) and its status as of ``today``.

        The status of each is decided on the whole series; ``statuses``
        then chooses which are returned.
        """
        from openwatch.core import history
        from openwatch.core.promises import promises
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_company

        ids = None if not companies else [require_company(self.conn, name).id for name in companies]
        claims = history.select(iter_series_claims(self.conn, company_ids=ids))
        found = promises(claims, today, presorted=True)
        return found if not statuses else [p for p in found if p.status in statuses]
