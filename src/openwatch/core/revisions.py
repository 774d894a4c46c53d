"""What changed between two versions of a claim.

A claim's history is a list of full records, one per version (see
store/claims.py); the changes shown to a person are worked out from
neighbouring versions here, so the store never has to keep diffs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openwatch.core.records import ALL_FIELDS

# When a version was written is the version's own time, not a change to the claim.
_BOOKKEEPING = frozenset({"updated_at"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One version of a claim: when and how it changed, why, the fields it changed, and the claim then."""

    number: int
    changed_at: str
    change: str
    reason: str | None
    changes: list[FieldChange]
    record: dict[str, Any]


def field_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[FieldChange]:
    """The fields whose values differ, in export order; every set field for a first version."""
    fields = [name for name in ALL_FIELDS if name not in _BOOKKEEPING]
    if before is None:
        return [FieldChange(name, None, after.get(name)) for name in fields if after.get(name) is not None]
    return [
        FieldChange(name, before.get(name), after.get(name)) for name in fields if before.get(name) != after.get(name)
    ]


def claim_fields_equal(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """True when two records hold the same claim (ignoring when each was written)."""
    return not field_changes(before, after)


def describe(changes: Sequence[FieldChange], *, limit: int = 40) -> str:
    """One line for a table: ``stance: api -> closed; note: (none) -> 'a'``."""

    def show(value: Any) -> str:
        if value is None:
            return "(none)"
        if isinstance(value, bool):
            return "true" if value else "false"
        text = str(value)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    return "; ".join(f"{c.field}: {show(c.before)} -> {show(c.after)}" for c in changes)
