"""Checking the rows of a bulk import fast: the same rules as ``add``, values that repeat checked once."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from openwatch.core.claim import Kind, Stance, parse_kind, parse_stance
from openwatch.core.dates import PartialDate, format_timestamp
from openwatch.core.errors import InvalidValue
from openwatch.core.records import CLOCK_SKEW, KNOWN_FIELDS, ClaimValues
from openwatch.core.validate import (
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
        if not KNOWN_FIELDS.issuperset(record):
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
        identity = self._identity(get)
        if identity is None:
            return None
        claim_id, recorded, updated, timed = identity
        day, company, model, stance, kind = self._repeated(get)
        text: Any = get("planned")
        if text is None:
            planned = False
        elif text.__class__ is not str and text.__class__ is not bool:
            return None  # 1 and 1.0 equal True as keys: only text and booleans are remembered
        else:
            planned = self._planned.get(text, _UNSEEN)
            if planned is _UNSEEN:
                planned = self._remember(self._planned, text, parse_planned(text))
        check = self.check
        text = get("source")
        source = self._sources.get(text)
        if source is None:
            source = self._remember(self._sources, text, required_text("source", text, check))
        text = get("license")
        license_ = None if text is None else self._licenses.get(text, _UNSEEN)
        if license_ is _UNSEEN:
            license_ = self._remember(self._licenses, text, optional_text("license", text, check=check))
        quote, note, due, recorded_by, url = self._free_text(get)
        values = ClaimValues(
            claim_id,
            day,
            company,
            model,
            stance,
            kind,
            planned,
            source,
            url,
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
        return values, get("id") is not None, timed

    def _identity(self, get: Callable[[str], Any]) -> tuple[str, str, str, bool] | None:
        """The id and the two times, read without converting when already in stored form; None: general path."""
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
        return claim_id, recorded, updated, timed

    def _repeated(self, get: Callable[[str], Any]) -> tuple[PartialDate, str, str | None, Stance, Kind]:
        """Date, company, model, stance and kind: values that repeat row after row, each checked once."""
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
        return day, company, model, stance, kind

    def _free_text(
        self, get: Callable[[str], Any]
    ) -> tuple[str | None, str | None, PartialDate | None, str | None, str | None]:
        """Quote, note, due date, who recorded it and the url: checked every time (they rarely repeat)."""
        check = self.check
        text = get("quote")
        quote = None if text is None else optional_text("quote", text, strip=False, check=check)
        text = get("note")
        note = None if text is None else optional_text("note", text, strip=False, check=check)
        text = get("due")
        due = None if text is None else read_due(text, iso_only=True, check=check)
        text = get("recorded_by")
        recorded_by = None if text is None else optional_text("recorded_by", text, check=check)
        text = get("url")
        url = None if text is None else check_url(text, check)
        return quote, note, due, recorded_by, url

    @staticmethod
    def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
        if key.__class__ is not str and key.__class__ is not bool:
            raise TypeError  # a number or a list: the general path converts or refuses it
        if len(memo) < _MEMO_LIMIT:
            memo[key] = value
        return value
