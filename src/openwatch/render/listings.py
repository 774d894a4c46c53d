"""The table of each view: its columns, and the cells drawn from the view's records.

Each builder takes the records a ``RecordSpec`` made (render/records.py), so a
table shows what JSON and CSV carry. Pure: no rich here (a table reaches rich
only in render/tables.py, and only on a terminal).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from openwatch.render.listing import Column, Listing

Record = dict[str, Any]


def model_cell(model: str | None) -> str:
    return model or "(company-wide)"


def _flag(conflict: bool) -> str:
    return "conflict" if conflict else ""


def timeline(title: str, records: Sequence[Record]) -> Listing:
    columns = [
        Column("Date", "date", "date"),
        Column("Model", "model_shown", squeeze=10),
        Column("Stance", "stance", "stance"),
        Column("Move", "move", "move"),
        Column("Kind", "kind"),
        Column("Source", "source", squeeze=10),
        Column("Quote", "quote", shorten=True),
        Column("Id", "id", "id", optional=True),
    ]
    if any(r["conflict"] for r in records):
        columns.insert(4, Column("!", "flag", "flag"))
    rows = [{**r, "model_shown": model_cell(r["model"]), "flag": _flag(r["conflict"])} for r in records]
    return Listing(columns, rows, title=title, empty_message="No claims match.")


def status(title: str | None, records: Iterable[Record]) -> Listing:
    rows = [{**r, "model_shown": model_cell(r["model"]), "flag": _flag(r["conflict"])} for r in records]
    columns = [
        Column("Company", "company"),
        Column("Model", "model_shown"),
        Column("Stance", "stance", "stance"),
        Column("Kind", "kind"),
        Column("Since", "date", "date"),
        Column("Claim", "claim_id", "id"),
    ]
    if any(r["conflict"] for r in rows):
        columns.append(Column("!", "flag", "flag"))
    return Listing(columns, rows, title=title, empty_message="No series has a claim by that date.")


def status_evidence(title: str | None, records: Iterable[Record]) -> Listing:
    """``status --evidence``: each row, and below it the claims its stance rests on."""

    def line(item: Record) -> str:  # links are in JSON and CSV, and in 'openwatch show ID'
        planned = ", planned" if item["planned"] else ""
        return f"{item['claim_id']} ({item['kind']}{planned}, {item['source']})"

    listing = status(title, ({**r, "evidence_shown": "; ".join(line(e) for e in r["evidence"])} for r in records))
    listing.columns.append(Column("Evidence", "evidence_shown", role="text"))
    return listing


def _with_kind(stance: str | None, kind: str | None, planned: bool | None) -> str | None:
    """A stance with the evidence behind it: ``closed (reported, planned)``."""
    if stance is None:
        return None
    return f"{stance} ({kind}{', planned' if planned else ''})"


def diff(company: str, start: date, end: date, records: Sequence[Record], conflicted: Sequence[bool]) -> Listing:
    shown = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "from_shown": _with_kind(r["from_stance"], r["from_kind"], r["from_planned"]) or "(none)",
            "to_shown": _with_kind(r["to_stance"], r["to_kind"], r["to_planned"]),
            "between": ", ".join(r["claims"]),
            "flag": _flag(clash),
        }
        for r, clash in zip(records, conflicted, strict=True)
    ]
    columns = [
        Column("Model", "model_shown"),
        # diff is about FROM against TO: its FROM column never gives way.
        Column(f"At {start.isoformat()}", "from_shown", "stance", role="whole"),
        Column(f"At {end.isoformat()}", "to_shown", "stance"),
        Column("Move", "direction", "move"),
        Column("Claims between", "between", "id", shorten=True),
    ]
    if any(conflicted):
        columns.append(Column("!", "flag", "flag"))
    return Listing(columns, shown, title=f"{company}: {start} to {end}", empty_message="No series by then.")


def changes(records: Sequence[Record]) -> Listing:
    rows = [{**r, "model_shown": model_cell(r["model"]), "from_shown": r["from_stance"] or ""} for r in records]
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company"),
            Column("Model", "model_shown"),
            Column("From", "from_shown", "stance"),
            Column("To", "to_stance", "stance"),
            Column("Move", "direction", "move"),
            Column("Source", "source", shorten=True),
            Column("Claim", "claim_id", "id"),
        ],
        rows,
        empty_message="No moves match.",
    )


def conflicts(rows: Sequence[Record]) -> Listing:
    """One row per claim in conflict (``rows``: date, company, model, stance, planned, kind, source, claim_id)."""
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company"),
            Column("Model", "model_shown"),
            Column("Stance", "stance", "stance"),
            Column("Kind", "kind"),
            Column("Source", "source", shorten=True),
            Column("Claim", "claim_id", "id"),
        ],
        [{**r, "model_shown": model_cell(r["model"])} for r in rows],
        empty_message="No conflicting claims.",
    )


def gap(title: str | None, records: Sequence[Record]) -> Listing:
    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "evidence_shown": (
                f"{r['evidence_stance']} ({r['evidence_kind']} {r['evidence_date']})"
                if r["evidence_claim_id"]
                else "no evidence recorded"
            ),
        }
        for r in records
    ]
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company"),
            Column("Model", "model_shown"),
            Column("Said", "stated_stance", "stance"),
            Column("Claim", "stated_claim_id", "id"),
            Column("Finding", "finding"),
            Column("Shipped or judged", "evidence_shown", "stance"),
            Column("Claim", "evidence_claim_id", "id"),
        ],
        rows,
        title=title,
        empty_message="No statement claims more openness than was shipped or judged, and none lacks evidence.",
    )


def search(records: Sequence[Record]) -> Listing:
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company", squeeze=8),
            Column("Model", "model_shown", squeeze=10),
            Column("Stance", "stance", "stance"),
            Column("Kind", "kind"),
            Column("Source", "source", squeeze=10),
            Column("Match", "snippet", shorten=True),
            Column("Id", "id", "id", optional=True),
        ],
        [{**r, "model_shown": model_cell(r["model"])} for r in records],
        empty_message="No claims match.",
    )


def companies(records: Sequence[Record]) -> Listing:
    return Listing(
        [
            Column("Company", "company"),
            Column("Claims", "claims"),
            Column("Models", "models"),
            Column("First", "first", "date"),
            Column("Last", "last", "date"),
        ],
        records,
        empty_message="No companies yet: add a claim with 'openwatch add'.",
    )


def models(records: Sequence[Record]) -> Listing:
    return Listing(
        [
            Column("Company", "company"),
            Column("Model", "model"),
            Column("Claims", "claims"),
            Column("First", "first", "date"),
            Column("Last", "last", "date"),
        ],
        records,
        empty_message="No models tracked.",
    )


def aliases(records: Sequence[Record]) -> Listing:
    return Listing(
        [Column("Alias", "alias"), Column("Company", "company"), Column("Model", "model")],
        records,
        empty_message="No aliases yet: add one with 'openwatch alias add ALIAS COMPANY'.",
    )


def checks(records: Sequence[Record]) -> Listing:
    def result(record: Record) -> str:
        count = record["problem_count"]
        return "ok" if record["ok"] else f"FAILED ({count} problem{'s' if count != 1 else ''})"

    rows = [
        {
            "check": r["check"],
            "result": result(r),
            "detail": r["description"] if r["ok"] else "; ".join(r["problems"]),
        }
        for r in records
    ]
    return Listing([Column("Check", "check"), Column("Result", "result", "flag"), Column("Detail", "detail")], rows)


def history(claim_id: str, records: Sequence[Record]) -> Listing:
    return Listing(
        [
            Column("#", "version"),
            Column("When", "changed_at", "date"),
            Column("Change", "change", "move"),
            Column("Reason", "reason"),
            Column("What changed", "summary", shorten=True),
        ],
        records,
        title=f"History of claim {claim_id}",
    )


def _yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def verdicts(title: str | None, records: Sequence[Record]) -> Listing:
    """One row per verdict: the vendor's words, what shipped, each assessor; ``!`` where a model's verdicts disagree."""
    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "who": {"said": "vendor said", "shipped": "shipped", "judged": "judged"}[r["role"]]
            + (" (company-wide)" if r["company_wide"] and r["model"] else ""),
            "flag": "disagree" if r["disagree"] else "",
        }
        for r in records
    ]
    columns = [
        Column("Model", "model_shown", squeeze=10),
        Column("Verdict", "who"),
        Column("Stance", "stance", "stance"),
        Column("Source", "source", shorten=True),
        Column("Date", "date", "date"),
        Column("Claim", "claim_id", "id"),
    ]
    if any(r["disagree"] for r in records):
        columns.insert(3, Column("!", "flag", "flag"))
    return Listing(columns, rows, title=title, empty_message="No verdicts recorded.")


def licences(records: Sequence[Record]) -> Listing:
    rows = [
        {
            **r,
            "osi": _yes_no(r["osi_approved"]),
            "commercial": _yes_no(r["commercial_use"]),
            "restricted": _yes_no(r["use_restrictions"]),
            "stance_shown": r["stance"] or "(no weights)",
        }
        for r in records
    ]
    return Listing(
        [
            Column("Licence", "name"),
            Column("OSI", "osi"),
            Column("Commercial", "commercial"),
            Column("Restricted", "restricted"),
            Column("Weights stance", "stance_shown", "stance"),
            Column("Note", "note", shorten=True),
        ],
        rows,
        empty_message="No licences.",
    )


def trajectory(as_of: date, records: Sequence[Record]) -> Listing:
    """Each model at its release, company by company; the share of open releases in the 12 months to ``as_of``."""
    rows = []
    previous = None
    for r in records:
        share = r["recent_open_share"]
        shown = "no release" if share is None else f"{round(share * 100)}% ({r['recent_open']}/{r['recent_releases']})"
        # The company's figure once, on its first release.
        rows.append({**r, "share_shown": shown if r["company"] != previous else ""})
        previous = r["company"]
    return Listing(
        [
            Column("Company", "company"),
            Column("Model", "model", squeeze=10),
            Column("Released", "date", "date"),
            Column("Stance", "stance", "stance"),
            Column("Kind", "kind"),
            Column(f"Open, 12 mo. to {as_of.isoformat()}", "share_shown"),
            Column("Claim", "claim_id", "id", optional=True),
        ],
        rows,
        title=f"Each model's stance at its release, as of {as_of.isoformat()}",
        empty_message="No model releases recorded.",
    )


def _settled(record: Record) -> str:
    if record["settled_claim_id"]:
        return f"{record['settled_stance']} ({record['settled_kind']} {record['settled_date']})"
    return ", ".join(record["doubts"])


def promises(records: Sequence[Record]) -> Listing:
    """Each promise, what became of it, by which claim and after how long."""
    rows = [
        {
            **r,
            "model_shown": model_cell(r["model"]),
            "days_shown": "" if r["days"] is None else f"{r['days']} d",
            "settled_shown": _settled(r),
            "settled_id": r["settled_claim_id"] or "",
        }
        for r in records
    ]
    return Listing(
        [
            Column("Date", "date", "date"),
            Column("Company", "company"),
            Column("Model", "model_shown"),
            Column("Promised", "stance", "stance"),
            Column("Due", "due", "date"),
            Column("Status", "status", "move"),
            Column("Claim", "claim_id", "id"),
            Column("Settled by", "settled_shown", role="text"),
            Column("After", "days_shown"),
            Column("By claim", "settled_id", "id"),
        ],
        rows,
        title="Promises",
        empty_message="No promises match.",
    )


def stances(records: Sequence[Record], kinds: Sequence[Record]) -> tuple[Listing, Listing]:
    """The stance scale and the kinds of evidence, one line and one example each."""
    scale = Listing(
        [
            Column("Level", "level_shown"),
            Column("Stance", "name", "stance"),
            Column("Meaning", "meaning", role="text"),
            Column("Example", "example", shorten=True),
        ],
        [{**r, "level_shown": "–" if r["level"] is None else str(r["level"])} for r in records],
        title="Stances, closed to open",
    )
    evidence = Listing(
        [Column("Kind", "name"), Column("Meaning", "meaning", role="text"), Column("Example", "example", shorten=True)],
        list(kinds),
        title="Kinds: how we know",
    )
    return scale, evidence
