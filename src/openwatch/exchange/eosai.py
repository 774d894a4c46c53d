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
    ID_DIMENSIONS,
    INDEX_URL,
    SHORT_ATTRIBUTION,
    SNAPSHOT_DATE,
    SOURCE,
    Access,
    Grade,
    Grades,
    Placement,
    WeightsLicence,
    place,
    weights_licence,
)
from openwatch.core.errors import InvalidValue, OpenwatchError

__all__ = ["ATTRIBUTION", "SNAPSHOT_DATE", "SOURCE", "IndexRecord", "read_records"]

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
    weights: WeightsLicence
    released: str | None
    """The model's release date as the index gives it (a month), which goes in the note."""
    fields: dict[str, Any]
    """Claim fields (``id``, ``date``, ``company`` ...), as an exported claim has them."""


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise OpenwatchError(f"reading European Open Source AI Index records needs PyYAML: {INSTALL_HINT}") from None
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
    content = grades.as_text(ID_DIMENSIONS) + "|licence=" + (licence or "")
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


def _release_date(value: Any) -> str | None:
    """``system.releasedate`` as the index gave it (a month), for the note; None when missing.

    The claim is dated by the snapshot, never by this: a verdict did not exist
    before the index gave it.
    """
    if isinstance(value, date):
        return value.isoformat()
    return _clean(value)


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
    end_licence = _clean(system.get("endmodellicense"))
    licences = document.get("licenses")
    notes = _clean(licences.get("notes")) if isinstance(licences, dict) else None
    weights = weights_licence(notes, end_licence, model)
    # The index's schema has no statement about API access: a record with
    # no weights is therefore never placed at `api` or `closed`.
    access: Access | None = None
    placement = place(grades, weights, notes=notes, access=access)
    key = record_key(model)
    released = _release_date(system.get("releasedate"))
    link = _clean(system.get("link"))
    recorded_licence = weights.licence.name if weights.licence is not None else weights.written
    fields: dict[str, Any] = {
        "id": assessment_id(key, grades, end_licence),
        "date": snapshot,
        "company": company,
        "model": model,
        "stance": placement.stance.value,
        "kind": "assessed",
        "planned": False,
        "source": SOURCE,
        "url": link if link and re.match(r"https?://", link, re.IGNORECASE) else INDEX_URL,
        "quote": None,
        "license": recorded_licence,
        "note": claim_note(
            placement, grades, weights, snapshot=snapshot, record=Path(location).name, released=released
        ),
    }
    return IndexRecord(location, key, grades, placement, weights, released, fields)


def claim_note(
    placement: Placement,
    grades: Grades,
    weights: WeightsLicence,
    *,
    snapshot: str,
    record: str,
    released: str | None,
) -> str:
    """Which snapshot and record, the rule that applied, the weights' licence, the release date."""
    parts = [
        f"EOSAI snapshot {snapshot}, record {record}: {placement.reason} (decided by {'; '.join(placement.deciding)}).",
    ]
    if weights.written:
        licence = weights.licence.name if weights.licence is not None else "not in the licence table"
        parts.append(f"Weights licence: {weights.written} ({licence}; from {weights.origin}).")
    if weights.disagreement:
        parts.append(f"The record disagrees with itself: {weights.disagreement}; the notes win.")
    parts.append(f"Model released: {released or 'not given'}.")
    parts.append(f"Grades: {grades.as_text()}.")
    parts.append(SHORT_ATTRIBUTION)
    return " ".join(parts)


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
    from openwatch.exchange.record_files import each_record

    _yaml()  # say at once, before any file, when PyYAML is missing
    yield from each_record(record_files(path), lambda text, location: parse_record(text, location, snapshot=snapshot))
