"""Checks before a claim is recorded by hand: a copy of a stored claim, a name that looks like a slip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.claim import Claim


@dataclass(frozen=True, slots=True)
class NearNames:
    """Tracked names a new company or model name is probably a slip for (empty: none)."""

    company: list[str]
    model: list[str]

    def __bool__(self) -> bool:
        return bool(self.company or self.model)


class Entry(TrackerBase):
    def same_content(self, claim: Claim) -> str | None:
        """The id of a stored claim with the same content as ``claim`` (as import matches), if any."""
        from openwatch.store.entry import same_content

        return same_content(self.conn, claim)

    def prune_companies(self) -> list[str]:
        """Remove the companies left without any claim (a typo fixed with ``edit``); their names."""
        from openwatch.store.entry import prune_empty_companies

        with self.writing() as conn:
            return prune_empty_companies(conn)

    def near_names(self, company: str, model: str | None) -> NearNames:
        """For a company (and model) not tracked yet: the tracked names it is close to or confusable with.

        A name that is tracked (or an alias) is no near miss; a model is
        checked against the company's models only when the company is tracked.
        """
        from openwatch.core.matching import near_miss
        from openwatch.store.entry import model_tracked, tracked_names

        tracked, companies, models = tracked_names(self.conn, company)
        near_company = [] if tracked else near_miss(company, companies)
        near_model: list[str] = []
        if tracked and model and not model_tracked(self.conn, company, model):
            near_model = near_miss(model, models)
        return NearNames(near_company, near_model)
