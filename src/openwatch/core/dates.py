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
from typing import Literal, TypeVar

from openwatch.core.errors import InvalidValue

Precision = Literal["year", "month", "day"]
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

ACCEPTED_FORMS = (
    "YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or a written date such as "
    "'14 July 2025', 'July 2025', '14 juillet 2025' or 'juillet 2025'"
)
FIRST_YEAR = 1000
"""Dates before this are refused: a two-digit or mistyped year, never a real claim."""

# [0-9], never \d: in Python \d also matches fullwidth, Arabic-Indic and
# Devanagari digits, and import never guesses what a date says.
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_TYPED_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
"""What a person may type: ``2025-7-14`` is as unambiguous as ``2025-07-14`` (the year comes first)."""
_SPAN = re.compile(r"([0-9]{1,4})\s*([dwmy])")
_NUMERIC_ONLY = re.compile(r"[0-9\s/.\-,]+")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the day, the month or the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Month 0 and day 0 are checked here: ``self.month or 1`` would let them through.
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"there is no month {self.month}")
        if self.day is not None and self.day < 1:
            raise ValueError(f"there is no day {self.day}")
        # Raises ValueError for an impossible day (30 February) or year.
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
        raise InvalidValue(
            "date", f"'{text}' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY{_digits_hint(text)}"
        )
    return _checked(match, text)


def _checked(match: re.Match[str], text: str) -> PartialDate:
    year, month, day = match.groups()
    if int(year) < FIRST_YEAR:
        raise InvalidValue("date", f"'{text}' is before the year {FIRST_YEAR}: write the year in full")
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except ValueError as error:
        raise InvalidValue("date", f"'{text}' is not a real date ({error})") from None


def _digits_hint(text: str) -> str:
    if any(char.isdigit() and not char.isascii() for char in text):
        return " (write the digits as 0-9)"
    return ""


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
    typed = _TYPED_ISO.fullmatch(cleaned)
    if typed:
        return _checked(typed, text)
    if any(char.isdigit() and not char.isascii() for char in cleaned):
        raise InvalidValue("date", f"cannot read '{text}' as a date: write the digits as 0-9")
    if not cleaned or _NUMERIC_ONLY.fullmatch(cleaned):
        raise InvalidValue(
            "date", f"cannot read '{text}' as a date: write it as YYYY-MM-DD (accepted: {ACCEPTED_FORMS})"
        )
    return _parse_written(_english(cleaned), text)


_FRENCH_MONTHS = {
    "janvier": "January", "janv": "January",
    "fevrier": "February", "fevr": "February", "fev": "February",
    "mars": "March",
    "avril": "April", "avr": "April",
    "mai": "May",
    "juin": "June",
    "juillet": "July", "juil": "July",
    "aout": "August",
    "septembre": "September", "sept": "September",
    "octobre": "October", "oct": "October",
    "novembre": "November", "nov": "November",
    "decembre": "December", "dec": "December",
}  # fmt: skip
_FRENCH_WORD = re.compile(r"[a-z]+\.?|1er\b")


def _english(text: str) -> str:
    """A French written date in English words, for dateutil: ``1er août 2025`` -> ``1 August 2025``.

    Case and accents are not required (``AOUT``, ``fevrier``); ``le`` before
    the day is dropped. English text passes through unchanged.
    """
    import unicodedata

    plain = "".join(char for char in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(char))
    if plain.isascii() and not any(word.rstrip(".") in _FRENCH_MONTHS for word in re.findall(r"[a-z]+\.?", plain)):
        return text

    def word(match: re.Match[str]) -> str:
        found = match.group()
        if found == "1er":
            return "1"
        return _FRENCH_MONTHS.get(found.rstrip("."), found)

    english = _FRENCH_WORD.sub(word, plain)
    return re.sub(r"^\s*le\s+", "", english)


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
        raise InvalidValue("date", f"cannot read '{original}' as a date (accepted: {ACCEPTED_FORMS})") from None
    if first.year != second.year:
        raise InvalidValue("date", f"'{original}' has no year: add one, as in '14 July 2025'")
    # dateutil reads '0001' as 2001 and '25' as 2025: the year must be written, in full.
    if str(first.year) not in _DIGITS.findall(cleaned):
        raise InvalidValue(
            "date", f"'{original}' does not give a year from {FIRST_YEAR} on in four digits, as in '14 July 2025'"
        )
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


D = TypeVar("D", date, datetime)


def span_back(moment: D, amount: int, unit: str, *, field: str, text: str) -> D:
    """``moment`` less ``amount`` hours, days, weeks, months or years (``h``, ``d``, ``w``, ``m``, ``y``)."""
    from dateutil.relativedelta import relativedelta

    spans = {
        "h": relativedelta(hours=amount),
        "d": relativedelta(days=amount),
        "w": relativedelta(weeks=amount),
        "m": relativedelta(months=amount),
        "y": relativedelta(years=amount),
    }
    try:
        back: D = moment - spans[unit]
    except (ValueError, OverflowError):
        raise InvalidValue(field, f"'{text}' reaches back before year 1") from None
    return back


def parse_since(text: str, today: date) -> date:
    """The first day a ``--since``/``--from`` bound admits; spans like ``30d`` count back."""
    match = _SPAN.fullmatch(text.strip().casefold())
    if match:
        return span_back(today, int(match.group(1)), match.group(2), field="date", text=text)
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
    if not cleaned.isascii():
        raise InvalidValue("time", f"'{text}' is not an ISO 8601 time such as 2025-07-14T09:30:00Z")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValue("time", f"'{text}' is not an ISO 8601 time such as 2025-07-14T09:30:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
