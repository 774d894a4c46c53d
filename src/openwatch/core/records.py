"""A claim as a flat record of plain values, for files and for the history table."""

from __future__ import annotations

from typing import Any

from openwatch.core.claim import Claim
from openwatch.core.dates import format_timestamp

CLAIM_FIELDS = (
    "id",
    "date",
    "company",
    "model",
    "stance",
    "kind",
    "planned",
    "source",
    "url",
    "quote",
    "license",
    "note",
    "recorded_at",
)
"""The fields of a claim, in the order every export writes them."""

STATE_FIELDS = ("updated_at", "retracted_at", "retraction_reason")
"""When a claim last changed and whether it is retracted: what merges need."""

ALL_FIELDS = CLAIM_FIELDS + STATE_FIELDS


def claim_to_record(claim: Claim, *, with_state: bool = True) -> dict[str, Any]:
    """JSON-ready values: dates as stored, times as ISO UTC with Z, absent as None."""
    record: dict[str, Any] = {
        "id": claim.id,
        "date": str(claim.date),
        "company": claim.company,
        "model": claim.model,
        "stance": claim.stance.value,
        "kind": claim.kind.value,
        "planned": claim.planned,
        "source": claim.source,
        "url": claim.url,
        "quote": claim.quote,
        "license": claim.license,
        "note": claim.note,
        "recorded_at": format_timestamp(claim.recorded_at),
    }
    if with_state:
        record["updated_at"] = format_timestamp(claim.updated_at)
        record["retracted_at"] = (
            format_timestamp(claim.retracted_at) if claim.retracted_at else None
        )
        record["retraction_reason"] = claim.retraction_reason
    return record
