"""Turning raw field values (from options, prompts or files) into a claim.

``add``, ``edit`` and every row of ``import`` go through the same checks, so
a value refused at the terminal is refused in a file too.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from openwatch.core.claim import Claim, Kind, parse_kind, parse_stance
from openwatch.core.dates import PartialDate, parse_claim_date, parse_date, parse_iso_date
from openwatch.core.errors import InvalidValue

MAX_FIELD_CHARS = 10_000_000
"""A field longer than this (10 million characters) is refused; a 1 MB quote is data."""

_SPACE = re.compile(r"\s")
_HTTP_URL = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://"
    r"(?:[^/?#\s\[\]@]*@)?"  # user info
    r"(?:\[[0-9A-Fa-f:.]+\](?::\d*)?|[^/?#\s\[\]@]+)"  # [IPv6]:port, or host:port
    r"(?:[/?#]\S*)?"
)
_URL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
"""Control, bidirectional and invisible characters: a link holding one is not the link it shows."""
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}


def new_claim_id() -> str:
    """A fresh id: 64 random bits, so two trackers never mint the same one."""
    return secrets.token_hex(8)


@dataclass(slots=True)
class ClaimFields:
    """The fields of a claim as text, before checking."""

    date: str | None = None
    company: str | None = None
    model: str | None = None
    stance: str | None = None
    kind: str | None = None
    planned: str | bool | None = None
    source: str | None = None
    url: str | None = None
    quote: str | None = None
    license: str | None = None
    note: str | None = None
    due: str | None = None
    recorded_by: str | None = None


def merge_fields(current: Claim, given: ClaimFields) -> ClaimFields:
    """The fields of ``current`` with those ``given`` (not None) in their place: what an edit checks."""
    return ClaimFields(
        date=str(current.date) if given.date is None else given.date,
        company=current.company if given.company is None else given.company,
        model=current.model if given.model is None else given.model,
        stance=current.stance.value if given.stance is None else given.stance,
        kind=current.kind.value if given.kind is None else given.kind,
        planned=current.planned if given.planned is None else given.planned,
        source=current.source if given.source is None else given.source,
        url=current.url if given.url is None else given.url,
        quote=current.quote if given.quote is None else given.quote,
        license=current.license if given.license is None else given.license,
        note=current.note if given.note is None else given.note,
        due=(None if current.due is None else str(current.due)) if given.due is None else given.due,
        recorded_by=current.recorded_by if given.recorded_by is None else given.recorded_by,
    )


REQUIRED = ("date", "company", "stance", "source")
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_undecodable(value: str) -> bool:
    """True when text holds lone surrogates: bytes that were not UTF-8 (Python keeps
    them from a command line or standard input as U+DC80..U+DCFF), which SQLite
    and every output would refuse."""
    return _SURROGATE.search(value) is not None


def recover_utf8(arguments: list[str], encoding: str) -> list[str]:
    """Command-line arguments as UTF-8 text where their bytes are UTF-8.

    Under ``LC_ALL=C`` with UTF-8 mode off, Python decodes arguments as ASCII
    and keeps each other byte as a lone surrogate, so ``timeline Société``
    arrived as not-text. ``encoding`` is ``sys.getfilesystemencoding()``;
    bytes that are not UTF-8 either stay as they were (and are refused by
    ``refuse_undecodable`` where text is needed).
    """
    recovered = []
    for argument in arguments:
        if has_undecodable(argument):
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError, LookupError):
                argument = argument.encode(encoding, "surrogateescape").decode("utf-8")
        recovered.append(argument)
    return recovered


def refuse_undecodable(arguments: Mapping[str, object]) -> None:
    """A text argument that is not valid UTF-8 is a usage error naming it, never a
    traceback deeper down. Paths are left alone: on Linux a file name may be any bytes."""
    for name, value in arguments.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and has_undecodable(text) for text in texts):
            option = name.replace("_", "-")
            raise InvalidValue(option, f"{option} is not valid UTF-8 text: it holds bytes that are not characters")


def check_length(field: str, value: str) -> None:
    if has_undecodable(value):
        raise InvalidValue(field, f"{field} is not valid UTF-8 text: it holds bytes that are not characters")
    check_size(field, value)


def check_size(field: str, value: str) -> None:
    """The length half of ``check_length``, for text known to be valid UTF-8
    (read from a file decoded strictly, which cannot hold lone surrogates)."""
    if len(value) > MAX_FIELD_CHARS:
        raise InvalidValue(field, f"{field} is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}")


TextCheck = Callable[[str, str], None]


def required_text(field: str, value: str | None, check: TextCheck = check_length) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidValue(field, f"{field} must not be empty")
    check(field, text)
    return text


def optional_text(field: str, value: str | None, *, strip: bool = True, check: TextCheck = check_length) -> str | None:
    if value is None:
        return None
    text = value.strip() if strip else value
    if not text.strip():
        return None
    check(field, text)
    return text


def company_name(value: str | None, check: TextCheck = check_length) -> str:
    """A company's name as stored: NFC, no invisible characters, fullwidth letters folded
    (``core.matching.clean_name``), so "Meta" typed with a zero-width space is "Meta"."""
    from openwatch.core.matching import clean_name

    return required_text("company", None if value is None else clean_name(value), check)


def model_name(value: str | None, check: TextCheck = check_length) -> str | None:
    """A model's name as stored (see ``company_name``); None for a company-wide claim."""
    from openwatch.core.matching import clean_name

    return optional_text("model", None if value is None else clean_name(value), check=check)


def check_url(value: str | None, check: TextCheck = check_length) -> str | None:
    text = optional_text("url", value, check=check)
    if text is None:
        return None
    if _URL_CONTROL.search(text) is not None:
        raise InvalidValue(
            "url",
            "url holds a control or invisible character (an escape code, U+202E, a zero-width space): "
            "type the address again, or copy it from the browser's address bar",
        )
    # A pattern rather than urlsplit: as strict (a scheme, a host, no spaces),
    # several times faster for an import, and it never raises on "http://[x".
    if _HTTP_URL.fullmatch(text) is None:
        raise InvalidValue("url", f"url must be an http:// or https:// address, not '{text}'")
    return text


def parse_planned(value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    text = (value or "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidValue("planned", f"planned must be true or false, not '{value}'")


def read_date(
    value: str | None, today: date, *, iso_only: bool = False, check: TextCheck = check_length
) -> PartialDate:
    text = required_text("date", value, check)
    parsed = parse_iso_date(text) if iso_only else parse_claim_date(text, today)
    if parsed.start > today:
        raise InvalidValue("date", f"{parsed} is in the future: a claim is dated when it was made")
    return parsed


def read_due(
    value: str | None, *, today: date | None = None, iso_only: bool = False, check: TextCheck = check_length
) -> PartialDate | None:
    """A promise's due date: a date like a claim's, but it may lie ahead (empty: none)."""
    text = optional_text("due", value, check=check)
    if text is None:
        return None
    try:
        return parse_iso_date(text) if iso_only or today is None else parse_date(text, today)
    except InvalidValue as error:
        raise InvalidValue("due", error.message.replace("a date", "a due date", 1)) from None


def build_claim(
    fields: ClaimFields,
    *,
    claim_id: str,
    recorded_at: datetime,
    today: date,
    updated_at: datetime | None = None,
    iso_dates_only: bool = False,
    valid_utf8: bool = False,
) -> Claim:
    """Check every field and return the claim; raise ``InvalidValue`` naming the field.

    ``valid_utf8``: the caller vouches that no text holds lone surrogates (it
    was decoded strictly from a file), so only lengths are checked.
    """
    check = check_size if valid_utf8 else check_length
    kind = fields.kind
    return Claim(
        id=claim_id,
        date=read_date(fields.date, today, iso_only=iso_dates_only, check=check),
        company=company_name(fields.company, check),
        model=model_name(fields.model, check),
        stance=parse_stance(required_text("stance", fields.stance, check)),
        kind=parse_kind(kind) if kind and kind.strip() else Kind.STATED,
        planned=parse_planned(fields.planned),
        source=required_text("source", fields.source, check),
        url=check_url(fields.url, check),
        quote=optional_text("quote", fields.quote, strip=False, check=check),
        license=optional_text("license", fields.license, check=check),
        note=optional_text("note", fields.note, strip=False, check=check),
        recorded_at=recorded_at,
        updated_at=updated_at or recorded_at,
        due=read_due(fields.due, today=today, iso_only=iso_dates_only, check=check),
        recorded_by=optional_text("recorded_by", fields.recorded_by, check=check),
    )


def check_claim_id(value: str) -> str:
    """An id from a file or an option: non-empty, printable, no spaces."""
    text = value.strip()
    if not text or len(text) > 200 or not text.isprintable() or _SPACE.search(text):
        raise InvalidValue("id", f"'{value}' is not a usable claim id")
    return text
