"""How each view's typed rows become flat records: JSON objects, CSV rows and table rows.

One ``RecordSpec`` per view names each field once with the function that
reads it from a row, so the JSON keys, the CSV header and the record a table
is drawn from cannot drift apart. Pure: no rich here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from openwatch.core.records import CLAIM_FIELDS, claim_to_record

if TYPE_CHECKING:
    from openwatch.core.checks import CheckResult
    from openwatch.core.claim import Claim
    from openwatch.core.history import Conflict, DiffRow, Gap, Move, StatusRow, TimelineEntry
    from openwatch.core.licences import Licence
    from openwatch.core.names import Alias, CompanySummary, ModelSummary
    from openwatch.core.promises import Promise
    from openwatch.core.revisions import HistoryEntry
    from openwatch.core.trajectory import TrajectoryRow
    from openwatch.core.verdicts import Verdict, VerdictRow
    from openwatch.core.words import SearchHit

R = TypeVar("R")


class RecordSpec(Generic[R]):
    """The fields of a view's records, in order, each with how to read it from a row.

    ``csv`` names the columns a CSV carries when they are not every field
    in the same order (a nested field has no cell).
    """

    def __init__(self, *fields: tuple[str, Callable[[R], Any]], csv: tuple[str, ...] | None = None) -> None:
        self.names: tuple[str, ...] = tuple(name for name, _ in fields)
        self.csv_names = csv or self.names
        self._fields = fields

    def record(self, row: R) -> dict[str, Any]:
        return {name: read(row) for name, read in self._fields}

    def records(self, rows: Iterable[R]) -> Iterator[dict[str, Any]]:
        for row in rows:
            yield self.record(row)


class BuiltSpec(RecordSpec[R]):
    """A spec whose records one function builds whole (a claim's own fields, and a few more)."""

    def __init__(self, names: tuple[str, ...], build: Callable[[R], dict[str, Any]]) -> None:
        super().__init__()
        self.names = self.csv_names = names
        self._build = build

    def record(self, row: R) -> dict[str, Any]:
        return self._build(row)


def _date(claim: Claim | None) -> str | None:
    return None if claim is None else str(claim.date)


def _timeline_record(entry: TimelineEntry) -> dict[str, Any]:
    record = claim_to_record(entry.claim, with_state=False)
    record["move"] = entry.move.direction.value if entry.move else None
    record["conflict"] = entry.conflict
    return record


CLAIM: RecordSpec[Claim] = BuiltSpec(CLAIM_FIELDS, lambda claim: claim_to_record(claim, with_state=False))
MATCH_MARKS = ("**", "**")
"""How a search result's excerpt marks the words found (JSON, CSV and tables alike)."""


def _search_record(hit: SearchHit) -> dict[str, Any]:
    record = claim_to_record(hit.claim, with_state=False)
    record["match_field"] = hit.snippet.field if hit.snippet else None
    record["snippet"] = hit.snippet.marked(*MATCH_MARKS) if hit.snippet else None
    return record


SEARCH: RecordSpec[SearchHit] = BuiltSpec((*CLAIM_FIELDS, "match_field", "snippet"), _search_record)
TIMELINE: RecordSpec[TimelineEntry] = BuiltSpec((*CLAIM_FIELDS, "move", "conflict"), _timeline_record)
STATUS: RecordSpec[StatusRow] = RecordSpec(
    ("company", lambda row: row.company),
    ("model", lambda row: row.model),
    ("stance", lambda row: row.stance.value),
    ("kind", lambda row: row.claim.kind.value),
    ("planned", lambda row: row.claim.planned),
    ("date", lambda row: str(row.claim.date)),
    ("claim_id", lambda row: row.claim.id),
    ("conflict", lambda row: row.conflict),
)


def _evidence(claim: Claim) -> dict[str, Any]:
    return {
        "claim_id": claim.id,
        "date": str(claim.date),
        "stance": claim.stance.value,
        "kind": claim.kind.value,
        "planned": claim.planned,
        "source": claim.source,
        "url": claim.url,
    }


STATUS_EVIDENCE: RecordSpec[StatusRow] = RecordSpec(
    *STATUS._fields,
    ("evidence", lambda row: [_evidence(claim) for claim in row.evidence]),
    ("evidence_ids", lambda row: [claim.id for claim in row.evidence]),
    csv=(*STATUS.names, "evidence_ids"),
)
"""``status --evidence``: each row with the claims its stance rests on (in CSV, their ids)."""
DIFF: RecordSpec[DiffRow] = RecordSpec(
    ("company", lambda row: row.company),
    ("model", lambda row: row.model),
    ("from_stance", lambda row: row.before.stance.value if row.before else None),
    ("from_kind", lambda row: row.before.kind.value if row.before else None),
    ("from_planned", lambda row: row.before.planned if row.before else None),
    ("to_stance", lambda row: row.after.stance.value),
    ("to_kind", lambda row: row.after.kind.value),
    ("to_planned", lambda row: row.after.planned),
    ("direction", lambda row: row.direction.value),
    ("claims", lambda row: [claim.id for claim in row.between]),
)
CHANGES: RecordSpec[Move] = RecordSpec(
    ("date", lambda move: str(move.claim.date)),
    ("company", lambda move: move.claim.company),
    ("model", lambda move: move.claim.model),
    ("from_stance", lambda move: move.before.value if move.before else None),
    ("to_stance", lambda move: move.after.value),
    ("direction", lambda move: move.direction.value),
    ("kind", lambda move: move.claim.kind.value),
    ("planned", lambda move: move.claim.planned),
    ("claim_id", lambda move: move.claim.id),
    ("source", lambda move: move.claim.source),
)
CONFLICTS: RecordSpec[Conflict] = RecordSpec(
    ("company", lambda row: row.company),
    ("model", lambda row: row.model),
    ("date", lambda row: str(row.date)),
    ("stances", lambda row: [claim.stance.value for claim in row.claims]),
    ("claims", lambda row: [claim.id for claim in row.claims]),
)
GAP: RecordSpec[Gap] = RecordSpec(
    ("company", lambda gap: gap.company),
    ("model", lambda gap: gap.model),
    ("date", lambda gap: str(gap.stated.date)),
    ("stated_stance", lambda gap: gap.stated.stance.value),
    ("stated_claim_id", lambda gap: gap.stated.id),
    ("finding", lambda gap: gap.finding.value),
    ("evidence_stance", lambda gap: gap.evidence.stance.value if gap.evidence else None),
    ("evidence_kind", lambda gap: gap.evidence.kind.value if gap.evidence else None),
    ("evidence_source", lambda gap: gap.evidence.source if gap.evidence else None),
    ("evidence_date", lambda gap: _date(gap.evidence)),
    ("evidence_claim_id", lambda gap: gap.evidence.id if gap.evidence else None),
)
VerdictPair = tuple["VerdictRow", "Verdict"]
"""One verdict with the row (the model's series) it stands in."""


def verdict_pairs(rows: Iterable[VerdictRow]) -> Iterator[VerdictPair]:
    """The verdicts of each row, one record each, in the rows' order."""
    for row in rows:
        for verdict in row.verdicts:
            yield row, verdict


VERDICTS: RecordSpec[VerdictPair] = RecordSpec(
    ("company", lambda pair: pair[0].company),
    ("model", lambda pair: pair[0].model),
    ("role", lambda pair: pair[1].role.value),
    ("stance", lambda pair: pair[1].claim.stance.value),
    ("kind", lambda pair: pair[1].claim.kind.value),
    ("source", lambda pair: pair[1].claim.source),
    ("date", lambda pair: str(pair[1].claim.date)),
    ("claim_id", lambda pair: pair[1].claim.id),
    ("url", lambda pair: pair[1].claim.url),
    ("company_wide", lambda pair: pair[1].company_wide),
    ("disagree", lambda pair: pair[0].disagree),
)
LICENCES: RecordSpec[Licence] = RecordSpec(
    ("id", lambda lic: lic.id),
    ("name", lambda lic: lic.name),
    ("spdx", lambda lic: lic.spdx),
    ("osi_approved", lambda lic: lic.osi_approved),
    ("commercial_use", lambda lic: lic.commercial_use),
    ("use_restrictions", lambda lic: lic.use_restrictions),
    ("stance", lambda lic: lic.stance.value if lic.stance else None),
    ("note", lambda lic: lic.note),
)
COMPANIES: RecordSpec[CompanySummary] = RecordSpec(
    ("company", lambda row: row.name),
    ("claims", lambda row: row.claims),
    ("models", lambda row: row.models),
    ("first", lambda row: row.first),
    ("last", lambda row: row.last),
)
MODELS: RecordSpec[ModelSummary] = RecordSpec(
    ("company", lambda row: row.company),
    ("model", lambda row: row.model),
    ("claims", lambda row: row.claims),
    ("first", lambda row: row.first),
    ("last", lambda row: row.last),
)
ALIASES: RecordSpec[Alias] = RecordSpec(
    ("alias", lambda row: row.alias),
    ("company", lambda row: row.company),
    ("model", lambda row: row.model),
)


def _share(row: TrajectoryRow) -> float | None:
    share = row.company.recent_open_share
    return None if share is None else round(share, 3)


TRAJECTORY: RecordSpec[TrajectoryRow] = RecordSpec(
    ("company", lambda row: row.company.company),
    ("model", lambda row: row.release.model),
    ("date", lambda row: str(row.release.claim.date)),
    ("stance", lambda row: row.release.stance.value),
    ("kind", lambda row: row.release.claim.kind.value),
    ("claim_id", lambda row: row.release.claim.id),
    ("source", lambda row: row.release.claim.source),
    # The company's releases in the 12 months to the date asked for, and how many at open-weights or above.
    ("recent_releases", lambda row: row.company.recent),
    ("recent_open", lambda row: row.company.recent_open),
    ("recent_open_share", _share),
)
CHECKS: RecordSpec[CheckResult] = RecordSpec(
    ("check", lambda row: row.name),
    ("ok", lambda row: row.ok),
    ("problems", lambda row: row.problems),
    ("problem_count", lambda row: row.total),
    ("description", lambda row: row.description),
    csv=("check", "ok", "problem_count", "problems", "description"),
)


def version_summary(entry: HistoryEntry) -> str:
    """One line for a version: created, retracted (with why), restored, or the fields it changed."""
    if entry.number == 1:
        return "created"
    if entry.change == "retracted":
        return f"retracted: {entry.reason}" if entry.reason else "retracted"
    if entry.change == "restored":
        return "restored"
    from openwatch.core.revisions import describe

    return describe(entry.changes)


def history_spec(claim_id: str) -> RecordSpec[HistoryEntry]:
    return RecordSpec(
        ("id", lambda _: claim_id),
        ("version", lambda entry: entry.number),
        ("changed_at", lambda entry: entry.changed_at),
        ("change", lambda entry: entry.change),
        ("reason", lambda entry: entry.reason),
        ("changes", lambda entry: {c.field: {"from": c.before, "to": c.after} for c in entry.changes}),
        ("summary", version_summary),
        ("claim", lambda entry: entry.record),
        csv=("id", "version", "changed_at", "change", "reason", "summary"),
    )


def _claims(claims: Iterable[Claim]) -> list[str]:
    return [claim.id for claim in claims]


PROMISES: RecordSpec[Promise] = RecordSpec(
    ("date", lambda p: str(p.claim.date)),
    ("company", lambda p: p.company),
    ("model", lambda p: p.model),
    ("stance", lambda p: p.stance.value),
    ("due", lambda p: None if p.due is None else str(p.due)),
    ("status", lambda p: p.status.value),
    ("claim_id", lambda p: p.claim.id),
    ("source", lambda p: p.claim.source),
    ("settled_date", lambda p: _date(p.settled_by)),
    ("settled_stance", lambda p: p.settled_by.stance.value if p.settled_by else None),
    ("settled_kind", lambda p: p.settled_by.kind.value if p.settled_by else None),
    ("settled_claim_id", lambda p: p.settled_by.id if p.settled_by else None),
    ("days", lambda p: p.days),
    ("past_due", lambda p: p.past_due),
    ("doubts", lambda p: _claims(p.doubts)),
    csv=(
        "date",
        "company",
        "model",
        "stance",
        "due",
        "status",
        "claim_id",
        "source",
        "settled_date",
        "settled_stance",
        "settled_kind",
        "settled_claim_id",
        "days",
        "past_due",
    ),
)
