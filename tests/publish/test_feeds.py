"""The all-moves feed on its own (``changes --format atom``): parses, ids from claims, newest recorded first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import feedparser

from openwatch.core import history
from openwatch.publish.feeds import changes_feed
from tests.render.claims import HOSTILE_QUOTE, HOSTILE_URL, claim


def moves() -> list[history.Move]:
    claims = [
        claim("a", "2024-01-01", "open-weights", model="m", recorded=datetime(2026, 1, 1, tzinfo=UTC)),
        claim("b", "2025-01-01", "api", model="m", recorded=datetime(2026, 3, 1, tzinfo=UTC)),
        claim(
            "c",
            "2023-01-01",
            "closed",
            model="n",
            recorded=datetime(2026, 5, 1, tzinfo=UTC),
            url=HOSTILE_URL,
            quote=HOSTILE_QUOTE,
            source=HOSTILE_QUOTE,
        ),
    ]
    return list(history.all_moves(claims))


def test_changes_feed_parses_with_claim_ids_newest_recorded_first() -> None:
    text = changes_feed(moves(), as_of=date(2026, 6, 1))
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.id for e in feed.entries] == ["urn:openwatch:claim:c", "urn:openwatch:claim:b", "urn:openwatch:claim:a"]
    assert feed.entries[1].title == "Acme, m: closed open-weights → api"
    assert feed.entries[1].link == "https://example.org/acme"
    assert feed.entries[0].link == "urn:openwatch:claim:c"  # a javascript: source is never the link
    assert "<img" not in feed.entries[0].content[0].value
    assert feed.feed.updated == "2026-05-01T00:00:00+00:00"
    assert text == changes_feed(list(reversed(moves())), as_of=date(2026, 6, 1))


def test_an_empty_feed_is_dated_by_as_of_not_the_clock() -> None:
    feed = feedparser.parse(changes_feed([], as_of=date(2026, 6, 1)).encode("utf-8"))
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2026-06-01T00:00:00+00:00"


def test_with_a_site_url_entries_link_the_claim_page() -> None:
    text = changes_feed(moves(), as_of=date(2026, 6, 1), site_url="https://example.org/ow/")
    feed = feedparser.parse(text.encode("utf-8"))
    assert feed.entries[0].link == "https://example.org/ow/companies/acme.html#claim-c"
    assert any(
        link.get("rel") == "self" and link.href == "https://example.org/ow/feeds/all.xml" for link in feed.feed.links
    )
