"""Hand-made claims for render and publish tests (plain data, no database)."""

from __future__ import annotations

from datetime import UTC, datetime

from openwatch.core.claim import Claim, Kind, Stance
from openwatch.core.dates import parse_iso_date

HOSTILE_QUOTE = "</script><img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(1)"


def claim(
    claim_id: str,
    day: str,
    stance: str,
    *,
    company: str = "Acme",
    model: str | None = None,
    kind: str = "observed",
    planned: bool = False,
    source: str = "Acme blog",
    url: str | None = "https://example.org/acme",
    quote: str | None = None,
    recorded: datetime | None = None,
) -> Claim:
    moment = recorded or datetime(2026, 1, 1, tzinfo=UTC)
    return Claim(
        id=claim_id,
        date=parse_iso_date(day),
        company=company,
        model=model,
        stance=Stance(stance),
        kind=Kind(kind),
        planned=planned,
        source=source,
        url=url,
        quote=quote,
        license=None,
        note=None,
        recorded_at=moment,
        updated_at=moment,
    )
