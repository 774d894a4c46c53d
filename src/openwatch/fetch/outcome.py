"""What one URL's fetch came to, and the check each claim citing that URL gets from it.

A fetch ends as a ``Fetched``: a status, what the server answered, the
page's text when there was one, and notes. Every way a fetch can fail
(a ``Stop`` raised on the way, or an httpx error) is recorded on it as a
status and a one-line note; ``judge`` then looks for each claim's quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from openwatch.core.evidence import Change, LinkCheck, LinkStatus, QuoteState, compare
from openwatch.core.quotes import quote_found
from openwatch.fetch.page import PageText
from openwatch.fetch.settings import CheckTarget


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class Stop(Exception):
    """Ends one URL's fetch with a result (a status and a detail)."""

    def __init__(self, status: LinkStatus, detail: str, http_status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.http_status = http_status


@dataclass(slots=True)
class Fetched:
    """One URL's fetch, before it is judged against each claim citing it."""

    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    size: int | None = None
    page: PageText | None = None
    notes: list[str] = field(default_factory=list)

    def stopped(self, stop: Stop, current: str) -> None:
        """The fetch ended at ``current`` with ``stop``'s status and detail."""
        self.status = stop.status
        self.final_url = self.final_url or current
        self.http_status = stop.http_status if stop.http_status is not None else self.http_status
        self.notes.append(stop.detail)

    def failed(self, error: Exception, current: str, timeout: float) -> None:
        """The fetch of ``current`` ended with a timeout or an httpx error: its status, said in one line."""
        import httpx

        if isinstance(error, TimeoutError | httpx.TimeoutException):
            self.status = LinkStatus.TIMEOUT
            self.final_url = current
            self.notes.append(f"no complete answer within {timeout:g} s")
        elif isinstance(error, httpx.ConnectError):
            self.status = LinkStatus.UNREACHABLE
            message = one_line(str(error)) or type(error).__name__
            tls = "SSL" in message.upper() or "CERTIFICATE" in message.upper()
            self.notes.append(("TLS error: " if tls else "cannot connect: ") + message)
        elif isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
            self.status = LinkStatus.UNSUPPORTED
            self.notes.append(one_line(str(error)) or type(error).__name__)
        elif isinstance(error, httpx.NetworkError):
            self.status = LinkStatus.UNREACHABLE
            self.notes.append(f"connection lost: {one_line(str(error)) or type(error).__name__}")
        else:  # a malformed answer (RemoteProtocolError, DecodingError...)
            self.status = LinkStatus.ERROR
            self.notes.append(f"{type(error).__name__}: {one_line(str(error))}".rstrip(": "))


def judge(target: CheckTarget, fetched: Fetched, checked_at: datetime, archive_url: str | None) -> LinkCheck:
    """The check of one claim: the fetch's result, whether its quote is on the page, what changed since."""
    page = fetched.page
    state = _quote_state((target.quote or "").strip(), fetched)
    notes = [*fetched.notes, *(page.notes if page else ())]
    if state is QuoteState.NEEDS_JAVASCRIPT:
        notes.append("the page is nearly empty without JavaScript; the quote may be drawn by a script")
    check = LinkCheck(
        claim_id=target.claim_id,
        url=target.url,
        checked_at=checked_at,
        status=fetched.status,
        http_status=fetched.http_status,
        final_url=fetched.final_url,
        content_type=fetched.content_type,
        size=fetched.size,
        text=page.text if page else None,
        sha256=page.sha256 if page else None,
        quote=state,
        page_date=page.page_date if page else None,
        change=Change.FIRST,
        archive_url=archive_url,
        detail=one_line("; ".join(dict.fromkeys(notes))) if notes else None,
    )
    return replace(check, change=compare(target.previous, check))


def _quote_state(quote: str, fetched: Fetched) -> QuoteState:
    page = fetched.page
    if not quote:
        return QuoteState.NO_QUOTE
    if fetched.status is not LinkStatus.OK or page is None or page.searchable is None:
        return QuoteState.NOT_CHECKED
    if quote_found(quote, page.searchable):
        return QuoteState.FOUND
    if page.nearly_empty and page.kind == "html":
        return QuoteState.NEEDS_JAVASCRIPT
    return QuoteState.MISSING
