"""Promises against DESIGN.md "Semantics": kept, broken, in doubt, pending, overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from openwatch.core import history
from openwatch.core.claim import Claim
from openwatch.core.dates import PartialDate
from openwatch.core.errors import InvalidValue
from openwatch.core.promises import Promise, PromiseStatus, parse_promise_status, promises
from openwatch.exchange.sample import load_sample
from tests.core.test_history import claim

TODAY = date(2026, 11, 26)


def one(claims: list[Claim], today: date = TODAY, *, due: dict[str, PartialDate] | None = None) -> Promise:
    [found] = [p for p in promises(claims, today, due=due) if p.claim.id == "p"]
    return found


def promise(day: str = "2025-03", stance: str = "open-weights") -> Claim:
    return claim(day, stance, model="M", kind="stated", planned=True, cid="p")


@pytest.mark.parametrize(
    ("later", "status"),
    [
        # A release at or above the promise keeps it; below breaks it.
        ([("2025-08-05", "open-weights", "observed", False)], PromiseStatus.KEPT),
        ([("2025-08-05", "open-source", "observed", False)], PromiseStatus.KEPT),
        ([("2025-08-05", "api", "observed", False)], PromiseStatus.BROKEN),
        # The vendor's own non-planned words settle it too.
        ([("2025-08-05", "weights-restricted", "stated", False)], PromiseStatus.BROKEN),
        # A later promise of the vendor's own that lowers it breaks it; one that repeats it does not.
        ([("2025-06", "api", "stated", True)], PromiseStatus.BROKEN),
        ([("2025-06", "open-weights", "stated", True)], PromiseStatus.PENDING),
        # Reports never settle: below, they cast doubt; at or above, nothing.
        ([("2025-07-14", "closed", "reported", True)], PromiseStatus.IN_DOUBT),
        ([("2025-07-14", "closed", "reported", False)], PromiseStatus.IN_DOUBT),
        ([("2025-07-14", "open-weights", "reported", False)], PromiseStatus.PENDING),
        # Doubt, then the release: kept.
        (
            [("2025-07-14", "closed", "reported", True), ("2025-09", "open-weights", "observed", False)],
            PromiseStatus.KEPT,
        ),
        # Unordered stances neither keep (unless the very stance) nor break.
        ([("2025-08", "mixed", "observed", False)], PromiseStatus.PENDING),
        ([("2025-08", "unknown", "reported", False)], PromiseStatus.PENDING),
        # A planned report (not the vendor) that lowers it is doubt, not a breach.
        ([("2025-06", "api", "reported", True)], PromiseStatus.IN_DOUBT),
    ],
)
def test_status_from_later_claims(later: list[tuple[str, str, str, bool]], status: PromiseStatus) -> None:
    claims = [promise()] + [
        claim(day, stance, model="M", kind=kind, planned=planned) for day, stance, kind, planned in later
    ]
    assert one(claims).status is status


def test_kept_says_by_what_and_how_long() -> None:
    shipped = claim("2025-08-05", "open-weights", model="M", kind="observed")
    found = one([promise("2025-03-31"), shipped])
    assert found.settled_by == shipped and found.days == 127 and found.evidence == (shipped,)


def test_earlier_claims_and_other_series_do_not_count() -> None:
    before = claim("2025-01", "open-weights", model="M", kind="observed")
    other = claim("2025-08", "closed", model="Other", kind="observed")
    assert one([before, promise(), other]).status is PromiseStatus.PENDING


def test_a_release_on_the_promise_date_counts_it_is_later_in_claim_order() -> None:
    shipped = claim("2025-03", "open-weights", model="M", kind="observed")
    assert one([promise(), shipped]).status is PromiseStatus.KEPT


def test_only_stated_planned_claims_are_promises_and_retracted_ones_are_not() -> None:
    reported = claim("2025-03", "open-weights", model="M", kind="reported", planned=True)
    current = claim("2025-03", "open-weights", model="M", kind="stated")
    gone = claim("2025-03", "open-weights", model="N", kind="stated", planned=True, retracted=True)
    assert promises([reported, current, gone], TODAY) == []


def test_overdue_once_the_named_period_has_passed() -> None:
    due = {"p": PartialDate(2026, 2)}
    assert one([promise()], date(2026, 2, 28), due=due).status is PromiseStatus.PENDING
    late = one([promise()], date(2026, 3, 1), due=due)
    assert late.status is PromiseStatus.OVERDUE and late.past_due and late.due == PartialDate(2026, 2)
    # Doubt stays doubt after the date; a promise kept late is kept, and says it was late.
    doubted = [promise(), claim("2025-07", "closed", model="M", kind="reported")]
    assert one(doubted, date(2026, 3, 1), due=due).status is PromiseStatus.IN_DOUBT
    kept_late = one([promise(), claim("2026-04", "open-weights", model="M", kind="observed")], due=due)
    assert kept_late.status is PromiseStatus.KEPT and kept_late.past_due


def test_claims_after_today_are_not_seen() -> None:
    shipped = claim("2025-08-05", "open-weights", model="M", kind="observed")
    assert one([promise(), shipped], date(2025, 8, 4)).status is PromiseStatus.PENDING
    assert promises([promise("2025-03")], date(2025, 2, 1)) == []


def test_due_read_from_the_claim() -> None:
    from dataclasses import replace

    dated = replace(promise(), due=PartialDate(2025, 6))
    assert one([dated], date(2025, 6, 30)).status is PromiseStatus.PENDING
    assert one([dated], date(2025, 7, 1)).status is PromiseStatus.OVERDUE
    # A mapping given by the caller wins over the claim's own date.
    assert one([dated], date(2025, 7, 1), due={"p": PartialDate(2026)}).status is PromiseStatus.PENDING


def test_status_names() -> None:
    assert [s.value for s in PromiseStatus] == ["kept", "broken", "in-doubt", "pending", "overdue"]
    assert parse_promise_status("in doubt") is PromiseStatus.IN_DOUBT
    with pytest.raises(InvalidValue, match="Did you mean 'pending'"):
        parse_promise_status("pendng")


def test_the_sample() -> None:
    """gpt-oss kept (March -> August 2025), Behemoth in doubt, Grok 3 overdue."""
    claims = load_sample(now=datetime(2026, 11, 26, tzinfo=UTC), today=TODAY)
    grok3 = next(c for c in claims if c.model == "Grok 3" and c.planned)
    found = promises(history.select(claims), TODAY, due={grok3.id: PartialDate(2026, 2)})
    by_model: dict[str | None, list[Promise]] = {}
    for item in found:
        by_model.setdefault(item.model, []).append(item)
    first_gpt_oss = by_model["gpt-oss"][0]
    assert first_gpt_oss.status is PromiseStatus.KEPT
    assert first_gpt_oss.claim.date.start.month == 3 and first_gpt_oss.settled_by is not None
    assert str(first_gpt_oss.settled_by.date) == "2025-08-05"
    assert [p.status for p in by_model["Llama 4 Behemoth"]] == [PromiseStatus.IN_DOUBT]
    assert {c.source for c in by_model["Llama 4 Behemoth"][0].evidence} == {"The New York Times"}
    assert [p.status for p in by_model["Grok 3"]] == [PromiseStatus.OVERDUE]
