"""What a check means: the change since the previous one, the problem a report lists, the mark shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from openwatch.core.evidence import (
    Change,
    LinkCheck,
    LinkStatus,
    Mark,
    Problem,
    QuoteState,
    compare,
    describe,
    evidence_of,
    latest_per_claim,
    mark_of,
    problem_of,
    text_diff,
)

URL = "https://example.com/news"
OK = LinkCheck(
    claim_id="c1",
    url=URL,
    checked_at=datetime(2026, 1, 1, tzinfo=UTC),
    status=LinkStatus.OK,
    http_status=200,
    final_url=URL,
    sha256="a" * 64,
    quote=QuoteState.FOUND,
)
DEAD = replace(OK, status=LinkStatus.DEAD, http_status=404, sha256=None, quote=QuoteState.NOT_CHECKED)


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [
        (None, OK, Change.FIRST),
        (replace(OK, url="https://example.com/old"), OK, Change.FIRST),  # the claim's URL was edited
        (OK, OK, Change.SAME),
        (OK, replace(OK, sha256="b" * 64), Change.TEXT_CHANGED),
        (OK, replace(OK, sha256="b" * 64, quote=QuoteState.MISSING), Change.QUOTE_GONE),
        (OK, replace(OK, sha256="b" * 64, quote=QuoteState.NEEDS_JAVASCRIPT), Change.QUOTE_GONE),
        (replace(OK, quote=QuoteState.MISSING), replace(OK, sha256="b" * 64), Change.QUOTE_BACK),
        (OK, DEAD, Change.LINK_DEAD),
        (OK, replace(DEAD, status=LinkStatus.TIMEOUT, http_status=None), Change.LINK_DEAD),
        (DEAD, OK, Change.LINK_BACK),
        (DEAD, replace(DEAD, http_status=410), Change.SAME),
        (OK, replace(OK, final_url="https://example.com/moved"), Change.REDIRECTED),
        (OK, replace(OK, final_url=URL + "/"), Change.SAME),  # a trailing slash is the same page
        (OK, replace(OK, final_url=URL + "#top"), Change.SAME),
    ],
)
def test_compare(previous: LinkCheck | None, current: LinkCheck, change: Change) -> None:
    assert compare(previous, current) is change


CHANGED = replace(OK, sha256="b" * 64)


@pytest.mark.parametrize(
    ("latest", "baseline", "problem"),
    [
        (OK, OK, None),
        (OK, None, None),
        (DEAD, OK, Problem.DEAD),
        (replace(DEAD, status=LinkStatus.UNREACHABLE, http_status=None), None, Problem.DEAD),
        (replace(DEAD, status=LinkStatus.LOOP), None, Problem.LOOP),
        (replace(DEAD, status=LinkStatus.TIMEOUT), None, Problem.TIMEOUT),
        (replace(OK, quote=QuoteState.MISSING), OK, Problem.QUOTE_NOT_FOUND),
        (replace(OK, quote=QuoteState.NEEDS_JAVASCRIPT), OK, Problem.QUOTE_NOT_FOUND),
        # A redirect whose final page holds the quote is not a problem.
        (replace(OK, final_url="https://example.com/moved"), OK, None),
        # A changed page that still holds the quote: the evidence stands.
        (CHANGED, OK, None),
        # A changed page with no quote to look for is a prompt to look.
        (replace(CHANGED, quote=QuoteState.NO_QUOTE), replace(OK, quote=QuoteState.NO_QUOTE), Problem.CHANGED),
        (replace(CHANGED, quote=QuoteState.NOT_CHECKED), OK, Problem.CHANGED),
        (replace(OK, quote=QuoteState.NO_QUOTE), replace(OK, quote=QuoteState.NO_QUOTE), None),
        # Not fetched at all: nothing learnt, nothing to list.
        (replace(DEAD, status=LinkStatus.BLOCKED, http_status=None), None, None),
        (replace(DEAD, status=LinkStatus.TOO_LARGE, http_status=200), None, None),
    ],
)
def test_problem_of(latest: LinkCheck, baseline: LinkCheck | None, problem: Problem | None) -> None:
    assert problem_of(latest, baseline) is problem


def test_marks() -> None:
    assert mark_of(None) is Mark.UNCHECKED
    assert mark_of(OK, OK) is Mark.OK
    assert mark_of(DEAD) is Mark.DEAD
    assert mark_of(replace(OK, quote=QuoteState.MISSING)) is Mark.QUOTE_NOT_FOUND
    assert mark_of(replace(CHANGED, quote=QuoteState.NO_QUOTE), replace(OK, quote=QuoteState.NO_QUOTE)) is Mark.CHANGED
    assert mark_of(replace(DEAD, status=LinkStatus.BLOCKED, http_status=None)) is Mark.NOT_CHECKED


def test_describe() -> None:
    assert describe(OK) == "ok, quote found"
    assert describe(DEAD) == "dead (HTTP 404)"
    assert describe(replace(OK, final_url="https://example.com/moved")) == (
        "ok, quote found, moved to https://example.com/moved"
    )
    assert describe(replace(DEAD, status=LinkStatus.TIMEOUT, http_status=None)) == "timeout"
    # Every status and quote state has words.
    for status in LinkStatus:
        for quote in QuoteState:
            assert describe(replace(OK, status=status, quote=quote))


def test_evidence_of() -> None:
    never = evidence_of("c9", None)
    assert never.mark is Mark.UNCHECKED and never.result == "never checked" and never.checked_at is None
    dead = evidence_of("c1", replace(DEAD, archive_url="https://web.archive.org/web/2025/x"))
    assert dead.mark is Mark.DEAD and dead.result == "dead (HTTP 404)"
    assert dead.archive_url == "https://web.archive.org/web/2025/x" and dead.checked_at == OK.checked_at


def test_text_diff() -> None:
    assert text_diff("a\nb", "a\nb", older_label="x", newer_label="y") == []
    lines = text_diff("open weights\nsame", "closed weights\nsame", older_label="2026-01-01", newer_label="2026-02-01")
    assert lines[:2] == ["--- 2026-01-01", "+++ 2026-02-01"]
    assert "-open weights" in lines and "+closed weights" in lines


def test_latest_per_claim() -> None:
    later = replace(OK, checked_at=datetime(2026, 2, 1, tzinfo=UTC), sha256="c" * 64)
    other = replace(OK, claim_id="c2")
    assert latest_per_claim([later, OK, other]) == {"c1": later, "c2": other}
