"""The static site: pages parse, links resolve, feeds parse and keep ids, rebuilds are byte-identical."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from openwatch.api import Tracker
from openwatch.core.crosswalk import ATTRIBUTION, SOURCE
from openwatch.publish import site
from openwatch.publish.site import build_site, slug
from openwatch.publish.tracker_source import TrackerSource
from tests.conftest import Cli
from tests.publish.fake import FakeSource
from tests.publish.htmlcheck import assert_inert, parse
from tests.render.claims import HOSTILE_QUOTE, HOSTILE_URL, claim

AS_OF = date(2026, 11, 26)


def build_sample(db_path: Path, target: Path, as_of: date = AS_OF) -> site.SiteSummary:
    with Tracker.open(db_path) as tracker:
        return build_site(TrackerSource(tracker), target, as_of=as_of)


def digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def check_site(root: Path) -> None:
    """Every page parses, is inert, and every internal link lands on a file (and an id) in the site."""
    pages = sorted(root.rglob("*.html"))
    assert pages
    ids = {page: parse(page.read_text(encoding="utf-8")).ids for page in pages}
    for page in pages:
        parsed = parse(page.read_text(encoding="utf-8"))
        assert parsed.errors == [], (page, parsed.errors)
        assert_inert(parsed)
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, href
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(root)} links to missing {href}"
            assert root.resolve() in target.parents
            if parts.fragment and target.suffix == ".html":
                known = ids.get(target) or ids[next(p for p in pages if p.resolve() == target)]
                assert unquote(parts.fragment) in known, f"{page.name}: no #{parts.fragment} in {target.name}"


def test_sample_site_pages_parse_and_links_resolve(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    summary = build_sample(db_path, tmp_path / "site")
    root = tmp_path / "site"
    assert summary.companies == 13 and summary.claims == 61
    for name in (
        "index.html",
        "about.html",
        "claims.csv",
        "claims.jsonl",
        "feeds/all.xml",
        "feeds/closed.xml",
        "companies/meta.html",
        "companies/meta.svg",
        "feeds/companies/meta.xml",
        "trajectory.svg",
    ):
        assert (root / name).is_file(), name
    check_site(root)
    index = (root / "index.html").read_text(encoding="utf-8")
    assert "Mistral AI" in index and 'href="companies/mistral-ai.html"' in index
    assert "2026-11-26" in index and "<svg" in index
    meta = (root / "companies/meta.html").read_text(encoding="utf-8")
    assert 'id="claim-sample-e53"' in meta and "https://www.nytimes.com/" in meta


def test_downloads_are_what_export_writes(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    build_sample(db_path, tmp_path / "site")
    sample("export", "-o", str(tmp_path / "claims.csv"))
    sample("export", "-o", str(tmp_path / "claims.jsonl"))
    for name in ("claims.csv", "claims.jsonl"):
        assert (tmp_path / "site" / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_rebuild_is_byte_identical_and_as_of_is_on_every_page(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    build_sample(db_path, tmp_path / "one")
    build_sample(db_path, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    for page in (tmp_path / "one").rglob("*.html"):
        assert "2026-11-26" in page.read_text(encoding="utf-8"), page
    build_sample(db_path, tmp_path / "earlier", as_of=date(2024, 1, 1))
    earlier = (tmp_path / "earlier/companies/meta.html").read_text(encoding="utf-8")
    assert "Llama 2" in earlier and "Llama 4" not in earlier and "Muse Spark" not in earlier


def test_feeds_parse_and_keep_entry_ids_across_rebuilds(sample: Cli, db_path: Path, tmp_path: Path) -> None:
    build_sample(db_path, tmp_path / "before")
    before = feedparser.parse((tmp_path / "before/feeds/all.xml").read_bytes())
    assert not before.bozo, before.get("bozo_exception")
    assert before.feed.title == "openwatch: every move"
    ids_before = {entry.id: entry.title for entry in before.entries}
    assert "urn:openwatch:claim:sample-e53" in ids_before
    behemoth = next(e for e in before.entries if e.id == "urn:openwatch:claim:sample-e53")
    assert behemoth.title == "Meta, Llama 4 Behemoth: closed weights-restricted → closed (planned)"
    assert behemoth.link.startswith("https://www.nytimes.com/")
    assert behemoth.updated == "2026-11-01T00:00:00+00:00"
    closed = feedparser.parse((tmp_path / "before/feeds/closed.xml").read_bytes())
    assert not closed.bozo and closed.entries
    assert all(e.tags[0].term == "closed" for e in closed.entries)
    company = feedparser.parse((tmp_path / "before/feeds/companies/openai.xml").read_bytes())
    assert not company.bozo and {e.id for e in company.entries} <= set(ids_before)
    assert all(e.title.startswith("OpenAI, ") for e in company.entries)

    sample(
        "add",
        "--company",
        "OpenAI",
        "--model",
        "gpt-5",
        "--stance",
        "api",
        "--date",
        "2025-08-07",
        "--source",
        "OpenAI blog",
        "--kind",
        "observed",
    )
    build_sample(db_path, tmp_path / "after")
    after = feedparser.parse((tmp_path / "after/feeds/all.xml").read_bytes())
    ids_after = {entry.id: entry.title for entry in after.entries}
    assert len(ids_after) == len(ids_before) + 1
    assert {k: v for k, v in ids_after.items() if k in ids_before} == ids_before
    newest = after.entries[0]
    assert newest.title == "OpenAI, gpt-5: new api"


def fake_site(tmp_path: Path) -> Path:
    claims = [
        claim("ok", "2025-01-01", "open-weights", company="Acme", model="Rocket"),
        claim(
            "evil/<id>",
            "2025-02-01",
            "api",
            company="Acme",
            model=HOSTILE_QUOTE,
            source=HOSTILE_QUOTE,
            url=HOSTILE_URL,
            quote=HOSTILE_QUOTE,
            kind="reported",
        ),
        claim("idx", "2025-03-01", "open-weights", company="Zhipu.AI", model="GLM", kind="assessed", source=SOURCE),
    ]
    build_site(FakeSource(claims), tmp_path / "site", as_of=date(2026, 1, 1))
    return tmp_path / "site"


def test_hostile_text_is_inert_on_the_site_and_in_feeds(tmp_path: Path) -> None:
    root = fake_site(tmp_path)
    check_site(root)
    page = (root / "companies/acme.html").read_text(encoding="utf-8")
    assert "<img" not in page and HOSTILE_QUOTE not in page
    assert HOSTILE_QUOTE in "".join(parse(page).text)
    feed_text = (root / "feeds/all.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(feed_text.encode("utf-8"))
    assert not feed.bozo
    hostile = next(e for e in feed.entries if e.id == "urn:openwatch:claim:evil%2F%3Cid%3E")
    assert not hostile.link.startswith("javascript")
    assert 'href="javascript' not in hostile.content[0].value
    assert "<img" not in hostile.content[0].value


def test_index_verdicts_carry_their_attribution(tmp_path: Path) -> None:
    root = fake_site(tmp_path)
    zhipu = (root / f"companies/{slug('Zhipu.AI')}.html").read_text(encoding="utf-8")
    assert "osai-index.eu" in zhipu and "CC-BY 4.0" in zhipu
    assert ATTRIBUTION.split(" (")[0] in "".join(parse(zhipu).text)
    acme = (root / "companies/acme.html").read_text(encoding="utf-8")
    assert "CC-BY 4.0" not in acme
    assert "CC-BY 4.0" in (root / "index.html").read_text(encoding="utf-8")
    # The charts as files of their own carry it too (their tooltips show the verdicts).
    assert "CC-BY 4.0" in (root / f"companies/{slug('Zhipu.AI')}.svg").read_text(encoding="utf-8")
    assert "CC-BY 4.0" in (root / "trajectory.svg").read_text(encoding="utf-8")
    assert "CC-BY 4.0" not in (root / "companies/acme.svg").read_text(encoding="utf-8")


def test_long_timelines_are_paginated_and_claim_links_find_their_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site, "PAGE_SIZE", 7)
    claims = [
        claim(
            f"c{n:02d}",
            f"20{10 + n // 12}-{1 + n % 12:02d}-01",
            "api" if n % 3 else "open-weights",
            company="Acme",
            model=f"m{n % 4}",
            recorded=datetime(2026, 1, 1, 0, n, tzinfo=UTC),
        )
        for n in range(30)
    ]
    build_site(FakeSource(claims), tmp_path / "site", as_of=date(2026, 1, 1))
    root = tmp_path / "site"
    assert sorted(p.name for p in (root / "companies").glob("acme*.html")) == [
        "acme-2.html",
        "acme-3.html",
        "acme-4.html",
        "acme-5.html",
        "acme.html",
    ]
    check_site(root)  # includes status links from page 1 to claims on later pages
    first = (root / "companies/acme.html").read_text(encoding="utf-8")
    assert 'href="acme-5.html#claim-c29"' in first


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Meta", "meta"), ("Mistral AI", "mistral-ai"), ("xAI", "xai"), ("Stability_AI", "stability-ai")],
)
def test_company_file_names(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_company_file_names_never_collide_or_go_empty() -> None:
    assert slug("Zhipu.AI") != slug("Zhipu AI") and slug("Zhipu.AI").startswith("zhipu-ai-")
    assert slug("智谱").startswith("c-") and slug("智谱") != slug("月之暗面")


def test_a_rebuild_drops_pages_of_companies_no_longer_tracked(tmp_path: Path) -> None:
    both = [claim("a", "2025-01-01", "api", company="Acme"), claim("b", "2025-01-01", "api", company="Globex")]
    build_site(FakeSource(both), tmp_path / "site", as_of=date(2026, 1, 1))
    (tmp_path / "site" / "CNAME").write_text("example.org\n", encoding="utf-8")
    assert (tmp_path / "site/companies/globex.html").is_file()
    build_site(FakeSource(both[:1]), tmp_path / "site", as_of=date(2026, 1, 1))
    assert not (tmp_path / "site/companies/globex.html").exists()
    assert not (tmp_path / "site/feeds/companies/globex.xml").exists()
    assert (tmp_path / "site/companies/acme.html").is_file() and (tmp_path / "site/CNAME").is_file()
    check_site(tmp_path / "site")
