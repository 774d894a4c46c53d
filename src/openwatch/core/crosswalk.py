"""The crosswalk from the European Open Source AI Index's grades to the stance scale.

The index grades a model dimension by dimension as ``open``, ``partial`` or
``closed``. Five of its dimensions say what DESIGN.md's stances are about:
the end model's weights, the data sources of the base and of the end model,
the licences, and the training code. ``place`` reads them (plus the end
model's licence name, for non-commercial terms) and returns a stance with the
dimensions that decided it. The rules, in order (the README's table spells out
every combination):

1. weights not graded or graded ``closed``: ``unknown`` -- a closed grade
   says no weights, not whether there is an API or no access at all; only an
   explicit access statement in the record (``access``) turns it into
   ``api`` or ``closed``.
2. a licence name with non-commercial terms (``CC-BY-NC``, "Non-Commercial",
   "research only") on downloadable weights: ``weights-noncommercial``;
   if the licences are nevertheless graded ``open`` the record contradicts
   itself and the stance is ``unknown``.
3. weights ``partial`` (gated, behind a consent form, delta weights): ``weights-restricted``.
4. weights ``open`` and licences not graded: ``unknown``; graded ``partial``
   or ``closed`` (custom or use-restricted terms): ``weights-restricted``.
5. weights ``open``, licences ``open``, training code and both data sources
   ``open``: ``open-source``; otherwise ``open-weights``.

Nothing here guesses: a combination the rules do not cover is ``unknown``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from openwatch.core.claim import Stance

SOURCE = "European Open Source AI Index"
"""The ``source`` of every claim imported from the index."""
INDEX_URL = "https://osai-index.eu/"
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


DIMENSIONS = ("weights_endmodel", "licenses", "trainingcode", "datasources_basemodel", "datasources_endmodel")
"""The index's dimensions the crosswalk reads, in the order notes name them."""


@dataclass(frozen=True, slots=True)
class Grades:
    """The five grades the crosswalk reads; None where the record has no grade."""

    weights_endmodel: Grade | None
    licenses: Grade | None
    trainingcode: Grade | None
    datasources_basemodel: Grade | None
    datasources_endmodel: Grade | None

    def get(self, dimension: str) -> Grade | None:
        value: Grade | None = getattr(self, dimension)
        return value

    def as_text(self) -> str:
        """``weights_endmodel=open, licenses=partial, ...`` (missing ones as ``none``)."""
        return ", ".join(f"{d}={self.get(d) or 'none'}" for d in DIMENSIONS)


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
    r"|only[\s-]+for[\s-]+research)",
    re.IGNORECASE,
)


def noncommercial(licence: str | None) -> bool:
    """Whether a licence name carries non-commercial terms (``CC-BY-NC-4.0``, "Non-Commercial")."""
    return bool(licence) and _NONCOMMERCIAL.search(licence or "") is not None


def _named(grades: Grades, *dimensions: str) -> tuple[str, ...]:
    return tuple(f"{d}={grades.get(d) or 'none'}" for d in dimensions)


def place(grades: Grades, licence: str | None = None, access: Access | None = None) -> Placement:
    """The stance the index's grades support, with the dimensions that decided it."""
    weights = grades.weights_endmodel
    if weights is None:
        return Placement(Stance.UNKNOWN, _named(grades, "weights_endmodel"), "the end model's weights are not graded")
    if weights is Grade.CLOSED:
        if access is Access.API:
            return Placement(
                Stance.API,
                (*_named(grades, "weights_endmodel"), "access=api"),
                "no weights; the record states API access",
            )
        if access is Access.CLOSED:
            return Placement(
                Stance.CLOSED,
                (*_named(grades, "weights_endmodel"), "access=closed"),
                "no weights; the record states no outside access",
            )
        return Placement(
            Stance.UNKNOWN,
            _named(grades, "weights_endmodel"),
            "weights closed, and the record does not say whether the model is offered through an API",
        )
    if noncommercial(licence):
        deciding = (*_named(grades, "weights_endmodel", "licenses"), f"licence={licence}")
        if grades.licenses is Grade.OPEN:
            return Placement(
                Stance.UNKNOWN, deciding, "licences graded open but the licence name has non-commercial terms"
            )
        return Placement(Stance.WEIGHTS_NONCOMMERCIAL, deciding, "weights under non-commercial terms")
    if weights is Grade.PARTIAL:
        return Placement(
            Stance.WEIGHTS_RESTRICTED, _named(grades, "weights_endmodel"), "weights gated or only partly shared"
        )
    if grades.licenses is None:
        return Placement(
            Stance.UNKNOWN,
            _named(grades, "weights_endmodel", "licenses"),
            "open weights, but the licences are not graded",
        )
    if grades.licenses is not Grade.OPEN:
        return Placement(
            Stance.WEIGHTS_RESTRICTED,
            _named(grades, "weights_endmodel", "licenses"),
            "open weights under licences the index does not grade open",
        )
    incomplete = [d for d in DIMENSIONS[2:] if grades.get(d) is not Grade.OPEN]
    if not incomplete:
        return Placement(Stance.OPEN_SOURCE, _named(grades, *DIMENSIONS), "weights, licences, code and data all open")
    return Placement(
        Stance.OPEN_WEIGHTS,
        _named(grades, "weights_endmodel", "licenses", *incomplete),
        "open weights and licences; code or data not fully open",
    )
