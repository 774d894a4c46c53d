"""Archived copies of a page: the Internet Archive's availability API, and a save request.

``OPENWATCH_ARCHIVE_API`` names the base of another service speaking the
same API (the tests run one on 127.0.0.1): availability is asked at
``BASE/wayback/available?url=URL`` and a copy requested at ``BASE/save/URL``.
Without it, availability goes to archive.org and saves to web.archive.org.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode, urljoin

ENV_VAR = "OPENWATCH_ARCHIVE_API"
AVAILABILITY_URL = "https://archive.org/wayback/available"
SAVE_URL = "https://web.archive.org/save/"


class ArchiveMode(StrEnum):
    SKIP = "skip"
    """``--no-archive``: no look-up at all."""
    LOOKUP = "lookup"
    """The default: ask for the closest archived copy."""
    SAVE = "save"
    """``--archive``: ask for a copy to be made where none exists."""


@dataclass(frozen=True, slots=True)
class ArchiveEndpoints:
    availability: str
    save: str

    @classmethod
    def from_environment(cls, base: str | None = None) -> ArchiveEndpoints:
        base = base if base is not None else os.environ.get(ENV_VAR)
        if not base:
            return cls(AVAILABILITY_URL, SAVE_URL)
        base = base.rstrip("/")
        return cls(f"{base}/wayback/available", f"{base}/save/")

    def availability_query(self, url: str) -> str:
        return f"{self.availability}?{urlencode({'url': url})}"

    def save_request(self, url: str) -> str:
        return self.save + url


def closest_snapshot(payload: Any) -> str | None:
    """The archived copy's address in an availability answer, or None when there is none.

    The answer looks like ``{"archived_snapshots": {"closest": {"available":
    true, "url": "http://web.archive.org/web/2025.../...", "status": "200"}}}``;
    a copy of an error page (status other than 2xx) does not count.
    """
    if not isinstance(payload, dict):
        return None
    snapshots = payload.get("archived_snapshots")
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    if not isinstance(closest, dict) or closest.get("available") is False:
        return None
    url = closest.get("url")
    status = str(closest.get("status", "200"))
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not status.startswith("2"):
        return None
    # The API gives http:// addresses for https pages; the archive serves them on https too.
    return "https://" + url[len("http://") :] if url.startswith("http://web.archive.org/") else url


def saved_copy(request_url: str, final_url: str, content_location: str | None) -> str | None:
    """The address of a copy just saved, when the save answer gives one.

    The archive answers a save by redirecting to the new copy, or with a
    ``Content-Location: /web/TIMESTAMP/URL`` header.
    """
    if content_location and "/web/" in content_location:
        return urljoin(request_url, content_location)
    if "/web/" in final_url and final_url != request_url:
        return final_url
    return None
