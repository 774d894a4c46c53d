"""Reading the European Open Source AI Index's model records as assessed claims.

The index (https://osai-index.eu/, CC-BY 4.0) publishes one YAML file per
model, grading it dimension by dimension. Each record becomes one claim
record -- the same plain fields an exported claim has -- which the import
pipeline validates and stores like any other. The stance comes from the
crosswalk in ``openwatch.core.crosswalk``.

Records are read with PyYAML's safe loader only: these are downloaded files.
PyYAML is the optional extra ``eosai``; without it the import says how to
install it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openwatch.core.crosswalk import (
    ATTRIBUTION,
    DIMENSIONS,
    INDEX_URL,
    SHORT_ATTRIBUTION,
    SOURCE,
    Access,
    Grade,
    Grades,
    Placement,
    place,
)
from openwatch.core.errors import InvalidValue, OpenwatchError

__all__ = ["ATTRIBUTION", "SOURCE", "IndexRecord", "read_records"]

ID_PREFIX = "eosai-"
INSTALL_HINT = "pip install 'openwatch[eosai]' (from a checkout: pip install '.[eosai]')"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """One index record read and placed, before it is checked as a claim."""

    location: str
    key: str
    """The record's identity across snapshots: a slug of the system name (``llama-3-1``)."""
    grades: Grades
    placement: Placement
    fields: dict[str, Any]
    """Claim fields (``id``, ``date``, ``company`` ...), as an exported claim has them."""


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise OpenwatchError(
            f"reading European Open Source AI Index records needs PyYAML: {INSTALL_HINT}"
        ) from None
    return yaml


def record_key(system_name: str) -> str:
    """How a record is known across snapshots: its system name as a slug."""
    return _SLUG.sub("-", " ".join(system_name.split()).casefold()).strip("-")


def assessment_id(key: str, grades: Grades, licence: str | None) -> str:
    """A claim id fixed by what the index judged: same grades and licence, same id.

    Re-reading the same snapshot therefore gives the same ids (and two people
    importing it mint the same claims); a record whose grades changed gets a
    new id, so a new claim, and the old assessment stays in the history.
    """
    content = grades.as_text() + "|licence=" + (licence or "")
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return f"{ID_PREFIX}{key}-{digest}"


def is_assessment_of(claim_id: str, key: str) -> bool:
    """Whether ``claim_id`` is an index assessment of the record ``key`` (any grades).

    Exact, not a prefix test: ``llama-3`` must not claim ``llama-3-1``'s ids.
    """
    return re.fullmatch(re.escape(f"{ID_PREFIX}{key}-") + "[0-9a-f]{10}", claim_id) is not None


def _clean(value: Any) -> str | None:
    """A scalar as one line of text with runs of spaces as one (the index has "DeepSeek ")."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _section(document: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = document.get(name)
    return value if isinstance(value, dict) else None


def _grade(document: dict[str, Any], dimension: str, location: str) -> Grade | None:
    section = document.get(dimension)
    if section is None:
        return None
    raw = section.get("class") if isinstance(section, dict) else section
    text = _clean(raw)
    if text is None:
        return None
    try:
        return Grade(text.casefold())
    except ValueError:
        raise InvalidValue(
            dimension, f"{location}: {dimension} has the grade '{text}'; the index grades open, partial or closed"
        ) from None


def _release_date(value: Any, location: str) -> str:
    """``system.releasedate`` as an ISO date with the precision the index gave (a month)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    text = _clean(value)
    if text is None:
        raise InvalidValue("date", f"{location}: system.releasedate is missing; the claim needs a date")
    if not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", text):
        raise InvalidValue(
            "date", f"{location}: system.releasedate '{text}' is not a date in the form YYYY-MM"
        )
    return text


def parse_record(text: str, location: str, *, snapshot: str) -> IndexRecord:
    """One record's text as claim fields; raise ``InvalidValue`` naming ``location``."""
    yaml = _yaml()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Windows line endings are the index's data as published; read them as Unix ones.
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        document = yaml.load(normalised, Loader=loader)  # safe: SafeLoader or CSafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise InvalidValue("record", f"{location}: not valid YAML{where}: {problem}") from None
    if not isinstance(document, dict):
        raise InvalidValue("record", f"{location}: not a European Open Source AI Index record (not a mapping)")
    system, org = _section(document, "system"), _section(document, "org")
    if system is None or org is None or not any(d in document for d in DIMENSIONS):
        raise InvalidValue(
            "record",
            f"{location}: not a European Open Source AI Index record (no system, org and grade sections)",
        )
    company = _clean(org.get("name"))
    if company is None:
        raise InvalidValue("company", f"{location}: the record names no organisation (org.name)")
    model = _clean(system.get("name"))
    if model is None:
        raise InvalidValue("model", f"{location}: the record names no model (system.name)")
    grades = Grades(*(_grade(document, d, location) for d in DIMENSIONS))
    licence = _clean(system.get("endmodellicense"))
    # The index's schema has no statement about API access: a record with
    # closed weights is therefore never placed at `api` or `closed`.
    access: Access | None = None
    placement = place(grades, licence, access)
    key = record_key(model)
    released = _release_date(system.get("releasedate"), location)
    link = _clean(system.get("link"))
    fields: dict[str, Any] = {
        "id": assessment_id(key, grades, licence),
        "date": released,
        "company": company,
        "model": model,
        "stance": placement.stance.value,
        "kind": "assessed",
        "planned": False,
        "source": SOURCE,
        "url": link if link and re.match(r"https?://", link, re.IGNORECASE) else INDEX_URL,
        "quote": None,
        "license": licence,
        "note": claim_note(placement, grades, snapshot=snapshot, record=Path(location).name),
    }
    return IndexRecord(location, key, grades, placement, fields)


def claim_note(placement: Placement, grades: Grades, *, snapshot: str, record: str) -> str:
    """Which snapshot and record, the rule that applied and the dimensions that decided it."""
    return (
        f"EOSAI snapshot {snapshot}, record {record}: {placement.reason} "
        f"(decided by {'; '.join(placement.deciding)}). Grades: {grades.as_text()}. "
        f"{SHORT_ATTRIBUTION}"
    )


def record_files(path: Path) -> list[Path]:
    """The record files at ``path``: the file itself, or a folder's ``*.yaml`` in name order."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
        if not files:
            raise OpenwatchError(f"{path} holds no .yaml records")
        return files
    if not path.exists():
        raise OpenwatchError(f"{path} does not exist: give an index record (.yaml) or a folder of them")
    return [path]


def read_records(path: Path, *, snapshot: str) -> Iterator[tuple[str, IndexRecord | InvalidValue]]:
    """(location, record) for each record at ``path``; a bad one gives its error instead.

    Errors are yielded, not raised, so the import can report every bad file
    and follow its all-or-nothing or ``--skip-invalid`` rule.
    """
    _yaml()  # say at once, before any file, when PyYAML is missing
    for file in record_files(path):
        location = str(file)
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            yield location, InvalidValue("record", f"{location}: not UTF-8 text")
            continue
        except OSError as error:
            yield location, InvalidValue("record", f"{location}: cannot be read: {error.strerror}")
            continue
        try:
            yield location, parse_record(text, location, snapshot=snapshot)
        except InvalidValue as error:
            yield location, error
