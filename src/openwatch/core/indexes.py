"""Other indexes' words in openwatch's vocabulary: Epoch AI's accessibility
categories, the Model Openness Framework's classes, and the indexes'
spellings of the vendors openwatch tracks.

Pure data and functions: the readers in ``openwatch.exchange`` use them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from openwatch.core.claim import Claim, Stance

if TYPE_CHECKING:  # the licence table loads ~700 SPDX entries: only the MOF class needs it
    from openwatch.core.licences import Licence

# -- Epoch AI ---------------------------------------------------------------

EPOCH_SOURCE = "Epoch AI"
EPOCH_URL = "https://epoch.ai/data/ai-models"
EPOCH_ATTRIBUTION = 'Epoch AI, "Data on AI Models", published online at epoch.ai (CC BY 4.0).'
"""The credit Epoch's CC BY 4.0 licence asks for wherever its data is shown or shipped."""
FRONTIER_MARK = "Epoch frontier model."
"""Put in a claim's note when Epoch flags the model as a frontier model (``Frontier model`` checked)."""

EPOCH_ACCESSIBILITY: Mapping[str, Stance] = {
    "Unreleased": Stance.CLOSED,
    "Limited access": Stance.LIMITED,
    "Hosted access (no API)": Stance.HOSTED,
    "API access": Stance.API,
    "Open weights (non-commercial)": Stance.WEIGHTS_NONCOMMERCIAL,
    "Open weights (restricted use)": Stance.WEIGHTS_RESTRICTED,
    "Open weights (unrestricted)": Stance.OPEN_WEIGHTS,
    "Unknown": Stance.UNKNOWN,
}
"""Epoch's ``Model accessibility`` categories onto the stance scale. An empty value is not assessed: no claim.

"Open weights (unrestricted)" is Epoch's judgement that the licence lets
anyone use the weights for any purpose; openwatch's ``open-weights`` asks for
an OSI-approved licence, which is the same test for every licence Epoch
files there (Apache-2.0, MIT, BSD). Epoch does not judge code and data
together, so nothing maps to ``open-source``.
"""


def epoch_stance(accessibility: str) -> Stance | None:
    """The stance of an Epoch ``Model accessibility`` value; None for an empty one (not assessed).

    Raises ``KeyError`` for a value Epoch does not use, so a reader can say so.
    """
    text = " ".join(accessibility.split())
    if not text:
        return None
    return EPOCH_ACCESSIBILITY[text]


def is_frontier(note: str | None) -> bool:
    """Whether a claim's note carries Epoch's frontier-model flag."""
    return bool(note) and FRONTIER_MARK in (note or "")


# -- The Model Openness Framework (MOF 1.0) ------------------------------------

MOT_SOURCE = "Model Openness Tool"
MOT_URL = "https://mot.isitopen.ai/"
MOT_SNAPSHOT_DATE = "2026-05-11"
"""The date of the reference snapshot (lfai/model_openness_tool at commit 8b5d30e)."""
MOT_ATTRIBUTION = (
    "Model Openness Tool (LF AI & Data, https://mot.isitopen.ai/), MIT licence, "
    "Copyright 2024 The Model Openness Tool Authors."
)
WEIGHTS_COMPONENT = "Model parameters (Final)"


class MofClass(enum.IntEnum):
    """The Model Openness Framework's classes; a lower number is more open."""

    OPEN_SCIENCE = 1
    OPEN_TOOLING = 2
    OPEN_MODEL = 3
    UNCLASSIFIED = 0

    @property
    def label(self) -> str:
        return {
            MofClass.OPEN_SCIENCE: "Class I (Open Science)",
            MofClass.OPEN_TOOLING: "Class II (Open Tooling)",
            MofClass.OPEN_MODEL: "Class III (Open Model)",
            MofClass.UNCLASSIFIED: "unclassified",
        }[self]


# The components each class requires (MOF 1.0, Table 2 of the paper): a class
# needs its own and every less open class's components, each under an open
# licence. Documents, data and parameters may use open-content licences
# (CC-BY, CDLA-Permissive); code needs an OSI-approved one.
MOF_COMPONENTS: Mapping[MofClass, tuple[str, ...]] = {
    MofClass.OPEN_MODEL: (
        "Model architecture",
        WEIGHTS_COMPONENT,
        "Technical report",
        "Evaluation results",
        "Model card",
        "Data card",
    ),
    MofClass.OPEN_TOOLING: (
        "Training code",
        "Inference code",
        "Evaluation code",
        "Evaluation data",
        "Supporting libraries and tools",
    ),
    MofClass.OPEN_SCIENCE: (
        "Research paper",
        "Datasets",
        "Data preprocessing code",
        "Model parameters (Intermediate)",
    ),
}
CODE_COMPONENTS = frozenset(
    {
        "Model architecture",
        "Training code",
        "Inference code",
        "Evaluation code",
        "Supporting libraries and tools",
        "Data preprocessing code",
    }
)


@dataclass(frozen=True, slots=True)
class MofResult:
    """The class a record earns, and the first components that keep it from the next one."""

    mof_class: MofClass
    missing: tuple[str, ...]
    """Components required by the next class up that are absent or not openly licensed."""
    conditional: bool
    """Class III by the tool's conditional pass: the final parameters alone under an OSI-approved licence."""


def mof_class(components: Mapping[str, Licence | None]) -> MofResult:
    """The MOF class of a record whose components are licensed as ``components`` says.

    ``components`` maps a component name to its licence (None: absent,
    unlicensed or unknown). Like the tool's evaluator, Class III is also
    granted conditionally when the final parameters are under an
    OSI-approved licence.
    """

    from openwatch.core.licences import open_for_component

    def is_open(name: str) -> bool:
        return open_for_component(components.get(name), content=name not in CODE_COMPONENTS)

    earned = MofClass.UNCLASSIFIED
    missing: tuple[str, ...] = ()
    required: list[str] = []
    for level in (MofClass.OPEN_MODEL, MofClass.OPEN_TOOLING, MofClass.OPEN_SCIENCE):
        required.extend(MOF_COMPONENTS[level])
        lacking = tuple(name for name in required if not is_open(name))
        if lacking:
            missing = lacking
            break
        earned = level
    weights = components.get(WEIGHTS_COMPONENT)
    conditional = earned is MofClass.UNCLASSIFIED and weights is not None and weights.osi_approved
    if conditional:
        earned = MofClass.OPEN_MODEL
    return MofResult(earned, missing, conditional)


# -- The indexes' spellings of tracked vendors ----------------------------------


@dataclass(frozen=True, slots=True)
class VendorAlias:
    """An index's spelling of a vendor openwatch tracks, reviewed by a person."""

    spelling: str
    vendor: str
    indexes: str
    why: str


VENDOR_ALIASES: tuple[VendorAlias, ...] = (
    VendorAlias("Meta AI", "Meta", "Epoch AI", "Meta's AI research brand"),
    VendorAlias("Facebook AI Research", "Meta", "Epoch AI", "FAIR, Meta's research lab (Facebook before 2021)"),
    VendorAlias("Facebook AI", "Meta", "Epoch AI", "Meta's AI brand before the 2021 rename"),
    VendorAlias("Facebook", "Meta", "Epoch AI", "the company before its 2021 rename"),
    VendorAlias("DeepSeek AI", "DeepSeek", "Model Openness Tool", "DeepSeek's Hugging Face organisation (deepseek-ai)"),
    VendorAlias("DeepSeek-AI", "DeepSeek", "papers, Hugging Face", "DeepSeek's Hugging Face organisation"),
    VendorAlias("Technology Innovation Institute", "TII", "EOSAI, Epoch AI, MOT", "TII spelled out (Falcon)"),
    VendorAlias("Google DeepMind", "Google", "Epoch AI", "Google's AI lab since the 2023 merger"),
    VendorAlias("Google AI", "Google", "EOSAI, Epoch AI", "Google's AI research brand (Gemma, BERT, T5)"),
    VendorAlias("Google Research", "Google", "Epoch AI", "Google's research division"),
    VendorAlias("Google Brain", "Google", "Epoch AI", "Google's research team, merged into Google DeepMind in 2023"),
    VendorAlias("DeepMind", "Google", "Epoch AI, MOT", "Alphabet's lab, now Google DeepMind"),
    VendorAlias("Mistral", "Mistral AI", "Model Openness Tool", "the company's short name"),
    VendorAlias("Microsoft Research", "Microsoft", "Epoch AI", "Microsoft's research division (Phi)"),
    VendorAlias("Alibaba Cloud", "Alibaba", "Hugging Face, MOT", "Alibaba's cloud arm, which publishes Qwen"),
    VendorAlias("Stability", "Stability AI", "papers", "the company's short name"),
    VendorAlias("StabilityAI", "Stability AI", "EOSAI", "the company's name written as one word"),
)
"""A small, curated list: each entry was checked by hand. Anything not in it
stays apart and is reported with the nearest names; nothing is guessed."""


def vendor_for(spelling: str) -> str | None:
    """The tracked vendor an index's spelling names, or None when the list does not know it.

    Names are compared by their key (case, and spaces, hyphens and
    underscores, aside), as names are everywhere in openwatch.
    """
    wanted = _key(spelling)
    for alias in VENDOR_ALIASES:
        if _key(alias.spelling) == wanted:
            return alias.vendor
    return None


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()


# -- Re-importing an index ---------------------------------------------------------

REDATED_REASON = "re-dated to the assessment date"
"""The reason recorded when a re-import corrects an index claim stored with a backdated date."""
REREAD_REASON = "re-read through the licence table"
"""The reason recorded when a re-import corrects only how an index claim was read (stance, licence)."""
CORRECTED_FIELDS = ("date", "stance", "license", "note", "url")
"""What an index import may correct on a claim it stored earlier under the same id; names are
left alone (a person may have merged the company or model since)."""


def index_correction(stored: Claim, fresh: Claim) -> tuple[Claim, str] | None:
    """``stored`` corrected to what the import reads now under the same id, with the reason; or None.

    The same id means the same verdict (the index's grades did not change).
    A stored claim dated by a day no later than this snapshot was already
    dated when the assessor gave it: a later snapshot holding the same
    verdict changes nothing, unless this openwatch reads the verdict
    differently (stance or licence), which is corrected with its date kept.
    Any other date (a month or year: an earlier openwatch dated the index's
    verdicts by the model's release) is re-dated with every field the import
    reads. Each correction is an edit, so the history keeps the earlier version.
    """
    if stored.id != fresh.id:
        raise ValueError(f"claim {stored.id} cannot be corrected by claim {fresh.id}")
    dated_when_given = stored.date.precision == "day" and stored.date.start <= fresh.date.start
    if dated_when_given:
        if stored.stance == fresh.stance and stored.license == fresh.license:
            return None
        return replace(stored, stance=fresh.stance, license=fresh.license, note=fresh.note), REREAD_REASON
    changes = {name: getattr(fresh, name) for name in CORRECTED_FIELDS if getattr(stored, name) != getattr(fresh, name)}
    if not changes:
        return None
    return replace(stored, **changes), REDATED_REASON


def attribution_for(source: str | None) -> str | None:
    """The credit an index's licence asks for, when ``source`` is one of the indexes openwatch imports."""
    from openwatch.core.crosswalk import ATTRIBUTION, SOURCE

    return {SOURCE: ATTRIBUTION, EPOCH_SOURCE: EPOCH_ATTRIBUTION, MOT_SOURCE: MOT_ATTRIBUTION}.get(source or "")


def attributions(sources: Iterable[str]) -> list[str]:
    """The credits owed for the index data among claims from ``sources``, each once, in a fixed order."""
    wanted = {credit for credit in map(attribution_for, sources) if credit is not None}
    return sorted(wanted)
