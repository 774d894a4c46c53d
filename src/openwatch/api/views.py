"""History views: timeline, status, diff, changes, conflicts, gap, search, and what is tracked.

Each method decides which store reads its question needs and hands the
claims to ``openwatch.core.history``; the rules themselves live there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from openwatch.api.base import TrackerBase
from openwatch.core.series import Filters

if TYPE_CHECKING:
    from openwatch.api.results import CompanyReport, Diff, Timeline
    from openwatch.core.claim import Claim, Direction
    from openwatch.core.history import Conflict, Gap, Move, StatusRow
    from openwatch.core.names import CompanySummary, ModelSummary
    from openwatch.core.words import SearchHit
    from openwatch.store.names import Company

NO_FILTERS = Filters()


class Views(TrackerBase):
    def company(self, name: str) -> Company:
        """The tracked company ``name`` (or an alias of it); ``NotFound`` naming the nearest ones."""
        from openwatch.store.names import require_company

        return require_company(self.conn, name)

    def _company_ids(self, names: Sequence[str] | None) -> list[int] | None:
        return None if not names else [self.company(name).id for name in names]

    def timeline(
        self,
        company: str,
        *,
        model: str | None = None,
        since: date | None = None,
        until: date | None = None,
        filters: Filters = NO_FILTERS,
        company_wide: bool = False,
    ) -> Timeline:
        """A company's claims in order; ``since``/``until`` choose which show, moves come from whole series.

        ``company_wide``: only the company-wide claims (no model). An empty
        ``model`` is refused: it would otherwise mean every series.
        """
        from openwatch.core import history
        from openwatch.core.errors import InvalidValue
        from openwatch.store.history import iter_series_claims
        from openwatch.store.names import require_model

        if model is not None and not model.strip():
            raise InvalidValue("model", "--model needs a name; for the company-wide claims use --company-wide")
        if company_wide and model is not None:
            raise InvalidValue("model", "give --model or --company-wide, not both")
        owner = self.company(company)
        model_id = require_model(self.conn, owner, model).id if model is not None else None
        claims = iter_series_claims(self.conn, company_ids=[owner.id], model_id=model_id, filters=filters)
        entries = [
            entry
            for entry in history.timeline(claims)
            if history.within(entry.claim, since, until) and not (company_wide and entry.claim.model is not None)
        ]
        from openwatch.api.results import Timeline

        return Timeline(owner.name, entries)

    def status(
        self,
        companies: Sequence[str] | None = None,
        *,
        as_of: date,
        filters: Filters = NO_FILTERS,
        evidence: bool = False,
    ) -> Iterator[StatusRow]:
        """Every series' stance as of ``as_of``, streamed in series order (companies checked first);
        with ``evidence``, each row carries every claim its stance rests on."""
        ids = self._company_ids(companies)
        return self._status(ids, as_of, filters, evidence)

    def _status(
        self, ids: list[int] | None, as_of: date, filters: Filters, evidence: bool = False
    ) -> Iterator[StatusRow]:
        from openwatch.core import history
        from openwatch.store.history import iter_series_claims

        claims = iter_series_claims(self.conn, company_ids=ids, filters=filters, until=as_of)
        yield from history.status(claims, as_of, presorted=True, evidence=evidence)

    def diff(self, company: str, *, start: date, end: date, filters: Filters = NO_FILTERS) -> Diff:
        """Per series of ``company``: the stance as of ``start`` and ``end``, and the claims between."""
        from openwatch.core import history
        from openwatch.core.errors import InvalidValue
        from openwatch.store.history import iter_series_claims

        if start > end:
            raise InvalidValue("to", f"--from {start.isoformat()} is after --to {end.isoformat()}: swap them")
        owner = self.company(company)
        claims = iter_series_claims(self.conn, company_ids=[owner.id], filters=filters, until=end)
        from openwatch.api.results import Diff

        return Diff(owner.name, start, end, history.diff(claims, start, end))

    def changes(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        recorded_since: datetime | None = None,
        companies: Sequence[str] | None = None,
        filters: Filters = NO_FILTERS,
        directions: set[Direction] | None = None,
    ) -> list[Move]:
        """Every move asked for, newest first; only those are ever held in memory.

        Without a window the whole history streams by series. With ``since``
        the window's claims come from the date index, and each touched
        series' claim before the window from one step back on the series
        index. With ``recorded_since`` each claim entered since then is
        compared with the claim just before it in its series, wherever that
        lies in time.
        """
        from openwatch.core import history
        from openwatch.store.history import iter_series_claims, previous_claim, window_claims

        ids = self._company_ids(companies)
        found: list[Move] = []

        def keep(move: Move | None) -> None:
            if move is not None and (directions is None or move.direction in directions):
                found.append(move)

        if since is None and recorded_since is None:
            claims = iter_series_claims(self.conn, company_ids=ids, filters=filters, until=until)
            for move in history.all_moves(claims, presorted=True):
                keep(move)
        else:
            located = window_claims(
                self.conn, since=since, until=until, recorded_since=recorded_since, company_ids=ids, filters=filters
            )
            previous: Claim | None = None
            series_key: tuple[int, int | None] | None = None
            for item in located:
                key = (item.company_id, item.model_id)
                if recorded_since is not None or key != series_key:
                    # A date window holds a run of consecutive claims of each
                    # series: only the first needs the claim before it.
                    series_key = key
                    previous = previous_claim(self.conn, item, filters)
                keep(history.move_to(item.claim, previous))
                previous = item.claim
        return history.newest_first(found)

    def conflicts(self, company: str | None = None) -> list[Conflict]:
        """Claims of one series on one date that disagree, oldest first."""
        from openwatch.core import history
        from openwatch.store.history import iter_series_claims

        ids = self._company_ids([company] if company else None)
        return history.conflicts(iter_series_claims(self.conn, company_ids=ids), presorted=True)

    def gap(self, companies: Sequence[str] | None = None) -> list[Gap]:
        """Statements claiming more openness than was shipped or judged, company by company."""
        from openwatch.core import history
        from openwatch.store.history import companies_in_order, iter_series_claims

        found: list[Gap] = []
        for company_id in companies_in_order(self.conn, self._company_ids(companies)):
            found.extend(history.gaps(iter_series_claims(self.conn, company_ids=[company_id])))
        return found

    def report(self, company: str, *, as_of: date) -> CompanyReport:
        """Everything a report on ``company`` shows, with its status as of ``as_of``."""
        owner = self.company(company)
        from openwatch.api.results import CompanyReport

        return CompanyReport(
            owner.name,
            as_of,
            self.timeline(owner.name).entries,
            list(self.status([owner.name], as_of=as_of)),
            self.gap([owner.name]),
        )

    def search(self, text: str, *, company: str | None = None, limit: int = 50, fts: bool = False) -> list[SearchHit]:
        """Claims whose quote, note, source or model hold the words of ``text`` (with ``fts``: an
        FTS5 query), best first, each with an excerpt marking the words found."""
        from openwatch.store.search import search_hits

        owner = self.company(company) if company else None
        return search_hits(self.conn, text, company_id=owner.id if owner else None, limit=limit, fts=fts)

    def companies(self) -> list[CompanySummary]:
        """Every tracked company with its number of claims and models and its first and last dates."""
        from openwatch.store.names import list_companies

        return list_companies(self.conn)

    def models(self, company: str | None = None) -> list[ModelSummary]:
        """Tracked models, of one company or of all."""
        from openwatch.store.names import list_models

        return list_models(self.conn, self.company(company) if company else None)
