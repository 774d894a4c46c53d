"""One claim at a time: add, show, edit, retract, restore and its history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openwatch.api.base import TrackerBase

if TYPE_CHECKING:
    from openwatch.core.claim import Claim
    from openwatch.core.revisions import FieldChange, HistoryEntry
    from openwatch.core.validate import ClaimFields


@dataclass(frozen=True, slots=True)
class Edit:
    """What an edit did: the fields that changed (none: nothing was stored) and the claim after it."""

    claim: Claim
    changes: list[FieldChange]


@dataclass(frozen=True, slots=True)
class ClaimHistory:
    claim: Claim
    versions: list[HistoryEntry]


class Claims(TrackerBase):
    def add(self, fields: ClaimFields, *, now: datetime, today: date, claim_id: str | None = None) -> Claim:
        """Check ``fields`` as every claim is checked, store the claim, return it with canonical names."""
        from openwatch.core.validate import build_claim, new_claim_id

        return self.add_claim(build_claim(fields, claim_id=claim_id or new_claim_id(), recorded_at=now, today=today))

    def add_claim(self, claim: Claim) -> Claim:
        """Store a claim already checked (``core.validate.build_claim``); return it with canonical names."""
        from openwatch.store.claims import insert_claim

        with self.writing() as conn:
            return insert_claim(conn, claim)

    def show(self, ref: str) -> Claim:
        """The claim whose id is ``ref`` or starts with it, retracted or not."""
        from openwatch.store.claims import get_claim

        return get_claim(self.conn, ref)

    def edit(self, ref: str, given: ClaimFields, *, reason: str | None = None, now: datetime, today: date) -> Edit:
        """Change the fields ``given`` holds (None: unchanged; empty text removes an optional field).

        Each value is checked as ``add`` checks it; the earlier version stays
        in the claim's history. An edit that changes nothing stores nothing.
        """
        from openwatch.core.errors import InvalidValue
        from openwatch.core.records import claim_to_record
        from openwatch.core.revisions import field_changes
        from openwatch.core.validate import ClaimFields, build_claim, merge_fields, optional_text
        from openwatch.store.claims import get_claim, replace_claim, resolve_names

        if all(getattr(given, name) is None for name in ClaimFields.__slots__):
            raise InvalidValue("edit", "give at least one field to change, e.g. --stance closed (see --help)")
        why = optional_text("reason", reason)
        with self.writing() as conn:
            current = get_claim(conn, ref)
            checked = build_claim(
                merge_fields(current, given),
                claim_id=current.id,
                recorded_at=current.recorded_at,
                updated_at=now,
                today=today,
            )
            checked = replace(checked, retracted_at=current.retracted_at, retraction_reason=current.retraction_reason)
            resolved, _, _ = resolve_names(conn, checked)
            changes = field_changes(claim_to_record(current), claim_to_record(resolved))
            if not changes:
                return Edit(current, [])
            return Edit(replace_claim(conn, resolved, "edited", why), changes)

    def retract(self, ref: str, *, reason: str, now: datetime) -> Claim:
        """Withdraw a claim from history views, keeping it and why."""
        from openwatch.core.dates import format_timestamp
        from openwatch.core.errors import OpenwatchError
        from openwatch.core.validate import required_text
        from openwatch.store.claims import get_claim, replace_claim

        why = required_text("reason", reason)
        with self.writing() as conn:
            current = get_claim(conn, ref)
            if current.retracted_at is not None:
                raise OpenwatchError(
                    f"claim {current.id} is already retracted (since {format_timestamp(current.retracted_at)}); "
                    f"'openwatch restore {current.id}' undoes that"
                )
            retracted = replace(current, updated_at=now, retracted_at=now, retraction_reason=why)
            return replace_claim(conn, retracted, "retracted", why)

    def restore(self, ref: str, *, reason: str | None = None, now: datetime) -> Claim:
        """Undo a retraction; both stay in the claim's history."""
        from openwatch.core.errors import OpenwatchError
        from openwatch.core.validate import optional_text
        from openwatch.store.claims import get_claim, replace_claim

        why = optional_text("reason", reason)
        with self.writing() as conn:
            current = get_claim(conn, ref)
            if current.retracted_at is None:
                raise OpenwatchError(f"claim {current.id} is not retracted: there is nothing to restore")
            restored = replace(current, updated_at=now, retracted_at=None, retraction_reason=None)
            return replace_claim(conn, restored, "restored", why)

    def history(self, ref: str) -> ClaimHistory:
        """Every version of a claim, oldest first, each with the fields it changed."""
        from openwatch.core.revisions import HistoryEntry, field_changes
        from openwatch.store.claims import get_claim, versions

        claim = get_claim(self.conn, ref)
        entries: list[HistoryEntry] = []
        previous: dict[str, Any] | None = None
        for version in versions(self.conn, claim.id):
            entries.append(
                HistoryEntry(
                    version.number,
                    version.changed_at,
                    version.change,
                    version.reason,
                    field_changes(previous, version.record),
                    version.record,
                )
            )
            previous = version.record
        return ClaimHistory(claim, entries)
