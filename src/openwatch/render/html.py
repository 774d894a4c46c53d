"""HTML pages through Jinja2 templates with autoescaping: the company page, the index, the explainer.

Every value a user typed reaches a page through autoescaping (and
``visible``, so control characters show as escapes); the only markup
passed through unescaped is the SVG this package draws, which escapes its
own text. A URL becomes a link only when it is http or https
(``http_url``): a ``javascript:`` address stays text. Pages are written as
a stream of chunks so a long timeline never sits in memory as one string.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from openwatch.core.claim import Kind, Stance
from openwatch.core.history import Move, StatusRow, TimelineEntry
from openwatch.render.safe import http_url, visible, visible_block
from openwatch.render.view import CompanyView, claim_anchor

if TYPE_CHECKING:
    from jinja2 import Environment

STANCE_MEANINGS: dict[Stance, str] = {
    Stance.CLOSED: "No outside access (unreleased, internal only, withheld).",
    Stance.LIMITED: "Only vendor-chosen parties: access approved case by case, or a staged release.",
    Stance.HOSTED: "Usable only in the vendor's own product, no API.",
    Stance.API: "Programmatic API access, no weights.",
    Stance.WEIGHTS_NONCOMMERCIAL: "Downloadable weights, commercial use forbidden.",
    Stance.WEIGHTS_RESTRICTED: "Downloadable weights under a custom or use-restricted licence (Llama, Gemma).",
    Stance.OPEN_WEIGHTS: "Downloadable weights under an OSI-approved licence; code or data information incomplete.",
    Stance.OPEN_SOURCE: "Meets the OSI Open Source AI Definition: weights, complete code and data information.",
    Stance.MIXED: "A company-wide policy of some open and some closed models; not on the scale.",
    Stance.UNKNOWN: "Not enough evidence; not on the scale.",
}
KIND_MEANINGS: dict[Kind, str] = {
    Kind.REPORTED: "A third party reported it, e.g. the press citing unnamed sources.",
    Kind.STATED: "The vendor or its executives said it.",
    Kind.ASSESSED: "An independent body judged it, e.g. the OSI on a licence or an openness index.",
    Kind.OBSERVED: "An artefact was actually released, gated or withdrawn; a licence text.",
}


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    title: str = ""
    current: bool = False


@dataclass(frozen=True, slots=True)
class Chrome:
    """What frames a page on a site: navigation, feeds, downloads, and where claims live."""

    nav: Sequence[Link] = ()
    feeds: Sequence[Link] = ()
    downloads: Sequence[Link] = ()
    claim_href: Callable[[str], str] = field(default=lambda claim_id: "#claim-" + claim_anchor(claim_id))


@functools.cache
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("openwatch.render", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["visible"] = visible
    env.filters["block"] = visible_block
    env.filters["urlpart"] = claim_anchor
    env.globals["http_url"] = http_url
    env.globals["fill"] = _fill
    env.globals["fills"] = {stance.value: _fill(stance.value) for stance in Stance}
    return env


def _fill(value: str) -> str:
    from openwatch.render.palette import FILL

    stance = Stance(value)
    return "" if stance in (Stance.MIXED, Stance.UNKNOWN) else FILL[stance]


def _markup(svg: str) -> Any:
    from markupsafe import Markup

    # The SVG escapes every piece of user text it draws (render/svg.py).
    return Markup(svg)


def company_page(
    view: CompanyView,
    *,
    entries: Sequence[TimelineEntry] | None = None,
    page_number: int = 1,
    pages: Sequence[Link] = (),
    chrome: Chrome | None = None,
    chart: str | None = None,
) -> Iterator[str]:
    """The company page (or one page of its timeline) as chunks of HTML.

    ``chart``: the company chart, when the caller has drawn it already.
    """
    frame = chrome or Chrome()
    if chart is None:
        chart = company_svg(view) if page_number == 1 else ""
    template = environment().get_template("company.html")
    context: Mapping[str, Any] = {
        "company": view.company,
        "as_of": view.as_of.isoformat(),
        "claim_count": len(view.timeline),
        "lanes_count": len(view.lanes),
        "chart_svg": _markup(chart),
        "status": view.status,
        "gaps": view.gaps,
        "has_statements": view.has_statements,
        "promises": view.promises,
        "timeline": view.timeline if entries is None else entries,
        "page_number": page_number,
        "page_count": max(1, len(pages)),
        "pages": pages,
        "attributions": view.attributions,
        "nav": frame.nav,
        "feeds": frame.feeds,
        "downloads": frame.downloads,
        "claim_href": frame.claim_href,
    }
    return template.generate(**context)


def company_svg(view: CompanyView, *, standalone: bool = False) -> str:
    """The company chart: one lane per series, from the first claim to the view's date.

    ``standalone``: a file of its own, so it carries the attributions its
    tooltips owe (on a page, the page's footer does).
    """
    from openwatch.core.lanes import span
    from openwatch.render.svg import company_chart

    start, end = span(view.lanes, view.as_of)
    credits = view.attributions if standalone else ()
    return company_chart(f"{view.company}: stance over time", view.lanes, start, end, credits=credits)


def company_report_html(view: CompanyView) -> str:
    """A self-contained report page: chart, status, said versus shipped, the whole timeline."""
    return "".join(company_page(view))


@dataclass(frozen=True, slots=True)
class StanceCount:
    stance: str
    planned: bool
    count: int


@dataclass(frozen=True, slots=True)
class VendorRow:
    company: str
    href: str
    summary: Sequence[StanceCount]
    latest: Move | None
    latest_href: str
    claims: int


@dataclass(frozen=True, slots=True)
class MoveRow:
    move: Move
    href: str


def stance_summary(rows: Sequence[StatusRow]) -> list[StanceCount]:
    """How many series hold each stance, open to closed, unordered last."""
    counts: dict[tuple[Stance, bool], int] = {}
    for row in rows:
        key = (row.stance, row.claim.planned)
        counts[key] = counts.get(key, 0) + 1

    def order(key: tuple[Stance, bool]) -> tuple[int, bool]:
        level = key[0].level
        return (-(level if level is not None else -1 - list(Stance).index(key[0])), key[1])

    return [
        StanceCount(stance.value, planned, counts[(stance, planned)]) for stance, planned in sorted(counts, key=order)
    ]


def index_page(
    *,
    as_of: date,
    vendors: Sequence[VendorRow],
    trajectory_svg: str,
    moves: Sequence[MoveRow],
    claim_count: int,
    attributions: Sequence[str],
    chrome: Chrome,
) -> Iterator[str]:
    template = environment().get_template("index.html")
    return template.generate(
        as_of=as_of.isoformat(),
        vendors=vendors,
        trajectory_svg=_markup(trajectory_svg),
        moves=moves,
        claim_count=claim_count,
        attributions=attributions,
        nav=chrome.nav,
        feeds=chrome.feeds,
        downloads=chrome.downloads,
    )


def about_page(*, as_of: date, chrome: Chrome) -> Iterator[str]:
    template = environment().get_template("about.html")
    stances = [
        {"level": "–" if s.level is None else s.level, "name": s.value, "meaning": STANCE_MEANINGS[s]} for s in Stance
    ]
    kinds = [{"name": k.value, "meaning": KIND_MEANINGS[k]} for k in Kind]
    return template.generate(
        as_of=as_of.isoformat(),
        stances=stances,
        kinds=kinds,
        attributions=(),
        nav=chrome.nav,
        feeds=chrome.feeds,
        downloads=chrome.downloads,
    )
