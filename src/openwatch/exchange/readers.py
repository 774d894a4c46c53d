"""Reading claim records back from files."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import IO, Any

from openwatch.core.claim import Claim
from openwatch.core.dates import parse_timestamp
from openwatch.core.errors import InvalidValue
from openwatch.core.validate import ClaimFields, build_claim, check_claim_id, new_claim_id, optional_text


def iter_jsonl(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise InvalidValue("line", f"line {number} is not valid JSON: {error.msg}") from None


def _text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise InvalidValue(key, f"{key} must be text, not {type(value).__name__}")


def record_to_claim(record: Mapping[str, Any], *, now: datetime, today: date) -> Claim:
    """A claim from an exported record; ids and times are kept when present."""
    raw_id = _text(record, "id")
    claim_id = check_claim_id(raw_id) if raw_id and raw_id.strip() else new_claim_id()
    recorded = _text(record, "recorded_at")
    recorded_at = parse_timestamp(recorded) if recorded else now
    updated = _text(record, "updated_at")
    updated_at = parse_timestamp(updated) if updated else recorded_at
    planned = record.get("planned")
    fields = ClaimFields(
        date=_text(record, "date"),
        company=_text(record, "company"),
        model=_text(record, "model"),
        stance=_text(record, "stance"),
        kind=_text(record, "kind"),
        planned=planned if isinstance(planned, bool) else _text(record, "planned"),
        source=_text(record, "source"),
        url=_text(record, "url"),
        quote=_text(record, "quote"),
        license=_text(record, "license"),
        note=_text(record, "note"),
    )
    claim = build_claim(
        fields, claim_id=claim_id, recorded_at=recorded_at, updated_at=updated_at, today=today
    )
    retracted = _text(record, "retracted_at")
    if retracted:
        from dataclasses import replace

        claim = replace(
            claim,
            retracted_at=parse_timestamp(retracted),
            retraction_reason=optional_text("retraction_reason", _text(record, "retraction_reason")),
        )
    return claim
