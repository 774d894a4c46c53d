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
    from openwatch.core.lanes import span
    from openwatch.render.chart import lane_lines, plain_text

    title = md_text(view.company)
    out = [f"# {title}: openness over time", "", f"As of {view.as_of.isoformat()}.", ""]
    out += [f"## Status as of {view.as_of.isoformat()}", ""]
    if view.status:
        out += _table(
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
    else:
        out.append(f"No claim dated on or before {view.as_of.isoformat()}.")
    out += ["", "## Said versus shipped", ""]
    if view.gaps:
        out += _table(
            ["Said on", "Series", "Said", "Finding", "Shipped or judged", "Claims"],
            (
                [
                    str(gap.stated.date),
                    _series(gap.model),
                    gap.stated.stance.value,
                    gap.finding.value,
                    "no evidence recorded"
                    if gap.evidence is None
                    else f"{gap.evidence.stance.value} ({gap.evidence.kind.value}, {gap.evidence.date})",
                    _claim_ref(gap.stated)
                    if gap.evidence is None
                    else f"{_claim_ref(gap.stated)} / {_claim_ref(gap.evidence)}",
                ]
                for gap in view.gaps
            ),
        )
    elif view.has_statements:
        out.append("No statement claims more openness than was shipped or judged.")
    else:
        out.append("No statement by the vendor recorded: nothing to hold against what shipped.")
    if view.promises is not None:
        out += ["", "## Promises", "", view.promises]
    start, end = span(view.lanes, view.as_of)
    chart = plain_text(lane_lines("Stance over time", view.lanes, start, end, 100))
    # The chart is ASCII drawn from escaped names; a fence longer than any backtick run in it holds it.
    longest = max((len(run) for run in re.findall(r"`+", chart)), default=0)
    fence = "`" * max(3, longest + 1)
    out += ["", "## Stance over time", "", f"{fence}text", chart.rstrip("\n"), fence, "", "## Timeline", ""]
    for entry in view.timeline:
        claim = entry.claim
        move = ""
        if entry.move is not None:
            move = f" · {entry.move.direction.value}" + (
                f" from {entry.move.before.value}" if entry.move.before else ""
            )
        planned = " (planned)" if claim.planned else ""
        conflict = " · **conflict**" if entry.conflict else ""
        out += [
            f'<a id="claim-{claim_anchor(claim.id)}"></a>',
            f"### {claim.date} · {_series(claim.model)} · {claim.stance.value}{planned}{move}{conflict}",
            "",
            f"- Kind: {claim.kind.value}",
            f"- Source: {md_source(claim)}",
        ]
        if claim.license:
            out.append(f"- Licence: {md_text(claim.license)}")
        if claim.planned and claim.due is not None:
            out.append(f"- Due: {claim.due}")
        recorded = f"recorded {claim.recorded_at:%Y-%m-%d}" + (
            f" by {md_text(claim.recorded_by)}" if claim.recorded_by else ""
        )
        out.append(f"- Claim: {md_text(claim.id)} ({recorded})")
        if claim.quote:
            out += [
                "",
                *(f"> {md_text(line, line_start=True)}" if line.strip() else ">" for line in claim.quote.splitlines()),
            ]
        if claim.note:
            out += ["", md_text(claim.note, line_start=True)]
        out.append("")
    if view.attributions:
        out += ["## Sources", "", *(md_text(notice, line_start=True) + "\n" for notice in view.attributions)]
    return "\n".join(out).rstrip("\n") + "\n"
