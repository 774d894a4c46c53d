"""What a link check is asked to do: the settings of a run, and one claim's link to check."""

from __future__ import annotations

from dataclasses import dataclass, field

from openwatch import __version__
from openwatch.core.evidence import LinkCheck
from openwatch.fetch.archive import ArchiveEndpoints, ArchiveMode

USER_AGENT = f"openwatch/{__version__} (+https://github.com/openwatch/openwatch; evidence link checker)"


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
