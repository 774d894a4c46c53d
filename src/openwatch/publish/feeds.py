"""Atom feeds of moves (feedgenerator): all moves, one per company, moves toward closed.

Each entry is one move: its id is the claim's (``urn:openwatch:claim:ID``),
so it keeps its identity across rebuilds and across the feeds it appears
in; its title says the move; its link is the source when that is an http or
https address (else the claim on the site); ``updated`` is when the claim
was recorded. The feed's own ``updated`` is its newest entry's, or the
build date when it has none: never the clock, so a rebuild is identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from html import escape
from typing import Any
from urllib.parse import quote

from openwatch.core.history import Move
from openwatch.publish.addresses import slug
from openwatch.render.safe import http_url, visible
from openwatch.render.view import claim_anchor

FEED_LIMIT = 100
"""Entries per feed: the newest moves by when they were recorded."""


def entry_id(claim_id: str) -> str:
    return "urn:openwatch:claim:" + quote(claim_id, safe="")


def move_title(move: Move) -> str:
    claim = move.claim
    series = claim.model if claim.model is not None else "(company-wide)"
    before = f"{move.before.value} → " if move.before is not None else ""
    planned = " (planned)" if claim.planned else ""
    return visible(f"{claim.company}, {series}: {move.direction.value} {before}{move.after.value}{planned}")


def recorded_key(move: Move) -> tuple[datetime, str, str]:
    """Newest recorded first; ties by date, then id (fixed, whatever order moves came in)."""
    return (move.claim.recorded_at, move.claim.date.start.isoformat() + str(move.claim.date.precision), move.claim.id)


def _content(move: Move, claim_link: str) -> str:
    claim = move.claim
    link = http_url(claim.url)
    source = escape(visible(claim.source))
    parts = [
        f"<p>{escape(move_title(move))}, dated {escape(str(claim.date))} ({escape(claim.kind.value)}).</p>",
        f'<p>Source: <a href="{escape(link)}">{source}</a></p>' if link else f"<p>Source: {source}</p>",
    ]
    if claim.quote:
        parts.append(f"<blockquote>{escape(visible(claim.quote))}</blockquote>")
    parts.append(f'<p><a href="{escape(claim_link)}">The claim on openwatch</a></p>')
    return "".join(parts)


def atom_feed(
    *,
    title: str,
    feed_id: str,
    site_link: str,
    self_link: str | None,
    moves: Sequence[Move],
    claim_link: Callable[[Move], str],
    as_of: date,
    limit: int | None = FEED_LIMIT,
) -> str:
    """The feed as a string; ``moves`` newest first (the first ``limit`` are kept; None: all)."""
    import io

    from feedgenerator import Atom1Feed

    class Feed(Atom1Feed):  # type: ignore[misc]
        def latest_post_date(self) -> datetime:
            found: datetime | None = super().latest_post_date() if self.items else None
            return found if found is not None else datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)

    feed = Feed(
        title=visible(title),
        link=site_link,
        description="",
        feed_url=self_link,
        language="en",
        feed_guid=feed_id,
        author_name="openwatch",
    )
    for move in moves if limit is None else moves[:limit]:
        here = claim_link(move)
        item: dict[str, Any] = {
            "title": move_title(move),
            "link": http_url(move.claim.url) or here,
            "description": None,
            "content": _content(move, here),
            "unique_id": entry_id(move.claim.id),
            "updateddate": move.claim.recorded_at.astimezone(UTC),
            "categories": (move.direction.value,),
        }
        feed.add_item(**item)
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue() + "\n"


def changes_feed(moves: Iterable[Move], *, as_of: date, site_url: str | None = None) -> str:
    """Every move given, as ``openwatch changes --format atom`` prints it: newest recorded first.

    ``site_url``: where the site is published, to link each entry's claim on it
    (``companies/SLUG.html#claim-ID``); without it an entry without an http(s)
    source links to its own id.
    """
    ordered = sorted(moves, key=recorded_key, reverse=True)
    base = site_url.rstrip("/") + "/" if site_url else None

    def claim_link(move: Move) -> str:
        if base is None:
            return entry_id(move.claim.id)
        return f"{base}companies/{slug(move.claim.company)}.html#claim-{claim_anchor(move.claim.id)}"

    return atom_feed(
        title="openwatch: every move",
        feed_id="urn:openwatch:feed:all",
        site_link=(base + "index.html") if base else "urn:openwatch:feed:all",
        self_link=(base + "feeds/all.xml") if base else None,
        moves=ordered,
        claim_link=claim_link,
        as_of=as_of,
        limit=None,
    )
