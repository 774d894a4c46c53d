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

Here: the run (which URL starts when), redirects and the answer's body.
The limits, robots.txt and retry waits are in fetch/etiquette.py, the
connection pools in fetch/clients.py, and what a fetch came to and each
claim's check in fetch/outcome.py.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from openwatch.core.evidence import LinkCheck, LinkStatus
from openwatch.fetch.archive import ArchiveMode, closest_snapshot, saved_copy
from openwatch.fetch.clients import HostClients, host_key
from openwatch.fetch.etiquette import Etiquette
from openwatch.fetch.outcome import Fetched, Stop, judge, one_line
from openwatch.fetch.page import read_page
from openwatch.fetch.settings import CheckTarget, FetchSettings

if TYPE_CHECKING:
    import httpx

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 503})
IN_FLIGHT_PER_SLOT = 8
"""URLs started ahead of the free slots, so every host has work queued without a task per URL."""


@dataclass(frozen=True, slots=True)
class _Retry:
    """A 429 or 503: try again after ``delay`` seconds."""

    code: int
    delay: float


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


class _Checker(Etiquette):
    """One run: URLs started host by host, each fetched, archived and judged for every claim citing it."""

    def __init__(
        self,
        settings: FetchSettings,
        on_result: Callable[[LinkCheck], None],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(settings)
        self.on_result = on_result
        self.now = now
        self.delivered = 0

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
        self.clients = HostClients(self.settings, planned)
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
            fetched = Fetched(LinkStatus.ERROR, notes=[f"{type(error).__name__}: {one_line(str(error))}"])
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
            self.on_result(judge(target, fetched, checked_at, archive_url))
            self.delivered += 1

    async def _fetch(self, url: str) -> Fetched:
        """Follow ``url``'s redirects to a page and read it; every way that can fail is a status on the result."""
        import httpx

        fetched = Fetched(LinkStatus.ERROR)
        seen = [url]  # every address asked for, in order; the last is the one being fetched
        try:
            return await self._follow(seen, fetched)
        except Stop as stop:
            fetched.stopped(stop, seen[-1])
        except (TimeoutError, httpx.HTTPError, httpx.InvalidURL) as error:
            fetched.failed(error, seen[-1], self.settings.timeout)
        if fetched.final_url is None and len(seen) > 1:
            fetched.final_url = seen[-1]
        return fetched

    async def _follow(self, seen: list[str], fetched: Fetched) -> Fetched:
        """GET the last of ``seen``, then each redirect's target (added to ``seen``) until a page answers."""
        if not self._allowed_scheme(seen[0]):
            raise Stop(LinkStatus.UNSUPPORTED, f"not an http or https link: {one_line(seen[0], 80)}")
        for _ in range(self.settings.max_redirects + 1):
            current = seen[-1]
            if not self.settings.ignore_robots and not await self._robots_allow(current):
                raise Stop(LinkStatus.BLOCKED, "robots.txt asks robots not to fetch this page; not checked")
            code, headers, body = await self._get(current, fetched)
            location = headers.get("location")
            if code in REDIRECT_CODES and location:
                seen.append(self._next_hop(seen, location, code, fetched))
                continue
            return await self._answer(current, code, headers, body, fetched)
        fetched.final_url = seen[-1]
        raise Stop(LinkStatus.LOOP, f"more than {self.settings.max_redirects} redirects")

    def _next_hop(self, seen: list[str], location: str, code: int, fetched: Fetched) -> str:
        """Where a redirect leads, unless it leaves http(s) or comes back to an address already seen."""
        target = urljoin(seen[-1], location.strip())
        if not self._allowed_scheme(target):
            raise Stop(
                LinkStatus.UNSUPPORTED,
                f"redirected to a link that is not http or https: {one_line(target, 80)}",
                code,
            )
        if target in seen:
            fetched.final_url = target
            raise Stop(
                LinkStatus.LOOP,
                "redirect loop: " + " -> ".join(one_line(u, 80) for u in [*seen[seen.index(target) :], target]),
                code,
            )
        return target

    async def _answer(self, current: str, code: int, headers: dict[str, str], body: bytes, fetched: Fetched) -> Fetched:
        """The final answer: a page read when it is a 2xx, else its status."""
        fetched.final_url = current
        fetched.http_status = code
        fetched.content_type = headers.get("content-type")
        fetched.size = len(body)
        if code == 429:  # still refused for asking too often: the page itself was never seen
            raise Stop(LinkStatus.ERROR, "HTTP 429 (too many requests) after every retry; not checked", code)
        if not 200 <= code < 300:
            raise Stop(LinkStatus.DEAD, f"HTTP {code}", code)
        fetched.page = await asyncio.to_thread(read_page, body, fetched.content_type)
        fetched.status = LinkStatus.OK
        return fetched

    @staticmethod
    def _allowed_scheme(url: str) -> bool:
        try:
            return urlsplit(url).scheme.lower() in ("http", "https")
        except ValueError:
            return False

    async def _get(self, url: str, fetched: Fetched) -> tuple[int, dict[str, str], bytes]:
        """One GET (retried on 429/503), its status, headers and capped body; raises ``Stop`` or httpx errors."""
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
                    raise Stop(
                        LinkStatus.ERROR if code == 429 else LinkStatus.DEAD,
                        f"HTTP {code}, and asked to wait longer than "
                        f"{self.settings.max_retry_after:g} s before retrying",
                        code,
                    )
                return _Retry(code, delay)
            if code in REDIRECT_CODES:
                return code, headers, b""
            return code, headers, await self._read_body(response, headers)

    async def _read_body(self, response: httpx.Response, headers: dict[str, str]) -> bytes:
        cap = self.settings.max_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            raise Stop(LinkStatus.TOO_LARGE, f"body of {int(length):,} bytes, over the {cap:,}-byte cap; not checked")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise Stop(LinkStatus.TOO_LARGE, f"body over the {cap:,}-byte cap (or endless); not checked")
            chunks.append(chunk)
        return b"".join(chunks)

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
