"""The crosswalk from the European Open Source AI Index's records to the stance scale.

The index grades a model dimension by dimension as ``open``, ``partial`` or
``closed``. Its ``licenses`` grade covers weights, code and data together
("Weights: MIT. Code: not released. Data: not disclosed." is graded closed),
and a ``partial`` weights grade may mean gated or merely undocumented, so
neither grade alone says which weights stance a model has. The crosswalk
therefore asks two questions (the README's table spells out every rule):

1. Are there weights to download? Yes when either weights grade (base or end
   model) is ``open`` or ``partial``. If not, ``unknown`` -- unless the record
   states API access or none (``access``).
2. Under which licence? The weights' own licence decides, through the
   licence table (``openwatch.core.licences``): a "Weights: X" statement in
   the licences notes wins over the record's ``endmodellicense``; a licence
   the table does not know is ``weights-noncommercial`` when its name says
   non-commercial, ``weights-restricted`` when the notes call it custom or
   not OSI-recognised, and otherwise ``unknown``.

``open-source`` needs more than an OSI-approved weights licence: the
licences, training code and both data sources graded ``open`` too.

Nothing here guesses: a record the rules cannot place is ``unknown`` with the
reason.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openwatch.core.claim import Stance

if TYPE_CHECKING:  # the licence table is loaded by the functions that read licences, not by `show`
    from openwatch.core.licences import Licence

SOURCE = "European Open Source AI Index"
"""The ``source`` of every claim imported from the index."""
INDEX_URL = "https://osai-index.eu/"
SNAPSHOT_DATE = "2026-06-12"
"""The date of the bundled reference snapshot (commit 5a388e8 of the index's database)."""
ATTRIBUTION = (
    "Assessment from the European Open Source AI Index (https://osai-index.eu/), CC-BY 4.0. "
    'Liesenfeld, A. and Dingemanse, M., 2024. "Rethinking open source generative AI: open-washing '
    'and the EU AI Act". In Proceedings of the 2024 ACM Conference on Fairness, Accountability, '
    "and Transparency (pp. 1774-1787)."
)
"""The attribution the index's CC-BY licence asks for wherever its records are shown or shipped."""
SHORT_ATTRIBUTION = (
    "Source: European Open Source AI Index, https://osai-index.eu/, CC-BY 4.0; "
    "Liesenfeld & Dingemanse 2024, FAccT '24, pp. 1774-1787."
)
"""The attribution every imported claim carries in its note, so exports ship it too."""


class Grade(enum.Enum):
    """The index's grade of one dimension."""

    OPEN = "open"
    PARTIAL = "partial"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


class Access(enum.Enum):
    """What a record says explicitly about access when it shares no weights."""

    API = "api"
    CLOSED = "closed"


DIMENSIONS = (
    "weights_basemodel",
    "weights_endmodel",
    "licenses",
    "trainingcode",
    "datasources_basemodel",
    "datasources_endmodel",
)
"""The index's dimensions the crosswalk reads, in the order notes name them."""
ID_DIMENSIONS = DIMENSIONS[1:]
"""The dimensions a claim id is fixed by (the first crosswalk's five, so ids stay stable)."""
OPEN_SOURCE_DIMENSIONS = ("licenses", "trainingcode", "datasources_basemodel", "datasources_endmodel")


@dataclass(frozen=True, slots=True)
class Grades:
    """The grades the crosswalk reads; None where the record has no grade."""

    weights_basemodel: Grade | None
    weights_endmodel: Grade | None
    licenses: Grade | None
    trainingcode: Grade | None
    datasources_basemodel: Grade | None
    datasources_endmodel: Grade | None

    def get(self, dimension: str) -> Grade | None:
        value: Grade | None = getattr(self, dimension)
        return value

    def as_text(self, dimensions: tuple[str, ...] = DIMENSIONS) -> str:
        """``weights_endmodel=open, licenses=partial, ...`` (missing ones as ``none``)."""
        return ", ".join(f"{d}={self.get(d) or 'none'}" for d in dimensions)


@dataclass(frozen=True, slots=True)
class WeightsLicence:
    """The licence of a record's weights, where it was read, and any disagreement."""

    written: str | None
    """The name as the record writes it (None: the record names none)."""
    licence: Licence | None
    """The licence table's entry (None: the table cannot tell)."""
    origin: str
    """``licences notes``, ``endmodellicense`` or ``none``."""
    disagreement: str | None = None
    """Set when the licences notes and ``endmodellicense`` name different licences."""
    not_available: bool = False
    """The licences notes say the weights are not available."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a record lands on the stance scale, and why."""

    stance: Stance
    deciding: tuple[str, ...]
    """The dimensions (``weights_endmodel=partial``) or licence that decided the stance."""
    reason: str
    """One short sentence saying which rule applied."""


# Non-commercial terms as licence names write them: CC's "NC" element, the
# words themselves, and research-only grants.
_NONCOMMERCIAL = re.compile(
    r"(?:\bNC\b|non[\s-]?commercial|research[\s-]+(?:purposes?[\s-]+)?only|research[\s-]+use[\s-]+only"
    r"|only[\s-]+for[\s-]+research|research-only)",
    re.IGNORECASE,
)
# How the index's notes describe a custom licence it does not count as open.
_NOT_OSI = re.compile(
    r"not\s+(?:an\s+)?OSI|not\s+open\s+in\s+the\s+sense\s+of\s+OSI|bespoke|custom\s+(?:\w+\s+)?licen[cs]e",
    re.IGNORECASE,
)
# "Weights: MIT." -- the licence runs to the first ". " (licence names have dots only inside versions).
_WEIGHTS_STATEMENT = re.compile(r"\bWeights:\s*(.+?)(?:\.\s|\.?$)", re.IGNORECASE | re.DOTALL)
# Values that name no licence.
_NO_LICENCE = re.compile(
    r"^(?:unknown|unclear|undisclosed|none|n/?a|mixed|various|not\s+specified|unspecified|not\s+stated)\b",
    re.IGNORECASE,
)
_NOT_AVAILABLE = re.compile(r"^(?:not\s+(?:available|released|shared|public))", re.IGNORECASE)


def noncommercial(licence: str | None) -> bool:
    """Whether a licence name carries non-commercial terms (``CC-BY-NC-4.0``, "Non-Commercial")."""
    return bool(licence) and _NONCOMMERCIAL.search(licence or "") is not None


def not_osi(notes: str | None) -> bool:
    """Whether the licences notes describe a custom licence, not OSI-recognised."""
    return bool(notes) and _NOT_OSI.search(notes or "") is not None


def _names_licence(text: str | None) -> bool:
    return bool(text) and _NO_LICENCE.match((text or "").strip()) is None


def weights_licence(notes: str | None, endmodel_licence: str | None, model: str | None) -> WeightsLicence:
    """The weights' own licence: the notes' "Weights: X" wins over ``endmodellicense``."""
    from openwatch.core.licences import licence_key, normalise_licence

    stated_match = _WEIGHTS_STATEMENT.search(notes or "")
    stated = " ".join(stated_match.group(1).split()) if stated_match else None
    end = " ".join(endmodel_licence.split()) if endmodel_licence and endmodel_licence.strip() else None
    if stated is not None and _NOT_AVAILABLE.match(stated):
        return WeightsLicence(stated, None, "licences notes", not_available=True)
    if stated is not None and _names_licence(stated):
        found = normalise_licence(stated, model)
        disagreement = None
        if end is not None and _names_licence(end):
            other = normalise_licence(end, model)
            same = (found is not None and other is not None and found.id == other.id) or licence_key(
                stated
            ) == licence_key(end)
            if not same:
                disagreement = f"the licences notes say the weights are under {stated}; endmodellicense says {end}"
        return WeightsLicence(stated, found, "licences notes", disagreement)
    if end is not None and _names_licence(end):
        return WeightsLicence(end, normalise_licence(end, model), "endmodellicense")
    # No field names it: the notes may open with the licence ("Apache 2.0, an OSI-approved license").
    if notes and notes.strip():
        found = normalise_licence(notes.strip(), model)
        if found is not None:
            return WeightsLicence(notes.strip(), found, "licences notes")
    return WeightsLicence(None, None, "none")


def _named(grades: Grades, *dimensions: str) -> tuple[str, ...]:
    return tuple(f"{d}={grades.get(d) or 'none'}" for d in dimensions)


_AVAILABLE = (Grade.OPEN, Grade.PARTIAL)


def place(
    grades: Grades,
    weights: WeightsLicence,
    *,
    notes: str | None = None,
    access: Access | None = None,
) -> Placement:
    """The stance a record supports, with what decided it.

    ``weights`` is the weights' licence (``weights_licence``); ``notes`` the
    licences notes, read for non-commercial or custom, non-OSI terms when the
    licence table does not know the licence.
    """
    from openwatch.core.licences import licence_key

    weights_dims = _named(grades, "weights_basemodel", "weights_endmodel")
    available = grades.weights_basemodel in _AVAILABLE or grades.weights_endmodel in _AVAILABLE
    if not available:
        if access is Access.API:
            return Placement(Stance.API, (*weights_dims, "access=api"), "no weights; the record states API access")
        if access is Access.CLOSED:
            return Placement(
                Stance.CLOSED, (*weights_dims, "access=closed"), "no weights; the record states no outside access"
            )
        return Placement(
            Stance.UNKNOWN,
            weights_dims,
            "no weights graded open or partial, and the record does not say whether there is an API",
        )
    if weights.not_available:
        return Placement(
            Stance.UNKNOWN,
            (*weights_dims, f"weights licence={weights.written}"),
            "the notes say the weights are not available",
        )
    deciding = (*weights_dims, f"weights licence={weights.written or 'none'}")
    licence = weights.licence
    if licence is None:
        written = weights.written or ""
        if noncommercial(written) or (weights.origin == "none" and noncommercial(notes)):
            return Placement(Stance.WEIGHTS_NONCOMMERCIAL, deciding, "weights under non-commercial terms")
        if licence_key(written) == "modified mit":
            return Placement(
                Stance.UNKNOWN,
                deciding,
                "'Modified MIT' names several licences and the table does not know this model's",
            )
        if not_osi(notes):
            return Placement(
                Stance.WEIGHTS_RESTRICTED,
                (*deciding, "notes=not OSI-recognised"),
                "weights under a custom licence the notes describe as not OSI-recognised",
            )
        if not written:
            return Placement(Stance.UNKNOWN, deciding, "the record names no licence for the weights")
        return Placement(Stance.UNKNOWN, deciding, f"the licence table does not know '{written}'")
    if licence.stance is None:
        return Placement(
            Stance.UNKNOWN, deciding, f"'{licence.name}' grants no weights, yet the weights are graded available"
        )
    if licence.stance is Stance.OPEN_WEIGHTS:
        closed = [d for d in OPEN_SOURCE_DIMENSIONS if grades.get(d) is not Grade.OPEN]
        if not closed:
            return Placement(
                Stance.OPEN_SOURCE,
                (*deciding, *_named(grades, *OPEN_SOURCE_DIMENSIONS)),
                f"weights under {licence.name} (OSI-approved), licences, training code and data all open",
            )
        return Placement(
            Stance.OPEN_WEIGHTS,
            (*deciding, *_named(grades, *closed)),
            f"weights under {licence.name} (OSI-approved); code, data or their licences not all open",
        )
    return Placement(licence.stance, deciding, f"weights under {licence.name} ({licence.note})")
