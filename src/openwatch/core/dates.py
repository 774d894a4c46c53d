"""Dates with their precision, and the dates people type.

A claim's date is a day, a month or a year: ``2025-07-14``, ``2025-07`` or
``2025``. A partial date is never filled in with "the 1st": it sorts at the
start of its period and stays a different date from any day inside it.

Time is a parameter here: whatever needs "today" takes it as an argument.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from openwatch.core.errors import InvalidValue

Precision = Literal["year", "month", "day"]
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

ACCEPTED_FORMS = (
    "YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or a written date such as "
    "'14 July 2025' or 'July 2025'"
)
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_SPAN = re.compile(r"(\d{1,4})\s*([dwmy])")
_NUMERIC_ONLY = re.compile(r"[\d\s/.\-,]+")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for an impossible day or month.
        date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.day is not None:
            return self.start
        if self.month is not None:
            import calendar  # costs milliseconds at start-up (it loads locale), rarely needed

            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def sort_key(self) -> tuple[date, int]:
        """At the start of its period, before the days inside it."""
        return (self.start, _PRECISION_RANK[self.precision])

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)


@functools.lru_cache(maxsize=8192)
def parse_iso_date(text: str) -> PartialDate:
    """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` exactly (the fast path).

    Cached: an import reads the same few thousand dates again and again.
    """
    match = _ISO.fullmatch(text)
    if match is None:
        raise InvalidValue("date", f"'{text}' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except ValueError:
        raise InvalidValue("date", f"'{text}' is not a real date") from None


def parse_date(text: str, today: date) -> PartialDate:
    """Read a date as a person types it, keeping the precision they gave.

    Numeric dates with slashes or dots (``07/08/2025``) are refused: which of
    day and month comes first cannot be known.
    """
    cleaned = text.strip()
    lowered = cleaned.casefold()
    if lowered == "today":
        return PartialDate.of(today)
    if lowered == "yesterday":
        return PartialDate.of(today - timedelta(days=1))
    if _ISO.fullmatch(cleaned):
        return parse_iso_date(cleaned)
    if not cleaned or _NUMERIC_ONLY.fullmatch(cleaned):
        raise InvalidValue(
            "date", f"cannot read '{text}' as a date: write it as YYYY-MM-DD (accepted: {ACCEPTED_FORMS})"
        )
    return _parse_written(cleaned, text)


def _parse_written(cleaned: str, original: str) -> PartialDate:
    # dateutil is imported here, not at the top: it costs tens of
    # milliseconds and most commands never read a written date.
    from dateutil import parser as dateutil_parser

    # Parsing against two different defaults shows which fields the text
    # really gave: dateutil silently fills missing ones from the default.
    try:
        first = dateutil_parser.parse(cleaned, default=datetime(2000, 1, 1))
        second = dateutil_parser.parse(cleaned, default=datetime(2004, 2, 2))
    except (ValueError, OverflowError, TypeError):
        raise InvalidValue(
            "date", f"cannot read '{original}' as a date (accepted: {ACCEPTED_FORMS})"
        ) from None
    if first.year != second.year:
        raise InvalidValue("date", f"'{original}' has no year: add one, as in '14 July 2025'")
    if first.time() != datetime.min.time() or first.tzinfo is not None:
        raise InvalidValue("date", f"'{original}' holds a time of day: give only the date")
    try:
        if first.month != second.month:
            if first.day != second.day:
                return PartialDate(first.year)
            raise InvalidValue("date", f"'{original}' gives a day but no month")
        if first.day != second.day:
            return PartialDate(first.year, first.month)
        return PartialDate(first.year, first.month, first.day)
    except ValueError:
        raise InvalidValue("date", f"'{original}' is not a real date") from None


def parse_since(text: str, today: date) -> date:
    """The first day a ``--since``/``--from`` bound admits; spans like ``30d`` count back."""
    match = _SPAN.fullmatch(text.strip().casefold())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        from dateutil.relativedelta import relativedelta

        delta = {
            "d": relativedelta(days=amount),
            "w": relativedelta(weeks=amount),
            "m": relativedelta(months=amount),
            "y": relativedelta(years=amount),
        }[unit]
        try:
            return today - delta
        except (ValueError, OverflowError):
            raise InvalidValue("date", f"'{text}' reaches back before year 1") from None
    return parse_date(text, today).start


def parse_until(text: str, today: date) -> date:
    """The last day an ``--until``/``--to``/``--as-of`` bound admits."""
    return parse_date(text, today).end


def parse_claim_date(text: str, today: date) -> PartialDate:
    """A claim's date: as typed, and not after today."""
    value = parse_date(text, today)
    if value.start > today:
        raise InvalidValue("date", f"{value} is in the future: a claim is dated when it was made")
    return value


def utc_now() -> datetime:
    """The current time, UTC, to the microsecond. Only the command layer calls this."""
    return datetime.now(UTC)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 UTC with a ``Z``, always to the microsecond so text order is time order."""
    # isoformat is several times faster than strftime, and imports format millions.
    if moment.tzinfo is not UTC:  # times read here are UTC already: skip the conversion
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"


def parse_timestamp(text: str) -> datetime:
    """Read an ISO 8601 timestamp; one without a zone is taken as UTC."""
    cleaned = text.strip()
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValue(
            "time", f"'{text}' is not an ISO 8601 time such as 2025-07-14T09:30:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
