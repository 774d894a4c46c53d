"""The static site: an index, a page per company, an explainer, Atom feeds, downloads.

Ready for any static host or ``file://``: every link is relative, nothing
is fetched from elsewhere. Same data and same ``as_of`` give the same bytes
(no build time anywhere, every list in a fixed order), so a team can commit
the site and review it as a diff. Companies are built one at a time and a
company's timeline is written in pages of ``PAGE_SIZE`` claims as a stream;
what crosses companies (the index, the feeds) keeps only the newest few
moves, so memory follows the largest company, not the database.

Layout::

    index.html  about.html  trajectory.svg  claims.csv  claims.jsonl
    companies/SLUG.html  companies/SLUG-2.html ...  companies/SLUG.svg
    feeds/all.xml  feeds/closed.xml  feeds/companies/SLUG.xml
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openwatch.core.claim import Direction
from openwatch.core.history import Move, claim_order
from openwatch.publish.addresses import ClaimHrefs, page_file, site_claim_href, slug
from openwatch.publish.feeds import atom_feed, recorded_key
from openwatch.publish.source import SiteSource
from openwatch.render.html import Chrome, Link, MoveRow, VendorRow

if TYPE_CHECKING:
    from openwatch.core.trajectory import CompanyTrajectory
    from openwatch.render.view import CompanyView

__all__ = ["LATEST_MOVES", "PAGE_SIZE", "SiteSummary", "build_site", "page_file", "slug"]

PAGE_SIZE = 500
LATEST_MOVES = 50


@dataclass(frozen=True, slots=True)
class SiteSummary:
    pages: int
    companies: int
    claims: int
    files: tuple[str, ...]


class _Newest:
    """The newest ``limit`` moves by a key, without holding them all."""

    def __init__(self, limit: int, key: Callable[[Move], object]) -> None:
        self.limit, self.key = limit, key
        self.items: list[tuple[Move, str]] = []

    def add(self, moves: Iterable[tuple[Move, str]]) -> None:
        self.items.extend(moves)
        if len(self.items) > 4 * self.limit:
            self._trim()

    def _trim(self) -> None:
        self.items.sort(key=lambda pair: self.key(pair[0]), reverse=True)  # type: ignore[arg-type,return-value]
        del self.items[self.limit :]

    def result(self) -> list[tuple[Move, str]]:
        self._trim()
        return self.items


def _no_guard(path: Path) -> None:
    return None


class _Writer:
    def __init__(self, root: Path, refuse: Callable[[Path], None] = _no_guard) -> None:
        self.root = root
        self.refuse = refuse
        self.files: list[str] = []

    def write(self, relative: str, chunks: Iterable[str]) -> None:
        path = self.root / relative
        self.refuse(path)  # never the database, by any name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            buffer: list[str] = []
            for chunk in chunks:
                buffer.append(chunk)
                if len(buffer) >= 2048:
                    out.write("".join(buffer))
                    buffer.clear()
            out.write("".join(buffer))
        self.files.append(relative)


def _chrome(prefix: str, *, downloads: bool = True, feed: str | None = None) -> Chrome:
    nav = (
        Link("Vendors", f"{prefix}index.html"),
        Link("Stances and kinds", f"{prefix}about.html"),
        Link("Feed of moves", f"{prefix}feeds/all.xml"),
    )
    feeds = [Link("all moves", f"{prefix}feeds/all.xml", "openwatch: all moves")]
    feeds.append(Link("moves toward closed", f"{prefix}feeds/closed.xml", "openwatch: moves toward closed"))
    if feed is not None:
        feeds.append(Link("this vendor's moves", feed, "openwatch: this vendor's moves"))
    files = (Link("claims.csv", f"{prefix}claims.csv"), Link("claims.jsonl", f"{prefix}claims.jsonl"))
    return Chrome(nav=nav, feeds=tuple(feeds), downloads=files if downloads else ())


def build_site(
    source: SiteSource,
    target: Path,
    *,
    as_of: date,
    base_url: str | None = None,
    refuse: Callable[[Path], None] = _no_guard,
) -> SiteSummary:
    """Write the site into ``target`` (created if missing), replacing a previous build's files.

    Pages and feeds of companies a previous build had and this one does not
    are removed; nothing else in ``target`` is touched. ``refuse`` is called
    with every path before it is written or removed, and raises to stop
    (``Tracker.check_output_path``: never the database, by any name); the
    fixed files are checked before anything is written.

    ``base_url``: where the site will be served (``https://example.org/openwatch/``); the feeds'
    links are absolute with it, relative to the feed's own address without it.
    """
    for fixed in ("index.html", "about.html", "claims.csv", "claims.jsonl", "feeds/all.xml", "feeds/closed.xml"):
        refuse(target / fixed)
    for folder in ("companies", "feeds/companies"):
        for path in sorted((target / folder).glob("*")):
            refuse(path)  # a stale page is removed: never the database
    writer = _Writer(target, refuse)
    target.mkdir(parents=True, exist_ok=True)
    gathered = _Gathered()
    names = sorted(source.companies(), key=lambda name: (name.casefold(), name))
    for company in names:
        _write_company(writer, gathered, source, company, as_of=as_of, base_url=base_url)
    _write_index(writer, gathered, as_of)
    _write_site_feeds(writer, gathered, as_of, base_url)
    _write_downloads(writer, source, target)
    _remove_stale(target, set(writer.files))
    return SiteSummary(gathered.pages + 2, len(names), gathered.claims, tuple(writer.files))


@dataclass(slots=True)
class _Gathered:
    """What the index and the site-wide feeds need from the companies built so far."""

    every: _Newest = field(default_factory=lambda: _Newest(100, recorded_key))
    closing: _Newest = field(default_factory=lambda: _Newest(100, recorded_key))
    latest: _Newest = field(default_factory=lambda: _Newest(LATEST_MOVES, lambda move: claim_order(move.claim)))
    vendors: list[VendorRow] = field(default_factory=list)
    paths: list[CompanyTrajectory] = field(default_factory=list)
    claims: int = 0
    pages: int = 0

    def add(self, view: CompanyView, company_slug: str, page_of: dict[str, int], moves: list[tuple[Move, str]]) -> None:
        from openwatch.core.trajectory import trajectories
        from openwatch.render.html import stance_summary

        self.every.add(moves)
        self.closing.add(pair for pair in moves if pair[0].direction is Direction.CLOSED)
        self.latest.add(moves)
        last_move = max((pair[0] for pair in moves), key=lambda move: claim_order(move.claim), default=None)
        self.vendors.append(
            VendorRow(
                company=view.company,
                href=f"companies/{page_file(company_slug, 1)}",
                summary=stance_summary(view.status),
                latest=last_move,
                latest_href=site_claim_href(company_slug, page_of, last_move.claim.id) if last_move else "",
                claims=len(view.timeline),
            )
        )
        self.paths.extend(trajectories((entry.claim for entry in view.timeline), view.as_of))
        self.claims += len(view.timeline)


def _write_company(
    writer: _Writer, gathered: _Gathered, source: SiteSource, company: str, *, as_of: date, base_url: str | None
) -> None:
    """A company's pages, its chart file and its feed; what crosses companies goes to ``gathered``."""
    from openwatch.publish.report import company_view

    company_slug = slug(company)
    view = company_view(source, company, as_of)
    page_of = {entry.claim.id: index // PAGE_SIZE + 1 for index, entry in enumerate(view.timeline)}
    gathered.pages += _write_company_pages(writer, view, company_slug, page_of)
    moves = [
        (entry.move, site_claim_href(company_slug, page_of, entry.move.claim.id))
        for entry in view.timeline
        if entry.move
    ]
    gathered.add(view, company_slug, page_of, moves)
    feed_path = f"feeds/companies/{company_slug}.xml"
    newest = sorted(moves, key=lambda pair: recorded_key(pair[0]), reverse=True)
    title, feed_id = f"openwatch: {company}'s moves", f"urn:openwatch:feed:company:{company_slug}"
    writer.write(feed_path, [_feed(title, feed_id, feed_path, newest, base_url, as_of)])


def _write_company_pages(writer: _Writer, view: CompanyView, company_slug: str, page_of: dict[str, int]) -> int:
    """The company's timeline in pages of ``PAGE_SIZE`` claims (the chart on the first), and its chart file."""
    from openwatch.render.html import company_page, company_svg

    entries = view.timeline
    page_count = max(1, (len(entries) + PAGE_SIZE - 1) // PAGE_SIZE)
    claim_href = ClaimHrefs(company_slug, page_of)
    chart = company_svg(view)
    frame = _chrome("../", feed=f"../feeds/companies/{company_slug}.xml")
    for number in range(1, page_count + 1):
        links = [Link(str(n), page_file(company_slug, n), current=n == number) for n in range(1, page_count + 1)]
        writer.write(
            f"companies/{page_file(company_slug, number)}",
            company_page(
                view,
                entries=entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
                page_number=number,
                pages=links if page_count > 1 else (),
                chrome=replace(frame, claim_href=claim_href.on_page(number)),
                chart=chart if number == 1 else "",
            ),
        )
    standalone = company_svg(view, standalone=True) if view.attributions else chart
    writer.write(f"companies/{company_slug}.svg", [standalone, "\n"])
    return page_count


def _write_index(writer: _Writer, gathered: _Gathered, as_of: date) -> None:
    """The trajectory chart (a file, and inline on the index), the index of vendors and the explainer."""
    from openwatch.core.attribution import attributions_for
    from openwatch.render.html import about_page, index_page
    from openwatch.render.svg import trajectory_chart

    latest_moves = gathered.latest.result()
    releases = [release for found in gathered.paths for release in found.releases]
    index_sources = {move.claim.source for move, _ in latest_moves}
    index_sources.update(release.claim.source for release in releases)
    start = date(min((release.day for release in releases), default=as_of).year, 1, 1)
    title = "Each vendor's models at release"
    trajectory_svg = trajectory_chart(title, gathered.paths, start, as_of)
    credits = attributions_for(release.claim.source for release in releases)
    writer.write("trajectory.svg", [trajectory_chart(title, gathered.paths, start, as_of, credits=credits), "\n"])
    root = _chrome("")
    writer.write(
        "index.html",
        index_page(
            as_of=as_of,
            vendors=gathered.vendors,
            trajectory_svg=trajectory_svg,
            moves=[MoveRow(move, href) for move, href in latest_moves],
            claim_count=gathered.claims,
            attributions=attributions_for(index_sources),
            chrome=root,
        ),
    )
    writer.write("about.html", about_page(as_of=as_of, chrome=root))


def _write_site_feeds(writer: _Writer, gathered: _Gathered, as_of: date, base_url: str | None) -> None:
    """Every move, and the moves toward closed, across companies: the newest by when they were recorded."""
    feeds = (
        ("openwatch: every move", "urn:openwatch:feed:all", "feeds/all.xml", gathered.every),
        ("openwatch: moves toward closed", "urn:openwatch:feed:closed", "feeds/closed.xml", gathered.closing),
    )
    for title, feed_id, path, newest in feeds:
        writer.write(path, [_feed(title, feed_id, path, newest.result(), base_url, as_of)])


def _write_downloads(writer: _Writer, source: SiteSource, target: Path) -> None:
    """claims.csv and claims.jsonl as ``openwatch export`` writes them."""
    with (
        (target / "claims.csv").open("w", encoding="utf-8", newline="") as csv_out,
        (target / "claims.jsonl").open("w", encoding="utf-8", newline="") as jsonl_out,
    ):
        source.downloads(csv_out, jsonl_out)
    writer.files += ["claims.csv", "claims.jsonl"]


def _remove_stale(target: Path, written: set[str]) -> None:
    """Pages and feeds of companies no longer tracked (merged, renamed) go; the folders are the site's own."""
    for folder in ("companies", "feeds/companies"):
        for path in sorted((target / folder).glob("*")):
            if path.is_file() and f"{folder}/{path.name}" not in written:
                path.unlink()


def _feed(
    title: str,
    feed_id: str,
    path: str,
    moves: Sequence[tuple[Move, str]],
    base_url: str | None,
    as_of: date,
) -> str:
    """A feed whose links are absolute under ``base_url``, else relative to the feed file."""
    depth = path.count("/")
    prefix = base_url.rstrip("/") + "/" if base_url else "../" * depth
    hrefs = {id(move): href for move, href in moves}
    return atom_feed(
        title=title,
        feed_id=feed_id,
        site_link=prefix + "index.html",
        self_link=(prefix + path) if base_url else path.rsplit("/", 1)[-1],
        moves=[move for move, _ in moves],
        claim_link=lambda move: prefix + hrefs[id(move)],
        as_of=as_of,
    )
