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

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openwatch.core.claim import Direction
from openwatch.core.history import Move, claim_order
from openwatch.publish.source import SiteSource
from openwatch.render.html import Chrome, Link, MoveRow, VendorRow

PAGE_SIZE = 500
LATEST_MOVES = 50
_SIMPLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(name: str) -> str:
    """A file name for a company: ``Mistral AI`` -> ``mistral-ai``.

    Names that do not reduce to plain letters and digits (``Zhipu.AI``,
    ``智谱``) keep what they can and add a short hash of the name, so two
    companies never share a file and a name always gets the same one.
    """
    plain = re.sub(r"[\s_-]+", "-", name.strip().casefold())
    if _SIMPLE.fullmatch(plain):
        return plain
    kept = "-".join(re.findall(r"[a-z0-9]+", plain))[:40]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{kept}-{digest}" if kept else f"c-{digest}"


def page_file(company_slug: str, number: int) -> str:
    return f"{company_slug}.html" if number == 1 else f"{company_slug}-{number}.html"


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
    from openwatch.core.attribution import attributions_for
    from openwatch.core.trajectory import CompanyTrajectory, trajectories
    from openwatch.publish.feeds import atom_feed, recorded_key
    from openwatch.publish.report import company_view
    from openwatch.render.html import about_page, company_page, company_svg, index_page, stance_summary
    from openwatch.render.svg import trajectory_chart

    for fixed in ("index.html", "about.html", "claims.csv", "claims.jsonl", "feeds/all.xml", "feeds/closed.xml"):
        refuse(target / fixed)
    for folder in ("companies", "feeds/companies"):
        for path in sorted((target / folder).glob("*")):
            refuse(path)  # a stale page is removed: never the database
    writer = _Writer(target, refuse)
    target.mkdir(parents=True, exist_ok=True)
    every = _Newest(100, recorded_key)
    closing = _Newest(100, recorded_key)
    latest = _Newest(LATEST_MOVES, lambda move: claim_order(move.claim))
    vendors: list[VendorRow] = []
    paths: list[tuple[str, CompanyTrajectory]] = []
    index_sources: set[str] = set()
    claim_total = pages = 0
    names = sorted(source.companies(), key=lambda name: (name.casefold(), name))
    for company in names:
        company_slug = slug(company)
        view = company_view(source, company, as_of)
        entries, status = view.timeline, view.status
        page_of = {entry.claim.id: index // PAGE_SIZE + 1 for index, entry in enumerate(entries)}
        page_count = max(1, (len(entries) + PAGE_SIZE - 1) // PAGE_SIZE)

        claim_href = _ClaimHrefs(company_slug, page_of)
        chart = company_svg(view)
        feed_href = f"../feeds/companies/{company_slug}.xml"
        for number in range(1, page_count + 1):
            links = [Link(str(n), page_file(company_slug, n), current=n == number) for n in range(1, page_count + 1)]
            chrome = _chrome("../", feed=feed_href)
            chrome = Chrome(
                nav=chrome.nav, feeds=chrome.feeds, downloads=chrome.downloads, claim_href=claim_href.on_page(number)
            )
            chunk = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            writer.write(
                f"companies/{page_file(company_slug, number)}",
                company_page(
                    view,
                    entries=chunk,
                    page_number=number,
                    pages=links if page_count > 1 else (),
                    chrome=chrome,
                    chart=chart if number == 1 else "",
                ),
            )
            pages += 1
        standalone = company_svg(view, standalone=True) if view.attributions else chart
        writer.write(f"companies/{company_slug}.svg", [standalone, "\n"])

        company_moves = [
            (entry.move, _site_claim_href(company_slug, page_of, entry.move.claim.id))
            for entry in entries
            if entry.move
        ]
        every.add(company_moves)
        closing.add(pair for pair in company_moves if pair[0].direction is Direction.CLOSED)
        latest.add(company_moves)
        newest_company = sorted(company_moves, key=lambda pair: recorded_key(pair[0]), reverse=True)
        writer.write(
            f"feeds/companies/{company_slug}.xml",
            [
                _feed(
                    atom_feed,
                    f"openwatch: {company}'s moves",
                    f"urn:openwatch:feed:company:{company_slug}",
                    f"feeds/companies/{company_slug}.xml",
                    newest_company,
                    base_url,
                    as_of,
                )
            ],
        )
        moved = [pair[0] for pair in company_moves]
        last_move = max(moved, key=lambda move: claim_order(move.claim), default=None)
        vendors.append(
            VendorRow(
                company=company,
                href=f"companies/{page_file(company_slug, 1)}",
                summary=stance_summary(status),
                latest=last_move,
                latest_href=_site_claim_href(company_slug, page_of, last_move.claim.id) if last_move else "",
                claims=len(entries),
            )
        )
        for found in trajectories((entry.claim for entry in entries), as_of):
            paths.append((company_slug, found))
        claim_total += len(entries)

    latest_moves = latest.result()
    path_list = [found for _, found in paths]
    index_sources.update(move.claim.source for move, _ in latest_moves)
    index_sources.update(release.claim.source for found in path_list for release in found.releases)
    days = [release.day for found in path_list for release in found.releases]
    first = min(days, default=as_of)
    trajectory_title = "Each vendor's models at release"
    trajectory_svg = trajectory_chart(trajectory_title, path_list, date(first.year, 1, 1), as_of)
    release_credits = attributions_for(r.claim.source for found in path_list for r in found.releases)
    trajectory_file = trajectory_chart(
        trajectory_title, path_list, date(first.year, 1, 1), as_of, credits=release_credits
    )
    writer.write("trajectory.svg", [trajectory_file, "\n"])
    root = _chrome("")
    writer.write(
        "index.html",
        index_page(
            as_of=as_of,
            vendors=vendors,
            trajectory_svg=trajectory_svg,
            moves=[MoveRow(move, href) for move, href in latest_moves],
            claim_count=claim_total,
            attributions=attributions_for(index_sources),
            chrome=Chrome(nav=root.nav, feeds=root.feeds, downloads=root.downloads),
        ),
    )
    writer.write("about.html", about_page(as_of=as_of, chrome=root))
    writer.write(
        "feeds/all.xml",
        [
            _feed(
                atom_feed,
                "openwatch: every move",
                "urn:openwatch:feed:all",
                "feeds/all.xml",
                every.result(),
                base_url,
                as_of,
            )
        ],
    )
    writer.write(
        "feeds/closed.xml",
        [
            _feed(
                atom_feed,
                "openwatch: moves toward closed",
                "urn:openwatch:feed:closed",
                "feeds/closed.xml",
                closing.result(),
                base_url,
                as_of,
            )
        ],
    )
    with (
        (target / "claims.csv").open("w", encoding="utf-8", newline="") as csv_out,
        (target / "claims.jsonl").open("w", encoding="utf-8", newline="") as jsonl_out,
    ):
        source.downloads(csv_out, jsonl_out)
    writer.files += ["claims.csv", "claims.jsonl"]
    _remove_stale(target, set(writer.files))
    pages += 2
    return SiteSummary(pages, len(names), claim_total, tuple(writer.files))


def _remove_stale(target: Path, written: set[str]) -> None:
    """Pages and feeds of companies no longer tracked (merged, renamed) go; the folders are the site's own."""
    for folder in ("companies", "feeds/companies"):
        for path in sorted((target / folder).glob("*")):
            if path.is_file() and f"{folder}/{path.name}" not in written:
                path.unlink()


class _ClaimHrefs:
    """Where each of a company's claims is, from one of its pages."""

    def __init__(self, company_slug: str, page_of: dict[str, int]) -> None:
        self.company_slug, self.page_of = company_slug, page_of

    def on_page(self, current: int) -> Callable[[str], str]:
        from openwatch.render.html import claim_anchor

        def href(claim_id: str) -> str:
            number = self.page_of.get(claim_id, 1)
            here = "" if number == current else page_file(self.company_slug, number)
            return here + "#claim-" + claim_anchor(claim_id)

        return href


def _site_claim_href(company_slug: str, page_of: dict[str, int], claim_id: str) -> str:
    """A claim's address from the site's root."""
    from openwatch.render.html import claim_anchor

    return f"companies/{page_file(company_slug, page_of.get(claim_id, 1))}#claim-{claim_anchor(claim_id)}"


def _feed(
    atom_feed: Callable[..., str],
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
