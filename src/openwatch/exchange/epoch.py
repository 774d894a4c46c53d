"""Reading Epoch AI's models data (CSV) as assessed claims.

Epoch AI ("Data on AI Models", epoch.ai, CC BY 4.0) publishes one row per
model with a ``Model accessibility`` category. Each row with a category
becomes one claim record -- the plain fields an exported claim has -- which
the import validates and stores like any other:

- stance: the category through ``openwatch.core.indexes.EPOCH_ACCESSIBILITY``;
  an empty category is not assessed and gives no claim;
- date: the day of the row's ``Last modified`` (Epoch overwrites a row when
  access changes, so its category is its judgement as of then), never
  ``Publication date``, which goes in the note;
- company: the first organisation of ``Organization``, model: ``System``
  (newer files call it ``Model``), source ``Epoch AI``;
- the note keeps the publication date, the other organisations, the code and
  data accessibility, the first line of the accessibility notes, the
  frontier-model flag (``FRONTIER_MARK``) and the attribution.

A claim id is fixed by the model and what Epoch said of it (category and
day), so re-reading the same file gives the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openwatch.core.claim import Stance
from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.indexes import EPOCH_ATTRIBUTION, EPOCH_SOURCE, EPOCH_URL, FRONTIER_MARK, epoch_stance
from openwatch.core.licences import Licence, normalise_licence

__all__ = ["EPOCH_ATTRIBUTION", "EPOCH_SOURCE", "ID_PREFIX", "read_epoch"]

ID_PREFIX = "epoch-"
_SLUG = re.compile(r"[^a-z0-9]+")
_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_URL = re.compile(r"https?://[^\s,]+", re.IGNORECASE)
NOTES_SHOWN = 160
"""How much of ``Accessibility notes``' first line the claim's note keeps."""


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def row_id(system: str, accessibility: str, day: str) -> str:
    """``epoch-<system slug>-<hash of the category and the day>``: same row, same id."""
    name = _one_line(system)
    # The slug loses characters ("Command R" and "Command R+" share one): a short hash of the
    # exact name keeps two models apart, so a row's later verdicts are known as that row's.
    slug = _SLUG.sub("-", name.casefold()).strip("-")[:60] + "-" + hashlib.sha256(name.encode()).hexdigest()[:4]
    digest = hashlib.sha256(f"{_one_line(accessibility)}|{day}".encode()).hexdigest()[:10]
    return f"{ID_PREFIX}{slug}-{digest}"


def _organisations(value: str) -> list[str]:
    return [name for name in (_one_line(part) for part in value.split(",")) if name]


def _licence(notes_line: str, system: str) -> Licence | None:
    """The licence the accessibility notes open with ("apache 2.0", "Llama 2 license. can't use ..."), if any."""
    if not notes_line or notes_line.casefold().startswith("http"):
        return None
    first_sentence = notes_line.split(". ", 1)[0]
    for candidate in dict.fromkeys((notes_line, first_sentence)):
        found = normalise_licence(candidate, system)
        if found is not None:
            return found
    return None


def row_fields(row: dict[str, str], location: str, *, snapshot: str | None = None) -> dict[str, Any] | None:
    """One CSV row as claim fields; None when Epoch has not assessed it. Raises ``InvalidValue``."""
    accessibility = _one_line(row.get("Model accessibility"))
    stance = _stance(accessibility, location)
    if stance is None:
        return None
    system = _one_line(row.get("System") or row.get("Model"))
    if not system:
        raise InvalidValue("model", f"{location}: the row names no model (System)")
    organisations = _organisations(row.get("Organization") or "")
    if not organisations:
        raise InvalidValue("company", f"{location}: the row names no organisation (Organization)")
    day = _day(row, location, snapshot)
    links = _URL.findall(row.get("Link") or "")
    notes_line = _one_line((row.get("Accessibility notes") or "").strip().split("\n", 1)[0])
    licence = _licence(notes_line, system)
    return {
        "id": row_id(system, accessibility, day),
        "date": day,
        "company": organisations[0],
        "model": system,
        "stance": stance.value,
        "kind": "assessed",
        "planned": False,
        "source": EPOCH_SOURCE,
        "url": links[0] if links else EPOCH_URL,
        "quote": None,
        "license": licence.name if licence is not None else None,
        "note": _note(row, accessibility, day, organisations, notes_line),
    }


def _stance(accessibility: str, location: str) -> Stance | None:
    """The stance Epoch's category stands for; None when the row is not assessed."""
    try:
        return epoch_stance(accessibility)
    except KeyError:
        raise InvalidValue(
            "stance", f"{location}: Model accessibility '{accessibility}' is not one of Epoch's categories"
        ) from None


def _day(row: dict[str, str], location: str, snapshot: str | None) -> str:
    """The day of the row's ``Last modified``, else the snapshot's: when Epoch's verdict stood."""
    modified = _DAY.match(_one_line(row.get("Last modified")))
    day = modified.group(1) if modified else snapshot
    if day is None:
        raise InvalidValue("date", f"{location}: the row has no 'Last modified' day; give the snapshot's date")
    return day


_OTHER_ACCESS = (
    ("training code", "Training code accessibility"),
    ("inference code", "Inference code accessibility"),
    ("dataset", "Dataset accessibility"),
)
"""What else Epoch records of a model's openness: (label in the note, column)."""


def _note(row: dict[str, str], accessibility: str, day: str, organisations: list[str], notes_line: str) -> str:
    """The category and its day, what the claim's fields leave out, and the attribution."""
    parts = [f"Epoch AI models data: Model accessibility '{accessibility}', as of {day}."]
    published = _one_line(row.get("Publication date"))
    parts.append(f"Published: {published or 'not given'}.")
    if len(organisations) > 1:
        parts.append(f"Organisations: {', '.join(organisations)}.")
    access = [f"{label} {value}" for label, column in _OTHER_ACCESS if (value := _one_line(row.get(column)))]
    if access:
        parts.append("Epoch also records: " + "; ".join(access) + ".")
    if notes_line:
        shown = notes_line if len(notes_line) <= NOTES_SHOWN else notes_line[: NOTES_SHOWN - 1] + "…"
        parts.append(f"Accessibility notes: {shown}" + ("" if shown[-1] in ".!?…" else "."))
    if _one_line(row.get("Frontier model")).casefold() in ("checked", "true", "yes"):
        parts.append(FRONTIER_MARK)
    parts.append(EPOCH_ATTRIBUTION)
    return " ".join(parts)


def read_epoch(
    path: Path, *, snapshot: str | None = None
) -> Iterator[tuple[str, dict[str, Any] | InvalidValue | None]]:
    """(location, fields) for each row of Epoch's CSV; None for a row not assessed, an error for a bad one.

    Errors are yielded, not raised, so the import can name every bad row and
    follow its all-or-nothing or ``--skip-invalid`` rule.
    """
    if not path.is_file():
        raise OpenwatchError(f"{path} is not a file: give Epoch AI's models CSV")
    csv.field_size_limit(sys.maxsize)  # Epoch's abstracts and notes run long
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            columns = set(reader.fieldnames or ())
            if "Model accessibility" not in columns or not ({"System", "Model"} & columns):
                raise OpenwatchError(
                    f"{path} is not Epoch AI's models data: it has no 'Model accessibility' and 'System' columns"
                )
            for row in reader:
                location = f"{path}:{reader.line_num}"
                try:
                    yield location, row_fields(row, location, snapshot=snapshot)
                except InvalidValue as error:
                    yield location, error
    except UnicodeDecodeError:
        raise OpenwatchError(f"{path} is not UTF-8 text") from None
