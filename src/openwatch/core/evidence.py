"""A check of a claim's link, how it differs from the previous one, and what needs a person.

``openwatch verify`` fetches each claim's URL and records one ``LinkCheck``
per claim, append-only. This module is the meaning of those records: the
change since the previous check, the problem (if any) a report lists, and
the mark shown beside a source. It does no I/O: fetch/ makes checks, store/
keeps them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from openwatch.core.errors import InvalidValue


class LinkStatus(StrEnum):
    """What became of the request for the page."""

    OK = "ok"
    """The page (after any redirects) answered 2xx and was read."""
    DEAD = "dead"
    """The server answered with an error status (404, 410, 500, a 503 that never cleared...)."""
    UNREACHABLE = "unreachable"
    """No answer at all: the name does not resolve, the connection is refused, TLS fails."""
    TIMEOUT = "timeout"
    LOOP = "loop"
    """A redirect loop, or more redirects than allowed."""
    TOO_LARGE = "too-large"
    """The body is larger than the cap (or endless); not read to the end."""
    BLOCKED = "robots"
    """The site's robots.txt asks robots not to fetch it; not fetched."""
    UNSUPPORTED = "unsupported"
    """Not an http or https address (or a redirect to one)."""
    ERROR = "error"
    """Anything else that went wrong; the detail says what."""


class QuoteState(StrEnum):
    """Whether the claim's quote is on the page."""

    FOUND = "found"
    MISSING = "missing"
    NO_QUOTE = "no-quote"
    """The claim has no quote to look for."""
    NOT_CHECKED = "not-checked"
    """The page gave no text to look in (dead, binary, unreadable PDF...)."""
    NEEDS_JAVASCRIPT = "needs-javascript"
    """The quote is missing and the page is nearly empty: it is probably drawn by JavaScript."""


class Change(StrEnum):
    """How a check differs from the previous check of the same claim."""

    FIRST = "first"
    """No earlier check of this link."""
    SAME = "same"
    TEXT_CHANGED = "text-changed"
    QUOTE_GONE = "quote-gone"
    QUOTE_BACK = "quote-back"
    LINK_DEAD = "link-dead"
    """The link worked last time and does not now."""
    LINK_BACK = "link-back"
    """The link failed last time and works now."""
    REDIRECTED = "redirected"
    """The link now ends on a different page than last time."""


class Problem(StrEnum):
    """What ``verify --report`` lists for a person's attention."""

    DEAD = "dead link"
    LOOP = "redirect loop"
    TIMEOUT = "timeout"
    QUOTE_NOT_FOUND = "quote not found"
    CHANGED = "changed since recorded"


class Mark(StrEnum):
    """The mark shown beside a source (``status --evidence``, ``show``, the site)."""

    OK = "ok"
    QUOTE_NOT_FOUND = "quote not found"
    CHANGED = "changed since recorded"
    DEAD = "dead"
    NOT_CHECKED = "not checked"
    UNCHECKED = "never checked"


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """One check of one claim's link, as recorded."""

    claim_id: str
    url: str
    """The claim's URL when checked (a later edit of the claim may change it)."""
    checked_at: datetime
    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    """Where the redirects ended; the URL itself when there were none."""
    content_type: str | None = None
    size: int | None = None
    """Bytes of body read."""
    text: str | None = None
    """The page's main text (HTML extracted, PDF text), when one could be read."""
    sha256: str | None = None
    """Of ``text`` when there is one, else of the body's bytes."""
    quote: QuoteState = QuoteState.NOT_CHECKED
    page_date: str | None = None
    """The date the page gives itself (published or modified), ``YYYY-MM-DD``."""
    change: Change = Change.FIRST
    archive_url: str | None = None
    detail: str | None = None
    """One line on what went wrong or is worth knowing (charset guessed, PDF, retried...)."""

    @property
    def redirected(self) -> bool:
        return self.final_url is not None and _same_page_key(self.final_url) != _same_page_key(self.url)

    @property
    def link_works(self) -> bool:
        return self.status is LinkStatus.OK


def _same_page_key(url: str) -> str:
    """A URL with what does not make it another page dropped: the fragment and a trailing slash."""
    url = url.split("#", 1)[0]
    return url[:-1] if url.endswith("/") else url


def compare(previous: LinkCheck | None, current: LinkCheck) -> Change:
    """How ``current`` differs from ``previous``, the most serious difference first.

    A previous check of another URL (the claim was edited since) counts as
    no previous check.
    """
    if previous is None or previous.url != current.url:
        return Change.FIRST
    if previous.link_works and not current.link_works:
        return Change.LINK_DEAD
    if not previous.link_works and current.link_works:
        return Change.LINK_BACK
    if not current.link_works:
        return Change.SAME
    if (
        previous.final_url is not None
        and current.final_url is not None
        and _same_page_key(previous.final_url) != _same_page_key(current.final_url)
    ):
        return Change.REDIRECTED
    if previous.quote is QuoteState.FOUND and current.quote in (QuoteState.MISSING, QuoteState.NEEDS_JAVASCRIPT):
        return Change.QUOTE_GONE
    if previous.quote in (QuoteState.MISSING, QuoteState.NEEDS_JAVASCRIPT) and current.quote is QuoteState.FOUND:
        return Change.QUOTE_BACK
    if previous.sha256 != current.sha256:
        return Change.TEXT_CHANGED
    return Change.SAME


def changed_since_recorded(latest: LinkCheck, baseline: LinkCheck | None) -> bool:
    """True when the page's text differs from the first check of the same link (its baseline).

    The first check after a claim was recorded stands for the page as its
    recorder saw it; openwatch cannot know the page from before that.
    """
    return (
        baseline is not None
        and baseline.url == latest.url
        and latest.link_works
        and baseline.sha256 is not None
        and latest.sha256 is not None
        and baseline.sha256 != latest.sha256
    )


def problem_of(latest: LinkCheck, baseline: LinkCheck | None = None) -> Problem | None:
    """What a person should look at for this claim's link, or None.

    A redirect is not a problem in itself: a moved page that still holds
    the quote is fine evidence. A changed page is listed only when there is
    no quote found on it to show the evidence still stands (a claim without
    a quote, or a page whose text could not be searched); a missing quote is
    listed as such.
    """
    match latest.status:
        case LinkStatus.DEAD | LinkStatus.UNREACHABLE:
            return Problem.DEAD
        case LinkStatus.LOOP:
            return Problem.LOOP
        case LinkStatus.TIMEOUT:
            return Problem.TIMEOUT
        case LinkStatus.OK:
            pass
        case _:
            # Not fetched (robots, too large, not http) or an unexpected error:
            # nothing was learnt about the evidence, so nothing to list as wrong.
            return None
    if latest.quote in (QuoteState.MISSING, QuoteState.NEEDS_JAVASCRIPT):
        return Problem.QUOTE_NOT_FOUND
    if latest.quote is not QuoteState.FOUND and changed_since_recorded(latest, baseline):
        return Problem.CHANGED
    return None


def mark_of(latest: LinkCheck | None, baseline: LinkCheck | None = None) -> Mark:
    """The one-word verdict on a source shown beside it."""
    if latest is None:
        return Mark.UNCHECKED
    problem = problem_of(latest, baseline)
    if problem in (Problem.DEAD, Problem.LOOP, Problem.TIMEOUT):
        return Mark.DEAD
    if problem is Problem.QUOTE_NOT_FOUND:
        return Mark.QUOTE_NOT_FOUND
    if problem is Problem.CHANGED:
        return Mark.CHANGED
    if not latest.link_works:
        return Mark.NOT_CHECKED
    return Mark.OK


def describe(check: LinkCheck) -> str:
    """The result of a check in a few words: "ok, quote found", "dead (HTTP 404)", "timeout"."""
    if check.status is LinkStatus.OK:
        words = {
            QuoteState.FOUND: "ok, quote found",
            QuoteState.MISSING: "quote not found",
            QuoteState.NO_QUOTE: "ok",
            QuoteState.NOT_CHECKED: "ok, quote not checked",
            QuoteState.NEEDS_JAVASCRIPT: "quote not found (the page seems to need JavaScript)",
        }[check.quote]
        if check.redirected:
            words += f", moved to {check.final_url}"
        return words
    if check.status is LinkStatus.DEAD and check.http_status is not None:
        return f"dead (HTTP {check.http_status})"
    return {
        LinkStatus.DEAD: "dead",
        LinkStatus.UNREACHABLE: "unreachable",
        LinkStatus.TIMEOUT: "timeout",
        LinkStatus.LOOP: "redirect loop",
        LinkStatus.TOO_LARGE: "too large, not checked",
        LinkStatus.BLOCKED: "not checked (robots.txt)",
        LinkStatus.UNSUPPORTED: "not checked (not an http or https link)",
        LinkStatus.ERROR: "error",
    }[check.status]


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """One row of ``verify --report``."""

    claim_id: str
    company: str
    url: str
    problem: Problem
    checked_at: datetime
    detail: str | None
    archive_url: str | None


def text_diff(older: str | None, newer: str | None, *, older_label: str, newer_label: str) -> list[str]:
    """The lines of a unified diff of two checks' texts (empty when the texts are the same)."""
    return list(
        difflib.unified_diff(
            (older or "").splitlines(),
            (newer or "").splitlines(),
            fromfile=older_label,
            tofile=newer_label,
            lineterm="",
        )
    )


def latest_per_claim(checks: Iterable[LinkCheck]) -> dict[str, LinkCheck]:
    """The last check of each claim among ``checks`` (by time, the later one on a tie)."""
    latest: dict[str, LinkCheck] = {}
    for check in checks:
        held = latest.get(check.claim_id)
        if held is None or check.checked_at >= held.checked_at:
            latest[check.claim_id] = check
    return latest


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known of a claim's source from its checks: shown by ``show``, ``status --evidence``, the site."""

    claim_id: str
    mark: Mark
    checked_at: datetime | None
    result: str
    """``describe`` of the last check ("ok, quote found", "dead (HTTP 404)"), or "never checked"."""
    archive_url: str | None


def evidence_of(claim_id: str, latest: LinkCheck | None, baseline: LinkCheck | None = None) -> Evidence:
    if latest is None:
        return Evidence(claim_id, Mark.UNCHECKED, None, "never checked", None)
    return Evidence(claim_id, mark_of(latest, baseline), latest.checked_at, describe(latest), latest.archive_url)


PROBLEM_FIELDS = ("claim_id", "company", "url", "problem", "checked_at", "detail", "archive_url")
CHECK_FIELDS = (
    "claim_id",
    "url",
    "checked_at",
    "status",
    "result",
    "http_status",
    "final_url",
    "content_type",
    "size",
    "sha256",
    "quote",
    "page_date",
    "change",
    "archive_url",
    "detail",
)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def problem_record(row: ProblemRow) -> dict[str, object]:
    """A report row for JSON and CSV (``PROBLEM_FIELDS``)."""
    return {
        "claim_id": row.claim_id,
        "company": row.company,
        "url": row.url,
        "problem": row.problem.value,
        "checked_at": _timestamp(row.checked_at),
        "detail": row.detail,
        "archive_url": row.archive_url,
    }


def check_record(check: LinkCheck) -> dict[str, object]:
    """A check for JSON and CSV (``CHECK_FIELDS``); the page text is left out (``verify --diff`` shows it)."""
    return {
        "claim_id": check.claim_id,
        "url": check.url,
        "checked_at": _timestamp(check.checked_at),
        "status": check.status.value,
        "result": describe(check),
        "http_status": check.http_status,
        "final_url": check.final_url,
        "content_type": check.content_type,
        "size": check.size,
        "sha256": check.sha256,
        "quote": check.quote.value,
        "page_date": check.page_date,
        "change": check.change.value,
        "archive_url": check.archive_url,
        "detail": check.detail,
    }


_AGE = re.compile(r"(\d{1,5})\s*([hdwmy])")


def checked_before(text: str, now: datetime) -> datetime:
    """The moment ``--older-than TEXT`` means: ``30d`` is 30 days before ``now``; ``0d`` is ``now`` itself.

    Hours (``12h``), days, weeks, months and years; anything else is an ``InvalidValue``.
    """
    match = _AGE.fullmatch(text.strip().casefold())
    if not match:
        raise InvalidValue(
            "older-than", f"'{text}' is not an age such as 30d, 12h, 2w, 6m or 1y (0d checks every link)"
        )
    from openwatch.core.dates import span_back

    return span_back(now, int(match.group(1)), match.group(2), field="older-than", text=text)
