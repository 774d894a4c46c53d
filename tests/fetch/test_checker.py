"""The checker against a real HTTP server on 127.0.0.1: every case is one result, never an exception."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from openwatch import __version__
from openwatch.core.evidence import Change, LinkCheck, LinkStatus, QuoteState
from openwatch.fetch import ArchiveEndpoints, ArchiveMode, CheckTarget, FetchSettings, check_links

from .server import FRENCH_QUOTE, QUOTE, Site, default_pages, serve

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as served:
        default_pages(served)
        yield served


@pytest.fixture
def archive() -> Iterator[Site]:
    with serve() as served:
        yield served


def settings(archive_site: Site | None = None, **overrides: Any) -> FetchSettings:
    base = FetchSettings(
        timeout=1.0,
        backoff=0.05,
        max_bytes=1_000_000,
        archive=ArchiveMode.LOOKUP if archive_site else ArchiveMode.SKIP,
        archive_endpoints=ArchiveEndpoints.from_environment(
            archive_site.base if archive_site else "http://127.0.0.1:9"
        ),
    )
    return replace(base, **overrides)


def run(targets: list[CheckTarget], config: FetchSettings | None = None) -> dict[str, LinkCheck]:
    results: dict[str, LinkCheck] = {}

    def keep(check: LinkCheck) -> None:
        assert check.claim_id not in results
        results[check.claim_id] = check

    count = check_links(targets, keep, config or settings(), now=lambda: NOW)
    assert count == len(targets) == len(results)
    return results


def one(site: Site, path: str, quote: str | None = QUOTE, config: FetchSettings | None = None) -> LinkCheck:
    return run([CheckTarget("c1", site.base + path, quote)], config)["c1"]


def test_quote_found_exactly(site: Site) -> None:
    check = one(site, "/quote")
    assert check.status is LinkStatus.OK and check.http_status == 200
    assert check.quote is QuoteState.FOUND
    assert check.final_url == site.base + "/quote" and not check.redirected
    assert check.content_type == "text/html; charset=utf-8" and check.size and check.size > 100
    assert check.text and QUOTE in check.text and "Subscribe" not in check.text  # main text, not the menu
    assert check.sha256 and len(check.sha256) == 64
    assert check.page_date == "2025-07-14"
    assert check.checked_at == NOW and check.change is Change.FIRST


@pytest.mark.parametrize(
    ("path", "quote"),
    [("/typographic", QUOTE), ("/french", FRENCH_QUOTE), ("/latin1", FRENCH_QUOTE), ("/wrong-charset", FRENCH_QUOTE)],
)
def test_quote_found_through_typography_and_charsets(site: Site, path: str, quote: str) -> None:
    check = one(site, path, quote)
    assert check.status is LinkStatus.OK, check.detail
    assert check.quote is QuoteState.FOUND, check.text


def test_latin1_without_charset_is_read_and_said(site: Site) -> None:
    check = one(site, "/latin1", FRENCH_QUOTE)
    assert check.text and "modèles" in check.text
    assert check.detail and "windows-1252" in check.detail and "no charset declared" in check.detail


def test_a_declared_charset_that_does_not_fit_is_said(site: Site) -> None:
    check = one(site, "/wrong-charset", FRENCH_QUOTE)
    assert check.detail and "declared utf-8, which does not fit" in check.detail


def test_quote_edited_away(site: Site) -> None:
    check = one(site, "/edited")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.MISSING


def test_no_quote_to_check(site: Site) -> None:
    assert one(site, "/quote", None).quote is QuoteState.NO_QUOTE


def test_404_is_dead(site: Site) -> None:
    check = one(site, "/missing")
    assert check.status is LinkStatus.DEAD and check.http_status == 404
    assert check.quote is QuoteState.NOT_CHECKED and check.detail == "HTTP 404"


def test_503_then_200_is_retried(site: Site) -> None:
    check = one(site, "/flaky")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.FOUND
    assert site.hits["/flaky"] == 2
    assert check.detail and "HTTP 503, retried after 0.05 s" in check.detail


def test_429_waits_as_long_as_retry_after_says(site: Site) -> None:
    check = one(site, "/busy")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.FOUND
    assert site.hits["/busy"] == 2
    assert check.detail and "HTTP 429, retried after 1 s" in check.detail


def test_a_503_that_never_clears_is_dead_after_the_retries(site: Site) -> None:
    check = one(site, "/always-503", config=settings(retries=2))
    assert check.status is LinkStatus.DEAD and check.http_status == 503
    assert site.hits["/always-503"] == 3


def test_a_retry_after_longer_than_the_cap_is_not_waited_for(site: Site) -> None:
    check = one(site, "/busy", config=settings(max_retry_after=0.5))
    # Refused for asking too often: not a dead link, just not checked this time.
    assert check.status is LinkStatus.ERROR and check.http_status == 429
    assert site.hits["/busy"] == 1


def test_redirect_chain_is_followed(site: Site) -> None:
    check = one(site, "/r1")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.FOUND
    assert check.url == site.base + "/r1" and check.final_url == site.base + "/quote" and check.redirected


def test_redirect_loop_is_named(site: Site) -> None:
    check = one(site, "/loop-a")
    assert check.status is LinkStatus.LOOP and check.quote is QuoteState.NOT_CHECKED
    assert check.detail and "redirect loop" in check.detail and "/loop-b" in check.detail


def test_too_many_redirects_is_a_loop(site: Site) -> None:
    check = one(site, "/r1", config=settings(max_redirects=1))
    assert check.status is LinkStatus.LOOP and check.detail == "more than 1 redirects"


def test_redirect_to_another_scheme_is_refused(site: Site) -> None:
    check = one(site, "/to-ftp")
    assert check.status is LinkStatus.UNSUPPORTED and check.detail and "ftp://" in check.detail


def test_slow_page_times_out(site: Site) -> None:
    check = one(site, "/slow", config=settings(timeout=0.5))
    assert check.status is LinkStatus.TIMEOUT and check.detail == "no complete answer within 0.5 s"


def test_endless_body_is_cut_at_the_cap(site: Site) -> None:
    check = one(site, "/endless")
    assert check.status is LinkStatus.TOO_LARGE and check.detail and "cap" in check.detail
    assert check.quote is QuoteState.NOT_CHECKED


def test_declared_size_over_the_cap_is_not_read(site: Site) -> None:
    check = one(site, "/big")
    assert check.status is LinkStatus.TOO_LARGE and check.detail and "2,000,000 bytes" in check.detail
    assert check.final_url == site.base + "/big"


def test_pdf_text_is_searched(site: Site) -> None:
    check = one(site, "/doc.pdf")
    assert check.status is LinkStatus.OK and check.content_type == "application/pdf"
    assert check.quote is QuoteState.FOUND, check.text
    assert check.page_date == "2025-08-01" and check.detail == "PDF"


def test_binary_content_is_recorded_not_searched(site: Site) -> None:
    check = one(site, "/image.png")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.NOT_CHECKED
    assert check.text is None and check.sha256 and check.detail == "binary content (image/png): quote not checked"


def test_a_page_drawn_by_javascript_is_said(site: Site) -> None:
    check = one(site, "/js")
    assert check.status is LinkStatus.OK and check.quote is QuoteState.NEEDS_JAVASCRIPT
    assert check.detail and "JavaScript" in check.detail


def test_robots_txt_is_obeyed_unless_ignored(site: Site) -> None:
    blocked = one(site, "/private/page")
    assert blocked.status is LinkStatus.BLOCKED and site.hits["/private/page"] == 0
    allowed = one(site, "/private/page", config=settings(ignore_robots=True))
    assert allowed.status is LinkStatus.OK and allowed.quote is QuoteState.FOUND


def test_unreachable_host_and_bad_scheme_are_one_line_each() -> None:
    results = run(
        [
            CheckTarget("refused", "http://127.0.0.1:9/page", QUOTE),  # the discard port: nothing listens
            CheckTarget("ftp", "ftp://127.0.0.1/file", QUOTE),
            CheckTarget("nonsense", "http://[::zz]/", QUOTE),
        ]
    )
    assert results["refused"].status is LinkStatus.UNREACHABLE
    assert results["ftp"].status is LinkStatus.UNSUPPORTED
    assert results["nonsense"].status in (LinkStatus.UNSUPPORTED, LinkStatus.ERROR)
    for check in results.values():
        assert check.detail and "\n" not in check.detail


def test_manners_user_agent_and_no_cookies(site: Site) -> None:
    paths = ["/quote", "/typographic", "/edited", "/r1", "/flaky", "/quote?again"]
    run([CheckTarget(f"c{i}", site.base + path, QUOTE) for i, path in enumerate(paths)])
    assert site.user_agents == {
        f"openwatch/{__version__} (+https://github.com/openwatch/openwatch; evidence link checker)"
    }
    assert site.hits["/robots.txt"] == 1  # read once per host
    assert site.cookies_sent_back == 0


def test_a_url_cited_by_several_claims_is_fetched_once(site: Site) -> None:
    results = run([CheckTarget("a", site.base + "/quote", QUOTE), CheckTarget("b", site.base + "/quote", "absent")])
    assert site.hits["/quote"] == 1
    assert results["a"].quote is QuoteState.FOUND and results["b"].quote is QuoteState.MISSING


def test_archive_lookup_and_save(site: Site, archive: Site) -> None:
    archive.archived.add(site.base + "/quote")
    found = run([CheckTarget("a", site.base + "/quote", QUOTE)], settings(archive))["a"]
    assert found.archive_url == f"https://web.archive.org/web/20250715000000/{site.base}/quote"
    none = run([CheckTarget("b", site.base + "/edited", QUOTE)], settings(archive))["b"]
    assert none.archive_url is None and archive.saves == []
    saved = run([CheckTarget("c", site.base + "/edited", QUOTE)], settings(archive, archive=ArchiveMode.SAVE))["c"]
    assert archive.saves == [site.base + "/edited"]
    assert saved.archive_url == f"{archive.base}/web/20261126120000/{site.base}/edited"


def test_an_archive_that_fails_is_a_note_not_a_failure(site: Site) -> None:
    check = one(site, "/quote", config=settings(archive=ArchiveMode.LOOKUP))  # nothing listens on port 9
    assert check.status is LinkStatus.OK and check.quote is QuoteState.FOUND
    assert check.archive_url is None and check.detail and "archive look-up failed" in check.detail


def test_the_change_since_the_previous_check(site: Site) -> None:
    url = site.base + "/page"
    site.html("/page", "<html><body><p>" + QUOTE + " And more words to make a page of it.</p></body></html>")
    first = one(site, "/page")
    assert first.change is Change.FIRST and first.quote is QuoteState.FOUND
    again = run([CheckTarget("c1", url, QUOTE, previous=first)])["c1"]
    assert again.change is Change.SAME and again.sha256 == first.sha256
    site.html("/page", "<html><body><p>Our position is under review, and more words.</p></body></html>")
    gone = run([CheckTarget("c1", url, QUOTE, previous=again)])["c1"]
    assert gone.change is Change.QUOTE_GONE
    site.html("/page", "<h1>gone</h1>", status=410)
    dead = run([CheckTarget("c1", url, QUOTE, previous=gone)])["c1"]
    assert dead.change is Change.LINK_DEAD and dead.status is LinkStatus.DEAD


def test_results_are_deterministic(site: Site) -> None:
    paths = ["/quote", "/typographic", "/edited", "/latin1", "/doc.pdf", "/missing", "/loop-a", "/js", "/r1"]
    targets = [CheckTarget(f"c{i}", site.base + path, QUOTE) for i, path in enumerate(paths)]
    first = run(targets)
    second = run(targets)
    assert first == second


def test_an_error_in_the_callback_stops_the_run(site: Site) -> None:
    def fail(check: LinkCheck) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        check_links([CheckTarget("c1", site.base + "/quote", QUOTE)], fail, settings(), now=lambda: NOW)


def test_ctrl_c_keeps_the_checks_already_made(site: Site) -> None:
    import os
    import signal

    kept: list[LinkCheck] = []

    def keep_then_interrupt(check: LinkCheck) -> None:
        kept.append(check)
        os.kill(os.getpid(), signal.SIGINT)  # as a person pressing Ctrl-C while /slow is still waiting

    targets = [CheckTarget("fast", site.base + "/quote", QUOTE), CheckTarget("slow", site.base + "/slow", QUOTE)]
    with pytest.raises(KeyboardInterrupt):
        check_links(targets, keep_then_interrupt, settings(timeout=30.0), now=lambda: NOW)
    assert [check.claim_id for check in kept] == ["fast"]


@pytest.mark.slow
def test_a_tls_error_is_one_line(tmp_path: Path) -> None:
    """An https server with a self-signed certificate: the check says TLS, and the run goes on."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        capture_output=True,
    )
    assert made.returncode == 0, made.stderr
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with serve(tls=context) as secure:
        default_pages(secure)
        check = one(secure, "/quote")
    assert check.status is LinkStatus.UNREACHABLE
    assert check.detail and check.detail.startswith("TLS error: ") and "\n" not in check.detail


def test_a_crawl_delay_in_robots_txt_spaces_the_requests(site: Site) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 1\n"
    run([CheckTarget(f"c{n}", f"{site.base}/quote?{n}", QUOTE) for n in range(3)])
    pages = [when for path, when in site.arrivals if path == "/quote"]
    assert len(pages) == 3
    # Unpaced, two of them would arrive together (2 requests a host at a time). The client waits
    # 1 s between sends; half of that is a bound that scheduling noise cannot break.
    assert all(later - earlier >= 0.5 for earlier, later in itertools.pairwise(pages))
