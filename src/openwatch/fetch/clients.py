"""The HTTP clients of a run: one connection pool per host name, closed when the host's work is done."""

from __future__ import annotations

import http.cookiejar
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from openwatch.fetch.settings import FetchSettings

if TYPE_CHECKING:
    import httpx

ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"


def host_key(url: str) -> str:
    """The host name, what the per-host limit counts by: http and https of a site, any port, are one host."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # an address too broken to split is checked (and fails) on its own
        return url
    return host.lower() if host else url


class HostClients:
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
