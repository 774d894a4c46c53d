"""The company report as Markdown, with every source linked.

User text is data: characters Markdown reads as syntax get a backslash,
``<`` and ``>`` become ``&lt;`` and ``&gt;`` (so no HTML tag survives a
renderer that allows them), and ``&`` becomes ``&amp;`` so an entity cannot
be smuggled in. The only link made is ``[source](url)`` from a URL that
``http_url`` accepts, percent-encoded so nothing in it can end the link;
no image is ever made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from openwatch.core.claim import Claim
from openwatch.core.history import Gap, TimelineEntry
from openwatch.render.safe import http_url, visible
from openwatch.render.view import CompanyView, claim_anchor

_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
# Text a renderer would turn into a link by itself (GFM autolinks): the escape breaks the match.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|vbscript)(:)|\b(www)(\.)")
# What starts a block when it opens a line: a heading, a list item, a quote, a rule, a numbered item.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_text(value: str, *, line_start: bool = False) -> str:
    """User text as inert Markdown: syntax escaped, ``<``/``>``/``&`` as entities, no autolink.

    ``line_start``: the text opens a line (a quote or a note), so a leading
    ``#``, ``-``, ``>`` or ``1.`` is escaped too.
    """
    shown = visible(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    shown = _SPECIAL.sub(r"\\\1", shown)
    shown = _AUTOLINK.sub(lambda m: f"{m.group(1)}\\:" if m.group(1) else f"{m.group(3)}\\.", shown)
    if line_start:
        shown = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], shown)
    return shown


def md_url(url: str) -> str:
    """A URL safe inside ``(...)``: spaces, brackets, quotes and angle brackets percent-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def md_source(claim: Claim) -> str:
    link = http_url(claim.url)
    if link is None:
        shown = md_text(claim.source)
        return shown + (f" ({md_text(claim.url)})" if claim.url else "")
    return f"[{md_text(claim.source)}]({md_url(link)})"


def _series(model: str | None) -> str:
    return "(company-wide)" if model is None else md_text(model)


def _claim_ref(claim: Claim) -> str:
    return f"[{md_text(claim.id)}](#claim-{claim_anchor(claim.id)})"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def company_markdown(view: CompanyView) -> str:
    """Status, said versus shipped, a text chart and the timeline with every quote in full."""
    title = md_text(view.company)
    out = [f"# {title}: openness over time", "", f"As of {view.as_of.isoformat()}.", ""]
    out += _status_section(view)
    out += _gaps_section(view)
    if view.promises is not None:
        out += ["", "## Promises", "", view.promises]
    out += _chart_section(view)
    out += ["", "## Timeline", ""]
    for entry in view.timeline:
        out += _timeline_entry(entry)
    if view.attributions:
        out += ["## Sources", "", *(md_text(notice, line_start=True) + "\n" for notice in view.attributions)]
    return "\n".join(out).rstrip("\n") + "\n"


def _status_section(view: CompanyView) -> list[str]:
    out = [f"## Status as of {view.as_of.isoformat()}", ""]
    if not view.status:
        return [*out, f"No claim dated on or before {view.as_of.isoformat()}."]
    return out + _table(
        ["Series", "Stance", "Kind", "Date", "Source", "Claim"],
        (
            [
                _series(row.model),
                row.stance.value
                + (" (planned)" if row.claim.planned else "")
                + (" **conflict**" if row.conflict else ""),
                row.claim.kind.value,
                str(row.claim.date),
                md_source(row.claim),
                _claim_ref(row.claim),
            ]
            for row in view.status
        ),
    )


def _gaps_section(view: CompanyView) -> list[str]:
    out = ["", "## Said versus shipped", ""]
    if view.gaps:
        return out + _table(
            ["Said on", "Series", "Said", "Finding", "Shipped or judged", "Claims"],
            ([str(gap.stated.date), _series(gap.model), *_gap_cells(gap)] for gap in view.gaps),
        )
    if view.has_statements:
        return [*out, "No statement claims more openness than was shipped or judged."]
    return [*out, "No statement by the vendor recorded: nothing to hold against what shipped."]


def _gap_cells(gap: Gap) -> list[str]:
    """What was said, the finding, what shipped or was judged, and the claims behind them."""
    if gap.evidence is None:
        return [gap.stated.stance.value, gap.finding.value, "no evidence recorded", _claim_ref(gap.stated)]
    evidence = gap.evidence
    return [
        gap.stated.stance.value,
        gap.finding.value,
        f"{evidence.stance.value} ({evidence.kind.value}, {evidence.date})",
        f"{_claim_ref(gap.stated)} / {_claim_ref(evidence)}",
    ]


def _chart_section(view: CompanyView) -> list[str]:
    from openwatch.core.lanes import span
    from openwatch.render.chart import lane_lines, plain_text

    start, end = span(view.lanes, view.as_of)
    chart = plain_text(lane_lines("Stance over time", view.lanes, start, end, 100))
    # The chart is ASCII drawn from escaped names; a fence longer than any backtick run in it holds it.
    longest = max((len(run) for run in re.findall(r"`+", chart)), default=0)
    fence = "`" * max(3, longest + 1)
    return ["", "## Stance over time", "", f"{fence}text", chart.rstrip("\n"), fence]


def _timeline_entry(entry: TimelineEntry) -> list[str]:
    """One claim: an anchor, a heading that says the move, its facts, the quote and the note in full."""
    claim = entry.claim
    move = ""
    if entry.move is not None:
        move = f" · {entry.move.direction.value}" + (f" from {entry.move.before.value}" if entry.move.before else "")
    planned = " (planned)" if claim.planned else ""
    conflict = " · **conflict**" if entry.conflict else ""
    out = [
        f'<a id="claim-{claim_anchor(claim.id)}"></a>',
        f"### {claim.date} · {_series(claim.model)} · {claim.stance.value}{planned}{move}{conflict}",
        "",
        *_claim_facts(claim),
    ]
    if claim.quote:
        out += [
            "",
            *(f"> {md_text(line, line_start=True)}" if line.strip() else ">" for line in claim.quote.splitlines()),
        ]
    if claim.note:
        out += ["", md_text(claim.note, line_start=True)]
    out.append("")
    return out


def _claim_facts(claim: Claim) -> list[str]:
    """The list under a claim's heading: kind, source, licence, due date, id and who recorded it when."""
    facts = [f"- Kind: {claim.kind.value}", f"- Source: {md_source(claim)}"]
    if claim.license:
        facts.append(f"- Licence: {md_text(claim.license)}")
    if claim.planned and claim.due is not None:
        facts.append(f"- Due: {claim.due}")
    recorded = f"recorded {claim.recorded_at:%Y-%m-%d}" + (
        f" by {md_text(claim.recorded_by)}" if claim.recorded_by else ""
    )
    facts.append(f"- Claim: {md_text(claim.id)} ({recorded})")
    return facts
