"""Charts drawn as SVG: the company chart (one lane per series) and the trajectory chart.

Standalone documents: no script, no stylesheet or font from elsewhere (the
system font stack), a ``<title>`` and ``<desc>``, a viewBox so they scale
from a phone to 1,200 px. Every piece of user text is escaped as XML text
or attribute; nothing here ever becomes a link. The same string is also
valid inline in an HTML page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from openwatch.core.claim import Stance
from openwatch.core.lanes import Lane, Stretch
from openwatch.core.trajectory import CompanyTrajectory
from openwatch.render.palette import CONFLICT, FILL, LEGEND
from openwatch.render.safe import shorten, visible

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH = 1200
LABEL = 230
RIGHT = 28
TOP = 96
LEGEND_HEIGHT = 96


def text(value: str) -> str:
    """User text as XML character data or an attribute value (control characters shown)."""
    return escape(visible(value), quote=True)


# -- time axis -------------------------------------------------------------------


def ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Dated ticks between two days: years, or months for spans under three years; at most 12."""
    days = (end - start).days
    if days > 3 * 365:
        step = next(s for s in (1, 2, 5, 10, 20, 50) if (end.year - start.year) // s < 12)
        first = start.year + (1 if (start.month, start.day) != (1, 1) else 0)
        first += (-first) % step
        return [(date(y, 1, 1), str(y)) for y in range(first, end.year + 1, step)]
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next(s for s in (1, 2, 3, 6, 12) if months // s < 12)
    index = start.year * 12 + start.month - 1 + (0 if start.day == 1 else 1)
    index += (-index) % step
    found = []
    while True:
        day = date(index // 12, index % 12 + 1, 1)
        if day > end:
            break
        found.append((day, f"{day.year:04d}-{day.month:02d}"))
        index += step
    return found


class Scale:
    """Days to x positions on a plot from ``left`` to ``right``."""

    def __init__(self, start: date, end: date, left: float, right: float) -> None:
        self.start, self.left, self.right = start, left, right
        self.days = max(1, (end - start).days)

    def x(self, day: date) -> float:
        return self.left + (day - self.start).days * (self.right - self.left) / self.days


def _num(value: float) -> str:
    """Coordinates rounded to 0.1 unit, written the same on every run."""
    return f"{round(value, 1):g}"


# -- shared pieces ---------------------------------------------------------------


def _defs(ids: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{ids}-planned" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff" fill-opacity="0.55"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#222222" stroke-width="2.5" stroke-opacity="0.6"/></pattern>'
        f'<pattern id="{ids}-mixed" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="4" height="8" fill="#8c8c8c"/><rect x="4" width="4" height="8" fill="#e0e0e0"/></pattern>'
        "</defs>"
    )


def _fill(stance: Stance, ids: str) -> str:
    return f"url(#{ids}-mixed)" if stance is Stance.MIXED else FILL[stance]


def _bar(x: float, y: float, width: float, height: float, stance: Stance, planned: bool, ids: str) -> str:
    dashed = ' stroke-dasharray="4 3"' if stance is Stance.UNKNOWN or planned else ""
    parts = [
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(width, 1.5))}" height="{_num(height)}" '
        f'fill="{_fill(stance, ids)}" stroke="#555555" stroke-width="1"{dashed}/>'
    ]
    if planned:
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(width, 1.5))}" height="{_num(height)}" '
            f'fill="url(#{ids}-planned)"/>'
        )
    return "".join(parts)


def _legend(y: float, ids: str, *, company: bool) -> str:
    items: list[str] = []
    x = 24.0
    row_y = y
    entries: list[tuple[str, str]] = []
    for stance in LEGEND:
        entries.append((stance.value, _bar(0, 0, 22, 14, stance, False, ids)))
    if company:
        entries.append(("planned (hatched)", _bar(0, 0, 22, 14, Stance.WEIGHTS_RESTRICTED, True, ids)))
        entries.append(("a claim", '<circle cx="11" cy="7" r="5" fill="#111111" stroke="#ffffff" stroke-width="1.5"/>'))
        entries.append(
            ("a planned claim", '<circle cx="11" cy="7" r="5" fill="#ffffff" stroke="#111111" stroke-width="1.5"/>')
        )
        entries.append(("conflict", _conflict_shape(11, 7)))
    for label, swatch in entries:
        width = 34 + 7.2 * len(label) + 18
        if x + width > WIDTH - 24:
            x, row_y = 24.0, row_y + 26
        items.append(
            f'<g transform="translate({_num(x)},{_num(row_y)})">{swatch}'
            f'<text x="30" y="12" font-size="13">{text(label)}</text></g>'
        )
        x += width
    return '<g class="legend">' + "".join(items) + "</g>"


def _conflict_shape(x: float, y: float) -> str:
    return (
        f'<path d="M{_num(x)} {_num(y - 8)} L{_num(x + 8)} {_num(y + 6)} L{_num(x - 8)} {_num(y + 6)} Z" '
        f'fill="{CONFLICT}" stroke="#111111" stroke-width="1"/>'
        f'<text x="{_num(x)}" y="{_num(y + 4.5)}" font-size="10" font-weight="bold" fill="#ffffff" '
        'text-anchor="middle">!</text>'
    )


def _credits(lines: Sequence[str], y: float) -> tuple[str, float]:
    """Attributions an index's licence asks for, wrapped under the legend; returns the markup and its height."""
    import textwrap

    rows = [row for line in lines for row in textwrap.wrap(visible(line), 170)]
    parts = [
        f'<text x="24" y="{_num(y + 14 + 16 * number)}" font-size="11" fill="#444444">{text(row)}</text>'
        for number, row in enumerate(rows)
    ]
    return '<g class="credits">' + "".join(parts) + "</g>", (16 * len(rows) + 8 if rows else 0)


def _open(width: float, height: float, title: str, desc: str, ids: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="{_num(width)}" height="{_num(height)}" role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f'font-family="{FONT}" fill="#111111">'
        f'<title id="{ids}-title">{text(title)}</title><desc id="{ids}-desc">{text(desc)}</desc>'
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>'
    )


def _axis(scale: Scale, start: date, end: date, top: float, bottom: float) -> str:
    parts = []
    for day, label in ticks(start, end):
        x = _num(scale.x(day))
        parts.append(
            f'<line x1="{x}" y1="{_num(top - 6)}" x2="{x}" y2="{_num(bottom)}" stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{x}" y="{_num(top - 10)}" font-size="13" text-anchor="middle">{text(label)}</text>'
        )
    return "".join(parts)


# -- the company chart -------------------------------------------------------------


def claim_tooltip(lane: Lane, index: int) -> str:
    mark = lane.marks[index]
    claim = mark.claim
    parts = [
        str(claim.date),
        claim.stance.value + (" (planned)" if claim.planned else ""),
        claim.kind.value,
        claim.source,
    ]
    if mark.conflict:
        parts.append("conflict: claims of this date disagree")
    return f"{lane.title}: " + " · ".join(parts)


def company_chart(
    title: str, lanes: Sequence[Lane], start: date, end: date, *, ids: str = "ow", credits: Sequence[str] = ()
) -> str:
    """One lane per series, company-wide first; at most 2,000 units tall for 25 lanes.

    ``credits``: attributions to print under the legend (an index's licence
    asks for one wherever its verdicts are shown, tooltips included).
    """
    lane_height = 56 if len(lanes) <= 25 else 40
    plot_bottom = TOP + lane_height * max(1, len(lanes))
    credit_marks, credit_height = _credits(credits, plot_bottom + 24 + LEGEND_HEIGHT)
    height = plot_bottom + 24 + LEGEND_HEIGHT + credit_height
    scale = Scale(start, end, LABEL, WIDTH - RIGHT)
    desc = (
        f"{len(lanes)} series from {start.isoformat()} to {end.isoformat()}, one lane each, company-wide first. "
        "Each stretch is coloured by the stance held, dark (closed) to light (open-source); mixed is striped, "
        "unknown is an empty outline, planned stretches are hatched; each circle is a claim, a red triangle a conflict."
    )
    out = [_open(WIDTH, height, title, desc, ids), _defs(ids)]
    out.append(f'<text x="24" y="34" font-size="22" font-weight="bold">{text(title)}</text>')
    out.append(f'<text x="24" y="58" font-size="14" fill="#444444">{start.isoformat()} to {end.isoformat()}</text>')
    out.append(_axis(scale, start, end, TOP, plot_bottom))
    if not lanes:
        out.append(f'<text x="{LABEL}" y="{TOP + 30}" font-size="14">No claims recorded.</text>')
    for number, lane in enumerate(lanes):
        top = TOP + number * lane_height
        bar_y, bar_h = top + (lane_height - 24) / 2, 24.0
        middle = bar_y + bar_h / 2
        out.append(f'<g class="lane"><title>{text(lane.title)}</title>')
        out.append(
            f'<text x="{LABEL - 12}" y="{_num(middle + 5)}" font-size="14" text-anchor="end">'
            f"{text(shorten(visible(lane.title), 28))}</text>"
        )
        out.append(
            f'<line x1="{LABEL}" y1="{_num(top + lane_height)}" x2="{WIDTH - RIGHT}" y2="{_num(top + lane_height)}" '
            'stroke="#eeeeee" stroke-width="1"/>'
        )
        out.append("</g>")
        for stretch in lane.stretches:
            out.append(_stretch(scale, stretch, bar_y, bar_h, ids))
        for index, mark in enumerate(lane.marks):
            x = _num(scale.x(mark.day))
            fill = "#ffffff" if mark.claim.planned else "#111111"
            out.append(
                f'<g class="claim"><title>{text(claim_tooltip(lane, index))}</title>'
                f'<circle cx="{x}" cy="{_num(middle)}" r="5" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'
                f'<circle cx="{x}" cy="{_num(middle)}" r="6.5" fill="none" stroke="#111111" stroke-width="1"/>'
            )
            if mark.conflict:
                out.append(_conflict_shape(scale.x(mark.day), bar_y - 8))
            out.append("</g>")
    out.append(_legend(plot_bottom + 24, ids, company=True))
    out.append(credit_marks)
    out.append("</svg>")
    return "".join(out)


def _stretch(scale: Scale, stretch: Stretch, y: float, height: float, ids: str) -> str:
    x0, x1 = scale.x(stretch.start), scale.x(stretch.end)
    label = f"{stretch.stance.value}{' (planned)' if stretch.planned else ''}: {stretch.start} to {stretch.end}"
    bar = _bar(x0, y, x1 - x0, height, stretch.stance, stretch.planned, ids)
    return f'<g class="stretch"><title>{text(label)}</title>{bar}</g>'


# -- the trajectory chart -----------------------------------------------------------


def trajectory_chart(
    title: str,
    companies: Sequence[CompanyTrajectory],
    start: date,
    end: date,
    *,
    ids: str = "tr",
    credits: Sequence[str] = (),
) -> str:
    """Per company, each model's stance at its release over time: high is open, low is closed."""
    lane_height = 64
    plot_bottom = TOP + lane_height * max(1, len(companies))
    credit_marks, credit_height = _credits(credits, plot_bottom + 24 + LEGEND_HEIGHT)
    height = plot_bottom + 24 + LEGEND_HEIGHT + credit_height
    scale = Scale(start, end, LABEL, WIDTH - RIGHT)
    desc = (
        f"{len(companies)} companies from {start.isoformat()} to {end.isoformat()}: each dot is a model at its "
        "release, placed higher the more open it was and coloured dark (closed) to light (open-source); "
        "mixed and unknown are diamonds in the middle of the lane."
    )
    out = [_open(WIDTH, height, title, desc, ids), _defs(ids)]
    out.append(f'<text x="24" y="34" font-size="22" font-weight="bold">{text(title)}</text>')
    out.append(
        f'<text x="24" y="58" font-size="14" fill="#444444">Each model at its release, {start.isoformat()} '
        f"to {end.isoformat()}; higher is more open</text>"
    )
    out.append(_axis(scale, start, end, TOP, plot_bottom))
    if not companies:
        out.append(f'<text x="{LABEL}" y="{TOP + 30}" font-size="14">No model releases recorded.</text>')
    for number, company in enumerate(companies):
        top = TOP + number * lane_height
        low, high = top + lane_height - 10, top + 10

        def y_of(stance: Stance, low: float = low, high: float = high) -> float:
            level = stance.level
            return (low + high) / 2 if level is None else low - level * (low - high) / 7

        share = company.recent_open_share
        note = (
            "no release in the last 12 months"
            if share is None
            else f"{company.recent_open} of {company.recent} open-weights or above, last 12 months"
        )
        out.append(
            f'<g class="company"><title>{text(company.company)}: {text(note)}</title>'
            f'<text x="{LABEL - 12}" y="{_num(top + lane_height / 2 - 2)}" font-size="14" text-anchor="end" '
            f'font-weight="bold">{text(shorten(visible(company.company), 26))}</text>'
            f'<text x="{LABEL - 12}" y="{_num(top + lane_height / 2 + 15)}" font-size="11" text-anchor="end" '
            f'fill="#444444">{text(_short_share(company))}</text>'
            f'<line x1="{LABEL}" y1="{_num(top + lane_height)}" x2="{WIDTH - RIGHT}" y2="{_num(top + lane_height)}" '
            'stroke="#dddddd" stroke-width="1"/>'
            f'<line x1="{LABEL}" y1="{_num(high)}" x2="{WIDTH - RIGHT}" y2="{_num(high)}" stroke="#f2f2f2"/>'
            f'<line x1="{LABEL}" y1="{_num(low)}" x2="{WIDTH - RIGHT}" y2="{_num(low)}" stroke="#f2f2f2"/></g>'
        )
        ordered = [r for r in company.releases if r.stance.level is not None]
        if len(ordered) > 1:
            points = " ".join(f"{_num(scale.x(r.day))},{_num(y_of(r.stance))}" for r in ordered)
            out.append(f'<polyline points="{points}" fill="none" stroke="#9a9a9a" stroke-width="1.5"/>')
        for release in company.releases:
            x, y = scale.x(release.day), y_of(release.stance)
            claim = release.claim
            tip = f"{release.model}: {claim.date} · {release.stance.value} · {claim.kind.value} · {claim.source}"
            if release.stance.level is None:
                shape = (
                    f'<path d="M{_num(x)} {_num(y - 8)} L{_num(x + 8)} {_num(y)} L{_num(x)} {_num(y + 8)} '
                    f'L{_num(x - 8)} {_num(y)} Z" fill="{_fill(release.stance, ids)}" stroke="#111111" '
                    'stroke-width="1.2" stroke-dasharray="3 2"/>'
                )
            else:
                shape = (
                    f'<circle cx="{_num(x)}" cy="{_num(y)}" r="7" fill="{FILL[release.stance]}" '
                    'stroke="#111111" stroke-width="1.2"/>'
                )
            out.append(f'<g class="release"><title>{text(tip)}</title>{shape}</g>')
    out.append(_legend(plot_bottom + 24, ids, company=False))
    out.append(credit_marks)
    out.append("</svg>")
    return "".join(out)


def _short_share(company: CompanyTrajectory) -> str:
    share = company.recent_open_share
    if share is None:
        return "none in 12 mo."
    return f"{round(share * 100)}% open, 12 mo. ({company.recent_open}/{company.recent})"
