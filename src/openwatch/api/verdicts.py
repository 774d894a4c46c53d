"""Verdicts side by side, and the licence table.

``verdicts`` gathers, for each model of a company, every source's latest
verdict (``openwatch.core.verdicts.verdicts``); ``licence_table`` lists the
licence table, which needs no database.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.verdicts import VerdictRow

if TYPE_CHECKING:  # the licence table (~700 SPDX entries) loads only for `licences`
    from openwatch.core.licences import Licence


class Verdicts(TrackerBase):
    def verdicts(self, company: str, *, model: str | None = None, as_of: date | None = None) -> list[VerdictRow]:
        """Each series of ``company`` (or only ``model``'s) with every source's latest verdict on it."""
        from openwatch.core import history, verdicts
        from openwatch.core.claim import name_key
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_company, require_model

        owner = require_company(self.conn, company)
        wanted = require_model(self.conn, owner, model).name if model else None
        claims = history.select(iter_series_claims(self.conn, company_ids=[owner.id]))
        rows = verdicts.verdicts(claims, as_of=as_of)
        if wanted is None:
            return rows
        return [row for row in rows if row.model is not None and name_key(row.model) == name_key(wanted)]


def licence_table() -> list[Licence]:
    """Every licence of the table: the model licences, then the current SPDX ids."""
    from openwatch.core.licences import all_licences

    return list(all_licences())
