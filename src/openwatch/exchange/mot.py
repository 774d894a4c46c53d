"""Reading the LF AI & Data Model Openness Tool's YAML records as assessed claims.

The tool (https://mot.isitopen.ai/, records MIT-licensed) lists, per model,
the components of the Model Openness Framework (weights, code, data, papers
...) with the licence of each. Each record becomes one claim record:

- stance: the licence of the final weights (``Model parameters (Final)``,
  else the release's distribution licence) through the licence table;
  ``open-source`` when the record also earns MOF Class I (every component,
  datasets included, openly licensed); ``unknown`` when the record has no
  weights component, names no licence for it, or lists the weights under a
  generic (SPDX) licence while naming no place (repository or Hugging Face)
  where they are published (Claude-1 and Claude-2 list MIT weights, Grok-0
  Apache-2.0 ones, that were never released);
- date: the snapshot's (an option; 2026-05-11 for the reference snapshot),
  never ``release.date``, which is often the day the record was added and
  goes in the note;
- the MOF class computed here (``openwatch.core.indexes.mof_class``) goes in
  the note, with the attribution.

Read with PyYAML's safe loader only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from openwatch.core.claim import Stance
from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.core.indexes import (
    CODE_COMPONENTS,
    MOT_ATTRIBUTION,
    MOT_SNAPSHOT_DATE,
    MOT_SOURCE,
    MOT_URL,
    WEIGHTS_COMPONENT,
    MofClass,
    MofResult,
    mof_class,
)
from openwatch.core.licences import Licence, normalise_licence

__all__ = ["ID_PREFIX", "MOT_ATTRIBUTION", "MOT_SNAPSHOT_DATE", "MOT_SOURCE", "read_mot"]

ID_PREFIX = "mot-"
_SLUG = re.compile(r"[^a-z0-9]+")
_NO_LICENCE = re.compile(
    r"^(?:unlicensed|undisclosed|unknown|none|n/?a|other\s+licen[cs]e|component\s+not\s+include)", re.IGNORECASE
)
_DATA_COMPONENTS = frozenset({"Datasets", "Evaluation data", "Data card"})


def _clean(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


def _first_word(value: Any) -> str | None:
    text = _clean(value)
    return text.split()[0] if text else None


def _global_licences(release: dict[str, Any]) -> dict[str, str]:
    """The release-wide licences by kind (``distribution``, ``code``, ``data``, ``document``)."""
    found: dict[str, str] = {}
    section = release.get("license")
    if isinstance(section, dict):
        for kind, value in section.items():
            name = _clean(value.get("name")) if isinstance(value, dict) else _clean(value)
            if name:
                found[str(kind)] = name
    return found


def _component_licences(release: dict[str, Any]) -> dict[str, str | None]:
    """Each listed component's licence as written: its own, else the release-wide one for its kind."""
    globals_ = _global_licences(release)
    found: dict[str, str | None] = {}
    for component in release.get("components") or []:
        if not isinstance(component, dict):
            continue
        name = _clean(component.get("name"))
        if name is None:
            continue
        own = _clean(component.get("license"))
        if own is None:
            kind = "code" if name in CODE_COMPONENTS else "data" if name in _DATA_COMPONENTS else "document"
            if name == WEIGHTS_COMPONENT:
                kind = "distribution"
            own = globals_.get(kind) or globals_.get("distribution")
        found[name] = own
    return found


def _resolve(written: str | None, model: str) -> Licence | None:
    if written is None or _NO_LICENCE.match(written):
        return None
    return normalise_licence(written, model)


def record_key(name: str) -> str:
    """A record's file name as a slug, with a short hash of the exact name (two names may slug alike)."""
    return _SLUG.sub("-", name.casefold()).strip("-") + "-" + hashlib.sha256(name.encode()).hexdigest()[:4]


def record_id(key: str, licences: dict[str, str | None]) -> str:
    """Fixed by the record's components and their licences: the same record, the same id."""
    content = "|".join(f"{name}={licences[name] or ''}" for name in sorted(licences))
    return f"{ID_PREFIX}{key}-{hashlib.sha256(content.encode()).hexdigest()[:10]}"


def place_record(
    model: str, licences: dict[str, str | None], *, published: bool
) -> tuple[Stance, str, MofResult, Licence | None]:
    """(stance, reason, MOF result, weights licence) for one record's component licences."""
    resolved = {name: _resolve(written, model) for name, written in licences.items()}
    result = mof_class(resolved)
    if WEIGHTS_COMPONENT not in licences:
        return Stance.UNKNOWN, "the record has no weights component (Model parameters (Final))", result, None
    written = licences[WEIGHTS_COMPONENT]
    weights = resolved[WEIGHTS_COMPONENT]
    if written is None or _NO_LICENCE.match(written):
        return Stance.UNKNOWN, f"the record names no licence for the weights ({written or 'none'})", result, None
    if weights is None:
        return Stance.UNKNOWN, f"the licence table does not know the weights' licence '{written}'", result, None
    if weights.stance is None:
        return Stance.UNKNOWN, f"the weights' licence '{weights.name}' grants no weights", result, weights
    # A generic licence (MIT, Apache-2.0) says nothing of a release; a model's
    # own licence (Llama 2's) exists only for released weights.
    if not published and weights.spdx:
        return (
            Stance.UNKNOWN,
            f"the weights are listed under {weights.name}, but the record names no repository or Hugging Face page",
            result,
            weights,
        )
    if weights.stance is Stance.OPEN_WEIGHTS and result.mof_class is MofClass.OPEN_SCIENCE:
        return (
            Stance.OPEN_SOURCE,
            f"weights under {weights.name} and MOF Class I (every component open)",
            result,
            weights,
        )
    return weights.stance, f"weights under {weights.name} ({weights.note})", result, weights


def parse_record(text: str, location: str, *, snapshot: str) -> dict[str, Any]:
    """One record's text as claim fields; raise ``InvalidValue`` naming ``location``."""
    release = _release(text, location)
    model = _clean(release.get("name"))
    if model is None:
        raise InvalidValue("model", f"{location}: the record names no model (release.name)")
    company = _clean(release.get("producer"))
    if company is None:
        raise InvalidValue("company", f"{location}: the record names no producer (release.producer)")
    licences = _component_licences(release)
    hub, repository = _published_at(release)
    stance, reason, result, weights = place_record(model, licences, published=bool(hub or repository))
    link = next((u for u in (hub, repository) if u and re.match(r"https?://", u, re.IGNORECASE)), None)
    return {
        # Keyed by the file, not release.name: two records may share a name (DeepSeek-V3, DeepSeek-V3-test).
        "id": record_id(record_key(Path(location).stem), licences),
        "date": snapshot,
        "company": company,
        "model": model,
        "stance": stance.value,
        "kind": "assessed",
        "planned": False,
        "source": MOT_SOURCE,
        "url": link or MOT_URL,
        "quote": None,
        "license": weights.name if weights is not None else licences.get(WEIGHTS_COMPONENT),
        "note": _note(location, reason, result, snapshot=snapshot, record_date=_clean(release.get("date"))),
    }


def _release(text: str, location: str) -> dict[str, Any]:
    """The record's ``release`` section, read with a safe loader; raise ``InvalidValue`` if it has none."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text.replace("\r\n", "\n"), Loader=loader)  # safe: SafeLoader or CSafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InvalidValue("record", f"{location}: not valid YAML{where}") from None
    release = document.get("release") if isinstance(document, dict) else None
    if not isinstance(release, dict) or not isinstance(release.get("components"), list):
        raise InvalidValue("record", f"{location}: not a Model Openness Tool record (no release with components)")
    return release


def _published_at(release: dict[str, Any]) -> tuple[str | None, str | None]:
    """(Hugging Face page, repository) where the record says the model is published, as addresses."""
    # A link may be followed by its page title ("https://huggingface.co/x/y · Hugging Face"): keep the address.
    hub, repository = (_first_word(release.get(key)) for key in ("huggingface", "repository"))
    if hub and re.fullmatch(r"[\w.-]+/[\w.-]+", hub):  # "xai-org/grok-1": a Hugging Face repo id
        hub = f"https://huggingface.co/{hub}"
    return hub, repository


def _note(location: str, reason: str, result: MofResult, *, snapshot: str, record_date: str | None) -> str:
    """Why the record was placed so, its computed MOF class, the record's own date and the attribution."""
    parts = [f"MOT snapshot {snapshot}, record {Path(location).name}: {reason}."]
    parts.append(f"MOF class (computed by openwatch): {result.mof_class.label}")
    if result.conditional:
        parts[-1] += ", conditionally (final weights under an OSI-approved licence)"
    parts[-1] += "."
    if result.missing and result.mof_class is not MofClass.OPEN_SCIENCE:
        shown = ", ".join(result.missing[:4]) + (" ..." if len(result.missing) > 4 else "")
        parts.append(f"Not open for the next class: {shown}.")
    parts.append(f"Record date: {record_date or 'not given'}.")
    parts.append(MOT_ATTRIBUTION)
    return " ".join(parts)


def record_files(path: Path) -> list[Path]:
    """The ``.yml``/``.yaml`` records in ``path`` (or its ``models/`` folder), or the one file given."""
    if path.is_dir():
        folder = path / "models" if (path / "models").is_dir() else path
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yml", ".yaml") and p.is_file())
        if not files:
            raise OpenwatchError(f"{path} holds no .yml or .yaml records")
        return files
    if not path.exists():
        raise OpenwatchError(f"{path} does not exist: give the Model Openness Tool's models folder")
    return [path]


def read_mot(path: Path, *, snapshot: str = MOT_SNAPSHOT_DATE) -> Iterator[tuple[str, dict[str, Any] | InvalidValue]]:
    """(location, fields) for each record at ``path``; a bad one gives its error instead."""
    from openwatch.exchange.record_files import each_record

    yield from each_record(record_files(path), lambda text, location: parse_record(text, location, snapshot=snapshot))
