"""A claim as a flat record of plain values, for files and for the history table."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from openwatch.core.claim import Claim, Kind, Stance
from openwatch.core.dates import PartialDate, format_timestamp, parse_timestamp
from openwatch.core.errors import InvalidValue
from openwatch.core.validate import (
    ClaimFields,
    build_claim,
    check_claim_id,
    check_length,
    check_size,
    new_claim_id,
    optional_text,
)

CLAIM_FIELDS = (
    "id",
    "date",
    "company",
    "model",
    "stance",
    "kind",
    "planned",
    "due",
    "source",
    "url",
    "quote",
    "license",
    "note",
    "recorded_at",
    "recorded_by",
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
        "due": None if claim.due is None else str(claim.due),
        "source": claim.source,
        "url": claim.url,
        "quote": claim.quote,
        "license": claim.license,
        "note": claim.note,
        "recorded_at": format_timestamp(claim.recorded_at),
        "recorded_by": claim.recorded_by,
    }
    if with_state:
        record["updated_at"] = format_timestamp(claim.updated_at)
        record["retracted_at"] = format_timestamp(claim.retracted_at) if claim.retracted_at else None
        record["retraction_reason"] = claim.retraction_reason
    return record


KNOWN_FIELDS = frozenset(ALL_FIELDS)


def _text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise InvalidValue(key, f"{key} must be text, not {type(value).__name__}")


def has_id(record: Mapping[str, Any]) -> bool:
    value = record.get("id")
    return isinstance(value, str) and bool(value.strip())


def is_timed(record: Mapping[str, Any]) -> bool:
    """Whether a record gives its own version time (``updated_at`` or ``recorded_at``)."""
    return bool(record.get("updated_at") or record.get("recorded_at"))


def record_to_claim(
    record: Mapping[str, Any],
    *,
    now: datetime,
    today: date,
    iso_dates_only: bool = False,
    valid_utf8: bool = False,
) -> Claim:
    """A claim from a record (an export's or a hand-made one); ids and times are kept when present.

    Unknown fields are refused by name. ``iso_dates_only``: dates must be
    ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (what import reads; it never guesses).
    ``valid_utf8``: the values were decoded strictly from a file (a CSV), so
    they cannot hold lone surrogates and are not searched for them.
    """
    if not KNOWN_FIELDS.issuperset(record):
        unknown = sorted(str(key) for key in record if key not in KNOWN_FIELDS)
        raise InvalidValue(unknown[0], "unknown field(s) " + ", ".join(unknown) + "; known: " + ", ".join(ALL_FIELDS))
    text: Callable[[str], Any]
    if all(value is None or value.__class__ is str for value in record.values()):
        # Every value is already text or absent (always so for a CSV row):
        # one pass here instead of a type check per field.
        text = record.get
    else:
        text = functools.partial(_text, record)
    raw_id = text("id")
    claim_id = check_claim_id(raw_id) if raw_id and raw_id.strip() else new_claim_id()
    recorded = text("recorded_at")
    recorded_at = _timestamp("recorded_at", recorded) if recorded else now
    updated = text("updated_at")
    if not updated:
        updated_at = recorded_at
    elif updated == recorded:
        # Most records were never edited: the same time, read once.
        updated_at = recorded_at
    else:
        updated_at = _timestamp("updated_at", updated)
    if recorded:
        _not_in_the_future("recorded_at", recorded_at, now)
    if updated:
        _not_in_the_future("updated_at", updated_at, now)
    planned = record.get("planned")
    fields = ClaimFields(
        date=text("date"),
        company=text("company"),
        model=text("model"),
        stance=text("stance"),
        kind=text("kind"),
        planned=planned if isinstance(planned, bool) else text("planned"),
        source=text("source"),
        url=text("url"),
        quote=text("quote"),
        license=text("license"),
        note=text("note"),
        due=text("due"),
        recorded_by=text("recorded_by"),
    )
    claim = build_claim(
        fields,
        claim_id=claim_id,
        recorded_at=recorded_at,
        updated_at=updated_at,
        today=today,
        iso_dates_only=iso_dates_only,
        valid_utf8=valid_utf8,
    )
    retracted = text("retracted_at")
    reason = optional_text(
        "retraction_reason",
        text("retraction_reason"),
        strip=False,
        check=check_size if valid_utf8 else check_length,
    )
    if retracted and retracted.strip():
        retracted_at = _not_in_the_future("retracted_at", _timestamp("retracted_at", retracted), now)
        claim = replace(claim, retracted_at=retracted_at, retraction_reason=reason)
    elif reason:
        raise InvalidValue("retraction_reason", "a retraction reason needs retracted_at")
    return claim


CLOCK_SKEW = timedelta(days=1)
"""How far ahead of this clock a time from another machine may be. A time
beyond it (9999-12-31) would win every later merge: it is refused."""


def _not_in_the_future(field: str, moment: datetime, now: datetime) -> datetime:
    if moment > now + CLOCK_SKEW:
        raise InvalidValue(
            field, f"{field} {format_timestamp(moment)} is in the future (now is {format_timestamp(now)})"
        )
    return moment


def _timestamp(field: str, text: str) -> datetime:
    try:
        return parse_timestamp(text)
    except InvalidValue as error:
        raise InvalidValue(field, error.message) from None


class ClaimValues(NamedTuple):
    """A checked claim as plain values, times as stored text: what a row is made of."""

    id: str
    date: PartialDate
    company: str
    model: str | None
    stance: Stance
    kind: Kind
    planned: bool
    source: str
    url: str | None
    quote: str | None
    license: str | None
    note: str | None
    recorded_at: str
    updated_at: str
    retracted_at: str | None
    retraction_reason: str | None
    due: PartialDate | None
    recorded_by: str | None


def claim_values(claim: Claim) -> ClaimValues:
    recorded = format_timestamp(claim.recorded_at)
    # A claim never edited has one time for both: format it once.
    updated = recorded if claim.updated_at == claim.recorded_at else format_timestamp(claim.updated_at)
    return ClaimValues(
        claim.id,
        claim.date,
        claim.company,
        claim.model,
        claim.stance,
        claim.kind,
        claim.planned,
        claim.source,
        claim.url,
        claim.quote,
        claim.license,
        claim.note,
        recorded,
        updated,
        format_timestamp(claim.retracted_at) if claim.retracted_at else None,
        claim.retraction_reason,
        claim.due,
        claim.recorded_by,
    )
