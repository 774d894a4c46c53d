"""Verdicts side by side: each source's latest verdict on a series.

The vendor's words, what shipped and each assessor's judgement, as
``openwatch verdicts`` shows them. Like ``openwatch.core.history``, these
functions take claims that are already filtered (retracted claims aside)
and never look at the clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openwatch.core.claim import Claim, Kind
from openwatch.core.history import by_series, latest_by_source


class VerdictRole(enum.Enum):
    """Whose verdict: the vendor's words, what shipped, or an assessor's judgement."""

    SAID = "said"
    SHIPPED = "shipped"
    JUDGED = "judged"

    def __str__(self) -> str:
        return self.value


_ROLE_OF = {Kind.STATED: VerdictRole.SAID, Kind.OBSERVED: VerdictRole.SHIPPED, Kind.ASSESSED: VerdictRole.JUDGED}


@dataclass(frozen=True, slots=True)
class Verdict:
    """One source's latest verdict on a series."""

    role: VerdictRole
    claim: Claim

    @property
    def company_wide(self) -> bool:
        """The vendor's words about the whole company, standing in for words about the model."""
        return self.claim.model is None


@dataclass(frozen=True, slots=True)
class VerdictRow:
    """Every source's latest verdict on one series, side by side."""

    company: str
    model: str | None
    verdicts: tuple[Verdict, ...]

    @property
    def disagree(self) -> bool:
        """Whether the verdicts name different places on the ordered scale."""
        return len({v.claim.stance for v in self.verdicts if v.claim.stance.level is not None}) > 1


def verdicts(claims: Iterable[Claim], *, as_of: date | None = None) -> list[VerdictRow]:
    """For each series, every source's latest verdict, as of a day (default: all).

    The vendor's words are its latest non-planned ``stated`` claim on the
    model, else its latest company-wide one; what shipped is the latest
    ``observed`` claim; each assessor (by source) gives its latest
    ``assessed`` claim. Reports and planned claims are not verdicts. Rows
    come company-wide first, then by model name; each row's verdicts in the
    order said, shipped, judged (oldest verdict first).
    """
    grouped = list(by_series(c for c in claims if _may_be_verdict(c, as_of)))
    company_words = _company_words(grouped)
    rows = [_verdict_row(series, company_words.get(series[0].series[0])) for series in grouped]
    rows.sort(key=lambda r: (r.company.casefold(), r.model is not None, (r.model or "").casefold()))
    return rows


def _may_be_verdict(claim: Claim, as_of: date | None) -> bool:
    """A claim of a verdict-giving kind, not planned, dated by ``as_of`` (if given)."""
    return not claim.planned and claim.kind in _ROLE_OF and (as_of is None or claim.date.start <= as_of)


def _latest(series: Sequence[Claim], kind: Kind) -> Claim | None:
    """The series' latest claim of ``kind`` (claims in order), if any."""
    return next((c for c in reversed(series) if c.kind is kind), None)


def _company_words(grouped: Iterable[Sequence[Claim]]) -> dict[str, Claim]:
    """Each company's latest company-wide statement, by company (the first part of a series key)."""
    found: dict[str, Claim] = {}
    for series in grouped:
        if series[0].model:
            continue
        words = _latest(series, Kind.STATED)
        if words is not None:
            found[series[0].series[0]] = words
    return found


def _verdict_row(series: Sequence[Claim], company_words: Claim | None) -> VerdictRow:
    """One series' verdicts in the order said, shipped, judged; ``company_words`` stands in for missing words."""
    found: list[Verdict] = []
    words = _latest(series, Kind.STATED) or company_words
    if words is not None:
        found.append(Verdict(VerdictRole.SAID, words))
    shipped = _latest(series, Kind.OBSERVED)
    if shipped is not None:
        found.append(Verdict(VerdictRole.SHIPPED, shipped))
    judged = latest_by_source(c for c in series if c.kind is Kind.ASSESSED)
    found.extend(Verdict(VerdictRole.JUDGED, c) for c in judged)
    last = series[-1]
    return VerdictRow(last.company, last.model, tuple(found))
