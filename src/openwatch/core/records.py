"""A claim as a flat record of plain values, for files and for the history table."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from openwatch.core.claim import Claim, Kind, Stance, parse_kind, parse_stance
from openwatch.core.dates import PartialDate, format_timestamp, parse_timestamp
from openwatch.core.errors import InvalidValue
from openwatch.core.validate import (
    ClaimFields,
    build_claim,
    check_claim_id,
    check_length,
    check_size,
    check_url,
    company_name,
    model_name,
    new_claim_id,
    optional_text,
    parse_planned,
    read_date,
    read_due,
    required_text,
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
        record["retracted_at"] = (
            format_timestamp(claim.retracted_at) if claim.retracted_at else None
        )
        record["retraction_reason"] = claim.retraction_reason
    return record


_KNOWN = frozenset(ALL_FIELDS)


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
    if not _KNOWN.issuperset(record):
        unknown = sorted(str(key) for key in record if key not in _KNOWN)
        raise InvalidValue(
            unknown[0], "unknown field(s) " + ", ".join(unknown) + "; known: " + ", ".join(ALL_FIELDS)
        )
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
        "retraction_reason", text("retraction_reason"), strip=False,
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


_PLAIN_ID = re.compile(r"[!-~]{1,200}")
"""An id ``check_claim_id`` keeps as it is: printable ASCII, no spaces, not too long."""
_CANONICAL_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
"""A time exactly as ``format_timestamp`` writes it (what every export holds)."""
_MEMO_LIMIT = 100_000
_UNSEEN: Any = object()


class FastRecords:
    """``claim_values(record_to_claim(record))`` for the records a bulk import is made of.

    An import of a million rows checks each with the same rules as ``add``;
    building a ``Claim`` for each costs as much as writing it. This runs the
    same checks (the very same functions) but remembers the answer for values
    that repeat row after row -- dates, companies, models, stances, kinds,
    sources, licences -- and reads times that are already in the stored form without converting
    them twice. Anything less common (a retracted claim, a time in another
    form, a number where text belongs, a bad value) gets ``None``: the caller
    then takes the general path, which gives the same values or the error.
    """

    def __init__(self, *, now: datetime, today: date, valid_utf8: bool = False) -> None:
        self.now = format_timestamp(now)
        # Canonical times sort as text: anything after this goes the general way, which refuses it.
        self.latest = format_timestamp(now + CLOCK_SKEW)
        self.today = today
        self.check = check_size if valid_utf8 else check_length
        self._dates: dict[str, PartialDate] = {}
        self._companies: dict[str, str] = {}
        self._models: dict[str, str | None] = {}
        self._stances: dict[str, Stance] = {}
        self._kinds: dict[str, Kind] = {}
        self._planned: dict[str | bool, bool] = {}
        self._sources: dict[str, str] = {}
        self._licenses: dict[str, str | None] = {}

    def values(self, record: Mapping[str, Any]) -> tuple[ClaimValues, bool, bool] | None:
        """The claim's values, whether the record has its own id, and whether it gives its own times."""
        if not _KNOWN.issuperset(record):
            return None
        try:
            return self._values(record.get)
        except (InvalidValue, ValueError, TypeError, AttributeError):
            # ValueError: a time that is not a real one (2026-02-30).
            # TypeError and AttributeError: a value of another type (a number,
            # a list); record_to_claim says what is wrong, or converts it.
            return None

    def _values(self, get: Callable[[str], Any]) -> tuple[ClaimValues, bool, bool] | None:
        if get("retracted_at") is not None or get("retraction_reason") is not None:
            return None
        raw_id = get("id")
        if raw_id is None:
            claim_id = new_claim_id()
        elif _PLAIN_ID.fullmatch(raw_id):
            claim_id = raw_id
        else:
            return None
        recorded = get("recorded_at")
        if recorded is None:
            recorded = self.now
            timed = False
        elif _CANONICAL_TIME.fullmatch(recorded) and recorded <= self.latest:
            datetime.fromisoformat(recorded)  # a real time? (ValueError otherwise)
            timed = True
        else:
            return None
        updated = get("updated_at")
        if updated is None or updated == recorded:
            updated = recorded
        elif _CANONICAL_TIME.fullmatch(updated) and updated <= self.latest:
            datetime.fromisoformat(updated)
            timed = True
        else:
            return None
        check = self.check
        text: Any = get("date")
        day = self._dates.get(text)
        if day is None:
            day = self._remember(self._dates, text, read_date(text, self.today, iso_only=True, check=check))
        text = get("company")
        company = self._companies.get(text)
        if company is None:
            company = self._remember(self._companies, text, company_name(text, check))
        text = get("model")
        model = None if text is None else self._models.get(text, _UNSEEN)
        if model is _UNSEEN:
            model = self._remember(self._models, text, model_name(text, check))
        text = get("stance")
        stance = self._stances.get(text)
        if stance is None:
            stance = self._remember(self._stances, text, parse_stance(required_text("stance", text, check)))
        text = get("kind")
        kind = Kind.STATED
        if text is not None:
            known = self._kinds.get(text)
            if known is None:
                known = self._remember(self._kinds, text, parse_kind(text) if text.strip() else Kind.STATED)
            kind = known
        text = get("planned")
        if text is None:
            planned = False
        elif text.__class__ is not str and text.__class__ is not bool:
            return None  # 1 and 1.0 equal True as keys: only text and booleans are remembered
        else:
            planned = self._planned.get(text, _UNSEEN)
            if planned is _UNSEEN:
                planned = self._remember(self._planned, text, parse_planned(text))
        text = get("source")
        source = self._sources.get(text)
        if source is None:
            source = self._remember(self._sources, text, required_text("source", text, check))
        text = get("license")
        license_ = None if text is None else self._licenses.get(text, _UNSEEN)
        if license_ is _UNSEEN:
            license_ = self._remember(self._licenses, text, optional_text("license", text, check=check))
        text = get("quote")
        quote = None if text is None else optional_text("quote", text, strip=False, check=check)
        text = get("note")
        note = None if text is None else optional_text("note", text, strip=False, check=check)
        text = get("due")
        due = None if text is None else read_due(text, iso_only=True, check=check)
        text = get("recorded_by")
        recorded_by = None if text is None else optional_text("recorded_by", text, check=check)
        text = get("url")
        values = ClaimValues(
            claim_id,
            day,
            company,
            model,
            stance,
            kind,
            planned,
            source,
            None if text is None else check_url(text, check),
            quote,
            license_,
            note,
            recorded,
            updated,
            None,
            None,
            due,
            recorded_by,
        )
        return values, raw_id is not None, timed

    @staticmethod
    def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if key.__class__ is not str and key.__class__ is not bool:
            raise TypeError  # a number or a list: the general path converts or refuses it
        if len(memo) < _MEMO_LIMIT:
            memo[key] = value
        return value
