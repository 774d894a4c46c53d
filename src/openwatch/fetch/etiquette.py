"""How a run behaves towards the hosts it asks: request limits, robots.txt, Crawl-delay, Retry-After.

``Etiquette`` holds what every request of a run shares: the limit on
requests in flight in all and per host, the clients (one pool per host),
each origin's robots.txt rules (read once, obeyed unless ``ignore_robots``)
and Crawl-delay, and how long to wait before retrying a 429 or 503.
"""

from __future__ import annotations

import asyncio
import email.utils
from datetime import UTC, datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from openwatch.fetch.clients import HostClients, host_key
from openwatch.fetch.settings import FetchSettings

ROBOTS_AGENT = "openwatch"
MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0
"""A robots.txt ``Crawl-delay`` is kept up to this many seconds between requests to the host."""


class Etiquette:
    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.total = asyncio.Semaphore(max(1, settings.concurrency))
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.robots: dict[str, asyncio.Task[RobotFileParser | None]] = {}
        self.crawl_delays: dict[str, float] = {}
        self.pacing: dict[str, asyncio.Lock] = {}
        self.last_request: dict[str, float] = {}
        self.clients: HostClients

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        slot = self.hosts.get(key)
        if slot is None:
            slot = self.hosts[key] = asyncio.Semaphore(max(1, self.settings.per_host))
        return slot

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
