"""The stance scale and the kinds of evidence, explained where a user decides.

What ``openwatch stances`` prints (and ``add --help`` points to): each
stance with its level, one line of meaning and one example; each kind with
one line and one example. The wording restates DESIGN.md's vocabulary;
tests hold it to ``Stance`` and ``Kind`` so neither can drift.
"""

from __future__ import annotations

from dataclasses import dataclass

from openwatch.core.claim import Kind, Stance


@dataclass(frozen=True, slots=True)
class Entry:
    """One stance or kind: its name, its level (stances on the scale only), what it means, an example."""

    name: str
    level: int | None
    meaning: str
    example: str

    def record(self) -> dict[str, object]:
        return {"name": self.name, "level": self.level, "meaning": self.meaning, "example": self.example}


_STANCES: dict[Stance, tuple[str, str]] = {
    Stance.CLOSED: (
        "no outside access: unreleased, internal only, withheld",
        "a model kept in-house, or a release called off",
    ),
    Stance.LIMITED: (
        "only parties the vendor chooses, case by case, or a staged release",
        "LLaMA (2023): weights to approved researchers",
    ),
    Stance.HOSTED: (
        "usable only in the vendor's own product, no API",
        "a model reachable only through the vendor's chat app",
    ),
    Stance.API: (
        "programmatic API access, no weights",
        "GPT-4 through OpenAI's API",
    ),
    Stance.WEIGHTS_NONCOMMERCIAL: (
        "downloadable weights, commercial use forbidden",
        "weights under a research-only or CC BY-NC licence",
    ),
    Stance.WEIGHTS_RESTRICTED: (
        "downloadable weights under a custom or use-restricted licence",
        "Llama under the Llama Community License",
    ),
    Stance.OPEN_WEIGHTS: (
        "downloadable weights under an OSI-approved licence; code or data information incomplete",
        "gpt-oss under Apache-2.0",
    ),
    Stance.OPEN_SOURCE: (
        "meets the OSI Open Source AI Definition: weights, code and data information, OSI-approved terms",
        "OLMo: weights, training code and data released",
    ),
    Stance.MIXED: (
        "a company-wide policy of some open and some closed models (not on the scale)",
        'Meta (2025): "a mix of open and closed models"',
    ),
    Stance.UNKNOWN: (
        "not enough evidence to say (not on the scale)",
        "a model announced with no word on access",
    ),
}

_KINDS: dict[Kind, tuple[str, str]] = {
    Kind.REPORTED: (
        "a third party reports it, e.g. the press citing unnamed sources",
        "The New York Times: Meta discussed dropping Behemoth",
    ),
    Kind.STATED: (
        "the vendor or its executives said it (the default off a terminal)",
        "Sam Altman on X: an open-weight model is coming",
    ),
    Kind.OBSERVED: (
        "an artefact was actually released, gated or withdrawn; a licence text",
        "gpt-oss weights published on Hugging Face",
    ),
    Kind.ASSESSED: (
        "an independent body judged it",
        "the OSI on a licence; the European Open Source AI Index",
    ),
}

# The order a person reads them: weakest to strongest evidence is the sort order,
# but "how we know" reads best from the vendor's own words outwards.
KIND_ORDER: tuple[Kind, ...] = (Kind.REPORTED, Kind.STATED, Kind.OBSERVED, Kind.ASSESSED)


def stance_guide() -> list[Entry]:
    """Every stance, closed to open, then the unordered ones."""
    return [Entry(s.value, s.level, *_STANCES[s]) for s in Stance]


def kind_guide() -> list[Entry]:
    """Every kind of evidence."""
    return [Entry(k.value, None, *_KINDS[k]) for k in KIND_ORDER]


def reference_record() -> dict[str, list[dict[str, object]]]:
    """The whole reference as JSON writes it: ``{"stances": [...], "kinds": [...]}``."""
    return {
        "stances": [entry.record() for entry in stance_guide()],
        "kinds": [{k: v for k, v in entry.record().items() if k != "level"} for entry in kind_guide()],
    }
