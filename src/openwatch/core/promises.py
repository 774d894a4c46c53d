"""Promises: what a vendor said it would do, and what became of it.

DESIGN.md "Semantics": a promise is a ``planned`` claim of kind ``stated``
(the vendor's own intent; a ``reported`` planned claim is a report about
intent, not a promise), with an optional ``due`` date. Against the later
claims of its series it is

- **kept** when a later non-planned claim reaches at least the promised
  stance;
- **broken** when a later non-planned claim settles below it, or a later
  ``stated`` planned claim (the vendor's own words) lowers it;
- **in doubt** when only reports (``reported``) point below it since;
- otherwise **pending**, and **overdue** once the date it named has passed.

Choices the definition leaves open, made here:

- Reports never settle a promise, either way: a press report that a model
  shipped is not the release. A report below the promise puts it in doubt
  until a settling claim comes.
- "Later" is the series' claim order (date, then kind, then recorded_at,
  then id), so an ``observed`` release on the promise's own date counts.
- Unordered stances (``mixed``, ``unknown``) are neither above nor below
  anything: such a claim keeps a promise only by naming the very stance
  promised, and never breaks or doubts one.
- A promise that is in doubt stays ``in-doubt`` after its due date passes
  (``overdue`` says only that nothing has been heard against it); the
  ``past_due`` flag says the date has passed whatever the status.

Nothing here reads the clock: ``today`` is a parameter.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from openwatch.core.claim import Claim, Kind, Stance
from openwatch.core.dates import PartialDate
from openwatch.core.history import by_series, claim_order


class PromiseStatus(enum.Enum):
    """What became of a promise, as JSON and CSV write it."""

    KEPT = "kept"
    BROKEN = "broken"
    IN_DOUBT = "in-doubt"
    PENDING = "pending"
    OVERDUE = "overdue"

    @property
    def settled(self) -> bool:
        return self in (PromiseStatus.KEPT, PromiseStatus.BROKEN)

    def __str__(self) -> str:
        return self.value


PROMISE_STATUSES: tuple[str, ...] = tuple(status.value for status in PromiseStatus)


def parse_promise_status(text: str) -> PromiseStatus:
    """Read a status name (``in doubt`` and ``in_doubt`` are ``in-doubt``)."""
    from openwatch.core.claim import did_you_mean
    from openwatch.core.errors import InvalidValue

    cleaned = text.strip().casefold().replace("_", "-").replace(" ", "-")
    try:
        return PromiseStatus(cleaned)
    except ValueError:
        raise InvalidValue(
            "status",
            f"unknown promise status '{text}'.{did_you_mean(cleaned, list(PROMISE_STATUSES))} "
            "Valid statuses: " + ", ".join(PROMISE_STATUSES),
        ) from None


@dataclass(frozen=True, slots=True)
class Promise:
    """A promise, its status as of ``today``, and the claims that decided it."""

    claim: Claim
    status: PromiseStatus
    due: PartialDate | None
    settled_by: Claim | None
    """The claim that kept or broke it (None while unsettled)."""
    doubts: tuple[Claim, ...]
    """The reports since the promise that point below it (for ``in-doubt``; kept for the record otherwise)."""
    past_due: bool
    """The date the promise named had passed when it was kept, or has passed as of ``today`` otherwise."""

    @property
    def company(self) -> str:
        return self.claim.company

    @property
    def model(self) -> str | None:
        return self.claim.model

    @property
    def stance(self) -> Stance:
        return self.claim.stance

    @property
    def days(self) -> int | None:
        """How long it took to settle, in days from the promise (each date at its start)."""
        if self.settled_by is None:
            return None
        return (self.settled_by.date.start - self.claim.date.start).days

    @property
    def evidence(self) -> tuple[Claim, ...]:
        """The claims behind the status: the settling claim, else the reports that cast doubt."""
        if self.settled_by is not None:
            return (self.settled_by,)
        if self.status is PromiseStatus.IN_DOUBT:
            return self.doubts
        return ()


def is_promise(claim: Claim) -> bool:
    return claim.planned and claim.kind is Kind.STATED and not claim.retracted


def due_of(claim: Claim, due: Mapping[str, PartialDate] | None = None) -> PartialDate | None:
    """The date a promise named: from ``due`` (claim id -> date) if given, else the claim's own ``due``."""
    if due is not None and claim.id in due:
        return due[claim.id]
    return claim.due


def _reaches(stance: Stance, promised: Stance) -> bool:
    if stance is promised:
        return True
    level, wanted = stance.level, promised.level
    return level is not None and wanted is not None and level >= wanted


def _below(stance: Stance, promised: Stance) -> bool:
    level, wanted = stance.level, promised.level
    return level is not None and wanted is not None and level < wanted


def judge(
    promise: Claim,
    later: Sequence[Claim],
    today: date,
    *,
    due: PartialDate | None = None,
) -> Promise:
    """The status of one promise given the claims of its series after it, in claim order."""
    doubts: list[Claim] = []
    for claim in later:
        if claim.retracted or claim.date.start > today:
            continue
        if claim.kind is Kind.REPORTED:
            if _below(claim.stance, promise.stance):
                doubts.append(claim)
            continue
        if not claim.planned:
            if _reaches(claim.stance, promise.stance):
                return Promise(promise, PromiseStatus.KEPT, due, claim, tuple(doubts), _late(due, claim.date.start))
            if _below(claim.stance, promise.stance):
                return Promise(promise, PromiseStatus.BROKEN, due, claim, tuple(doubts), _late(due, today))
            continue
        if claim.kind is Kind.STATED and _below(claim.stance, promise.stance):
            return Promise(promise, PromiseStatus.BROKEN, due, claim, tuple(doubts), _late(due, today))
    past_due = _late(due, today)
    if doubts:
        return Promise(promise, PromiseStatus.IN_DOUBT, due, None, tuple(doubts), past_due)
    status = PromiseStatus.OVERDUE if past_due else PromiseStatus.PENDING
    return Promise(promise, status, due, None, tuple(doubts), past_due)


def _late(due: PartialDate | None, day: date) -> bool:
    """Whether ``day`` is after the period ``due`` names (``2026-02`` is late from 1 March)."""
    return due is not None and day > due.end


def promises(
    claims: Iterable[Claim],
    today: date,
    *,
    due: Mapping[str, PartialDate] | None = None,
    presorted: bool = False,
) -> list[Promise]:
    """Every promise among ``claims`` and its status as of ``today``, oldest first.

    ``claims``: the claims history sees (retracted ones are skipped here
    too); claims dated after ``today`` are ignored. ``due``: claim id -> the
    date a promise named, overriding the claims' own ``due``.
    """
    found: list[Promise] = []
    for series in by_series(claims, presorted=presorted):
        for index, claim in enumerate(series):
            if not is_promise(claim) or claim.date.start > today:
                continue
            found.append(judge(claim, series[index + 1 :], today, due=due_of(claim, due)))
    found.sort(key=lambda p: (claim_order(p.claim), p.company.casefold(), (p.model or "").casefold()))
    return found
