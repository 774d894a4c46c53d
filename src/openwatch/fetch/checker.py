"""Check claims' links over HTTP, politely, concurrently, one result line per claim.

The caller hands in targets (claim id, URL, quote, the previous check) and a
callback; each finished check is handed to the callback at once, so a caller
that stores each one keeps every check made before a Ctrl-C. Nothing a
page or a server does raises out of here: every failure is a ``LinkCheck``
with a status and a one-line detail.

Etiquette: a descriptive User-Agent; at most ``per_host`` requests at a time
to one host and ``concurrency`` in all; 429 and 503 retried with backoff,
honouring Retry-After; robots.txt read once per host and obeyed unless
``ignore_robots``; bodies capped; redirects followed by hand (so loops are
named and every hop must be http or https); no cookies kept. A URL cited by
several claims is fetched once.
"""

from __future__ import annotations

import asyncio
import email.utils
import http.cookiejar
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from openwatch import __version__
from openwatch.core.evidence import Change, LinkCheck, LinkStatus, QuoteState, compare
from openwatch.core.quotes import quote_found
from openwatch.fetch.archive import ArchiveEndpoints, ArchiveMode, closest_snapshot, saved_copy
from openwatch.fetch.page import PageText, read_page

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"openwatch/{__version__} (+https://github.com/openwatch/openwatch; evidence link checker)"
ROBOTS_AGENT = "openwatch"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 503})
MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0
"""A robots.txt ``Crawl-delay`` is kept up to this many seconds between requests to the host."""
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"
IN_FLIGHT_PER_SLOT = 8
"""URLs started ahead of the free slots, so every host has work queued without a task per URL."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    concurrency: int = 16
    """Requests in flight in all."""
    per_host: int = 2
    """Requests in flight to one host."""
    timeout: float = 20.0
    """Seconds for one request, from connecting to the last byte of the body."""
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 3
    """Further tries after a 429 or 503."""
    backoff: float = 1.0
    """Seconds before the first retry when the server gives no Retry-After; doubled each time."""
    max_retry_after: float = 120.0
    """A Retry-After longer than this is not waited for: the check records the status instead."""
    ignore_robots: bool = False
    archive: ArchiveMode = ArchiveMode.LOOKUP
    archive_endpoints: ArchiveEndpoints = field(default_factory=ArchiveEndpoints.from_environment)
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class CheckTarget:
    claim_id: str
    url: str
    quote: str | None = None
    previous: LinkCheck | None = None
    """The claim's last check, to say what changed since."""


@dataclass(slots=True)
class _Fetched:
    """One URL's fetch, before it is judged against each claim citing it."""

    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    size: int | None = None
    page: PageText | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Retry:
    """A 429 or 503: try again after ``delay`` seconds."""

    code: int
    delay: float


class _Stop(Exception):
    """Ends one URL's fetch with a result (a status and a detail)."""

    def __init__(self, status: LinkStatus, detail: str, http_status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.http_status = http_status


def host_key(url: str) -> str:
    """The host name, what the per-host limit counts by: http and https of a site, any port, are one host."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an address too broken to split is checked (and fails) on its own
        return url
    return host.lower() if host else url


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def utc_now() -> datetime:
    return datetime.now(UTC)


def check_links(
    targets: Iterable[CheckTarget],
    on_result: Callable[[LinkCheck], None],
    settings: FetchSettings | None = None,
    *,
    now: Callable[[], datetime] = utc_now,
) -> int:
    """Check every target's link; hand each ``LinkCheck`` to ``on_result`` as it is made.

    Returns how many checks were handed over. A ``KeyboardInterrupt``
    stops the run and is raised again once the requests in flight are
    cancelled; every check handed over before it stays handed over. An
    exception raised by ``on_result`` stops the run and is raised again.
    """
    checker = _Checker(settings or FetchSettings(), on_result, now)
    return asyncio.run(checker.run(list(targets)))


class _Checker:
    def __init__(
        self,
        settings: FetchSettings,
        on_result: Callable[[LinkCheck], None],
        now: Callable[[], datetime],
    ) -> None:
        self.settings = settings
        self.on_result = on_result
        self.now = now
        self.delivered = 0
        self.total = asyncio.Semaphore(max(1, settings.concurrency))
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.robots: dict[str, asyncio.Task[RobotFileParser | None]] = {}
        self.crawl_delays: dict[str, float] = {}
        self.pacing: dict[str, asyncio.Lock] = {}
        self.last_request: dict[str, float] = {}
        self.clients: _HostClients

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        slot = self.hosts.get(key)
        if slot is None:
            slot = self.hosts[key] = asyncio.Semaphore(max(1, self.settings.per_host))
        return slot

    async def run(self, targets: Sequence[CheckTarget]) -> int:
        by_url: dict[str, list[CheckTarget]] = defaultdict(list)
        for target in targets:
            by_url[target.url].append(target)
        # Round-robin over hosts, so the URLs started first spread over every host.
        per_host: dict[str, deque[str]] = defaultdict(deque)
        for url in by_url:
            per_host[host_key(url)].append(url)
        queues = list(per_host.values())
        order: list[str] = []
        while queues:
            order.extend(queue.popleft() for queue in queues)
            queues = [queue for queue in queues if queue]

        planned = Counter(host_key(url) for url in order)
        if self.settings.archive is not ArchiveMode.SKIP:  # kept open for the whole run
            endpoints = self.settings.archive_endpoints
            planned.update({host_key(endpoints.availability), host_key(endpoints.save)})
        self.clients = _HostClients(self.settings, planned)
        try:
            window = max(1, self.settings.concurrency) * IN_FLIGHT_PER_SLOT
            pending: set[asyncio.Task[None]] = set()
            try:
                for url in order:
                    if len(pending) >= window:
                        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                        for task in done:
                            task.result()  # an on_result failure stops the run here
                    pending.add(asyncio.create_task(self._check_url(url, by_url[url])))
                while pending:
                    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        task.result()
            finally:
                leftovers: list[asyncio.Task[Any]] = [*pending, *self.robots.values()]
                for leftover in leftovers:
                    leftover.cancel()
                await asyncio.gather(*leftovers, return_exceptions=True)
        finally:
            await self.clients.close_all()
        return self.delivered

    # --- one URL -----------------------------------------------------------------------------------------

    async def _check_url(self, url: str, targets: list[CheckTarget]) -> None:
        try:
            await self._check_url_once(url, targets)
        finally:
            await self.clients.done_with(url)

    async def _check_url_once(self, url: str, targets: list[CheckTarget]) -> None:
        archive_task = (
            asyncio.create_task(self._archive(url)) if self.settings.archive is not ArchiveMode.SKIP else None
        )
        try:
            fetched = await self._fetch(url)
        except asyncio.CancelledError:
            if archive_task:
                archive_task.cancel()
            raise
        except Exception as error:  # the last guard: a bug or a library surprise is one result line
            fetched = _Fetched(LinkStatus.ERROR, notes=[f"{type(error).__name__}: {one_line(str(error))}"])
        archive_url: str | None = None
        if archive_task is not None:
            archive_url, archive_note = await archive_task
            if archive_note:
                fetched.notes.append(archive_note)
        if archive_url is None and self.settings.archive is ArchiveMode.SAVE and fetched.status is LinkStatus.OK:
            archive_url, save_note = await self._save(url)
            if save_note:
                fetched.notes.append(save_note)
        checked_at = self.now()
        for target in targets:
            self.on_result(self._judge(target, fetched, checked_at, archive_url))
            self.delivered += 1

    def _judge(
        self, target: CheckTarget, fetched: _Fetched, checked_at: datetime, archive_url: str | None
    ) -> LinkCheck:
        page = fetched.page
        quote = (target.quote or "").strip()
        if not quote:
            state = QuoteState.NO_QUOTE
        elif fetched.status is not LinkStatus.OK or page is None or page.searchable is None:
            state = QuoteState.NOT_CHECKED
        elif quote_found(quote, page.searchable):
            state = QuoteState.FOUND
        elif page.nearly_empty and page.kind == "html":
            state = QuoteState.NEEDS_JAVASCRIPT
        else:
            state = QuoteState.MISSING
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

    async def _fetch(self, url: str) -> _Fetched:
        import httpx

        fetched = _Fetched(LinkStatus.ERROR)
        seen = [url]
        current = url
        try:
            if not self._allowed_scheme(url):
                raise _Stop(LinkStatus.UNSUPPORTED, f"not an http or https link: {one_line(url, 80)}")
            for _ in range(self.settings.max_redirects + 1):
                if not self.settings.ignore_robots and not await self._robots_allow(current):
                    raise _Stop(LinkStatus.BLOCKED, "robots.txt asks robots not to fetch this page; not checked")
                code, headers, body = await self._get(current, fetched)
                location = headers.get("location")
                if code in REDIRECT_CODES and location:
                    target = urljoin(current, location.strip())
                    if not self._allowed_scheme(target):
                        raise _Stop(
                            LinkStatus.UNSUPPORTED,
                            f"redirected to a link that is not http or https: {one_line(target, 80)}",
                            code,
                        )
                    if target in seen:
                        fetched.final_url = target
                        raise _Stop(
                            LinkStatus.LOOP,
                            "redirect loop: "
                            + " -> ".join(one_line(u, 80) for u in [*seen[seen.index(target) :], target]),
                            code,
                        )
                    seen.append(target)
                    current = target
                    continue
                fetched.final_url = current
                fetched.http_status = code
                fetched.content_type = headers.get("content-type")
                fetched.size = len(body)
                if code == 429:  # still refused for asking too often: the page itself was never seen
                    raise _Stop(LinkStatus.ERROR, "HTTP 429 (too many requests) after every retry; not checked", code)
                if not 200 <= code < 300:
                    raise _Stop(LinkStatus.DEAD, f"HTTP {code}", code)
                fetched.page = await asyncio.to_thread(read_page, body, fetched.content_type)
                fetched.status = LinkStatus.OK
                return fetched
            fetched.final_url = current
            raise _Stop(LinkStatus.LOOP, f"more than {self.settings.max_redirects} redirects")
        except _Stop as stop:
            fetched.status = stop.status
            fetched.final_url = fetched.final_url or current
            fetched.http_status = stop.http_status if stop.http_status is not None else fetched.http_status
            fetched.notes.append(stop.detail)
        except (TimeoutError, httpx.TimeoutException):
            fetched.status = LinkStatus.TIMEOUT
            fetched.final_url = current
            fetched.notes.append(f"no complete answer within {self.settings.timeout:g} s")
        except httpx.ConnectError as error:
            fetched.status = LinkStatus.UNREACHABLE
            message = one_line(str(error)) or type(error).__name__
            tls = "SSL" in message.upper() or "CERTIFICATE" in message.upper()
            fetched.notes.append(("TLS error: " if tls else "cannot connect: ") + message)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
            fetched.status = LinkStatus.UNSUPPORTED
            fetched.notes.append(one_line(str(error)) or type(error).__name__)
        except httpx.NetworkError as error:
            fetched.status = LinkStatus.UNREACHABLE
            fetched.notes.append(f"connection lost: {one_line(str(error)) or type(error).__name__}")
        except httpx.HTTPError as error:  # a malformed answer (RemoteProtocolError, DecodingError...)
            fetched.status = LinkStatus.ERROR
            fetched.notes.append(f"{type(error).__name__}: {one_line(str(error))}".rstrip(": "))
        if fetched.final_url is None and len(seen) > 1:
            fetched.final_url = current
        return fetched

    @staticmethod
    def _allowed_scheme(url: str) -> bool:
        try:
            return urlsplit(url).scheme.lower() in ("http", "https")
        except ValueError:
            return False

    async def _get(self, url: str, fetched: _Fetched) -> tuple[int, dict[str, str], bytes]:
        """One GET (retried on 429/503), its status, headers and capped body; raises ``_Stop`` or httpx errors."""
        for attempt in range(self.settings.retries + 1):
            async with self._host_slot(url):
                await self._keep_crawl_delay(url)
                response_data = await self._get_once(url, attempt)
            if isinstance(response_data, tuple):
                return response_data
            code, delay = response_data.code, response_data.delay
            fetched.notes.append(f"HTTP {code}, retried after {delay:g} s")
            await asyncio.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns")  # pragma: no cover

    async def _get_once(self, url: str, attempt: int) -> tuple[int, dict[str, str], bytes] | _Retry:
        """One request, under the caller's host slot: the answer, or how long to wait before the next try."""
        async with (
            self.total,
            asyncio.timeout(self.settings.timeout),
            self.clients.use(url) as client,
            client.stream("GET", url) as response,
        ):
            code = response.status_code
            headers = {name.lower(): value for name, value in response.headers.items()}
            if code in RETRY_CODES and attempt < self.settings.retries:
                delay = self._retry_delay(headers.get("retry-after"), attempt)
                if delay is None:
                    raise _Stop(
                        LinkStatus.ERROR if code == 429 else LinkStatus.DEAD,
                        f"HTTP {code}, and asked to wait longer than "
                        f"{self.settings.max_retry_after:g} s before retrying",
                        code,
                    )
                return _Retry(code, delay)
            if code in REDIRECT_CODES:
                return code, headers, b""
            return code, headers, await self._read_body(response, headers)

    async def _keep_crawl_delay(self, url: str) -> None:
        """Wait until the host's robots.txt ``Crawl-delay`` has passed since its last request (if it asks for one)."""
        key = host_key(url)
        delay = self.crawl_delays.get(key)
        if not delay:
            return
        loop = asyncio.get_running_loop()
        async with self.pacing.setdefault(key, asyncio.Lock()):
            wait = self.last_request.get(key, float("-inf")) + delay - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last_request[key] = loop.time()

    def _retry_delay(self, retry_after: str | None, attempt: int) -> float | None:
        delay = self.settings.backoff * (2**attempt)
        if retry_after:
            value = retry_after.strip()
            if value.isdigit():
                delay = float(value)
            else:
                try:
                    when = email.utils.parsedate_to_datetime(value)
                    delay = max(0.0, (when - datetime.now(UTC)).total_seconds())
                except (TypeError, ValueError):
                    pass
        return None if delay > self.settings.max_retry_after else delay

    async def _read_body(self, response: httpx.Response, headers: dict[str, str]) -> bytes:
        cap = self.settings.max_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise _Stop(LinkStatus.TOO_LARGE, f"body of {int(length):,} bytes, over the {cap:,}-byte cap; not checked")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise _Stop(LinkStatus.TOO_LARGE, f"body over the {cap:,}-byte cap (or endless); not checked")
            chunks.append(chunk)
        return b"".join(chunks)

    # --- robots.txt ----------------------------------------------------------------------------------------

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()  # robots.txt speaks for one origin
        task = self.robots.get(key)
        if task is None:
            task = self.robots[key] = asyncio.create_task(self._read_robots(key))
        rules = await asyncio.shield(task)
        return rules is None or rules.can_fetch(ROBOTS_AGENT, url)

    async def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The host's rules, or None (everything allowed) when there is no readable robots.txt.

        Only a robots.txt that was read can forbid: a missing one (4xx), a
        server error or no answer leave the page to be fetched, and the
        page's own fetch then says what is wrong with the site.
        """
        import httpx

        robots_url = origin + "/robots.txt"
        try:
            async with (
                self._host_slot(robots_url),
                self.total,
                asyncio.timeout(self.settings.timeout),
                self.clients.use(robots_url) as client,
            ):
                response = await client.get(robots_url, follow_redirects=True)
            if response.status_code != 200 or len(response.content) > MAX_ROBOTS_BYTES:
                return None
            rules = RobotFileParser(robots_url)
            rules.parse(response.text.splitlines())
            delay = rules.crawl_delay(ROBOTS_AGENT)
            if delay:
                self.crawl_delays[host_key(robots_url)] = min(float(delay), MAX_CRAWL_DELAY)
            return rules
        except (TimeoutError, httpx.HTTPError):
            return None

    # --- archived copies ----------------------------------------------------------------------------------

    async def _archive(self, url: str) -> tuple[str | None, str | None]:
        """The closest archived copy of ``url``, and a note when the look-up failed."""

        query = self.settings.archive_endpoints.availability_query(url)
        try:
            for attempt in range(self.settings.retries + 1):
                async with (
                    self._host_slot(query),
                    self.total,
                    asyncio.timeout(self.settings.timeout),
                    self.clients.use(query) as client,
                ):
                    response = await client.get(query)
                if response.status_code in RETRY_CODES and attempt < self.settings.retries:
                    delay = self._retry_delay(response.headers.get("retry-after"), attempt)
                    if delay is None:
                        break
                    await asyncio.sleep(delay)
                    continue
                break
            if response.status_code != 200:
                return None, f"archive look-up failed (HTTP {response.status_code})"
            return closest_snapshot(response.json()), None
        except Exception as error:  # an archive that fails is a note on the check, never the end of it
            return None, f"archive look-up failed ({type(error).__name__})"

    async def _save(self, url: str) -> tuple[str | None, str | None]:
        """Ask the archive to save ``url``; the new copy's address when the answer gives it."""

        request = self.settings.archive_endpoints.save_request(url)
        try:
            async with (
                self._host_slot(request),
                self.total,
                asyncio.timeout(self.settings.timeout),
                self.clients.use(request) as client,
            ):
                response = await client.get(request, follow_redirects=True)
            if response.status_code >= 400:
                return None, f"archive save failed (HTTP {response.status_code})"
            copy = saved_copy(request, str(response.url), response.headers.get("content-location"))
            return copy, None if copy else "archive save requested"
        except Exception as error:
            return None, f"archive save failed ({type(error).__name__})"


class _HostClients:
    """One httpx client (so one connection pool) per host name, closed when the host has no more work.

    One pool for every host costs more than the requests themselves: httpcore
    scans its whole pool, asking each connection's socket whether it is still
    alive, on every request (a pool of 40 connections spent 9 of 20 s of a
    1,000-link run there). A pool per host holds the one or two connections
    the per-host limit allows. ``planned`` counts the URLs each host still
    has to check; a host's client closes once they are done and no request
    (a redirect's hop, an archive look-up) still uses it.
    """

    def __init__(self, settings: FetchSettings, planned: Counter[str]) -> None:
        import httpx

        self.settings = settings
        self.users: Counter[str] = Counter(planned)
        self.clients: dict[str, httpx.AsyncClient] = {}
        # Made once: loading the certificate store costs milliseconds per client.
        self.tls = httpx.create_ssl_context()

    def _client(self, key: str) -> httpx.AsyncClient:
        import httpx

        client = self.clients.get(key)
        if client is None:
            # A cookie policy that accepts none: no cookie is ever kept or sent back.
            no_cookies = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
            client = self.clients[key] = httpx.AsyncClient(
                headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
                cookies=no_cookies,
                follow_redirects=False,
                timeout=httpx.Timeout(self.settings.timeout),
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=self.settings.per_host),
                verify=self.tls,
                trust_env=False,
            )
        return client

    @asynccontextmanager
    async def use(self, url: str) -> AsyncIterator[httpx.AsyncClient]:
        key = host_key(url)
        self.users[key] += 1
        try:
            yield self._client(key)
        finally:
            await self._release(key)

    async def done_with(self, url: str) -> None:
        """One of the URLs planned for ``url``'s host is done."""
        await self._release(host_key(url))

    async def _release(self, key: str) -> None:
        self.users[key] -= 1
        if self.users[key] <= 0:
            del self.users[key]
            client = self.clients.pop(key, None)
            if client is not None:
                await client.aclose()

    async def close_all(self) -> None:
        clients, self.clients = list(self.clients.values()), {}
        for client in clients:
            await client.aclose()
