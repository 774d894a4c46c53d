"""The model licences that have no SPDX id, each read from its own text.

Llama's community licences, the Gemma Terms of Use, the RAIL family, the
DeepSeek and Qwen licences ...: one ``Licence`` each, with the names it is
written as in the wild, and the licences "Modified MIT" can mean, by model.
``openwatch.core.licences`` joins them to the SPDX list and answers which
licence a name means; the rules (which stance a licence supports) are set
out there.
"""

from __future__ import annotations

from dataclasses import dataclass

from openwatch.core.claim import Stance

__all__ = ["MODEL_LICENCES", "MODIFIED_MIT", "Licence"]


@dataclass(frozen=True, slots=True)
class Licence:
    """One licence of the table."""

    id: str
    """The SPDX id, or the table's own id for a model licence (``Llama-2-Community``)."""
    name: str
    """The name openwatch records (``Apache-2.0``, ``Llama 2 Community License``)."""
    spdx: bool
    osi_approved: bool
    commercial_use: bool | None
    """Whether commercial use is allowed (None: the table does not say)."""
    use_restrictions: bool | None
    """Whether the licence restricts how or by whom it may be used (acceptable-use policy, user caps)."""
    stance: Stance | None
    """The stance it supports for downloadable weights; None when it grants no weights."""
    note: str = ""


def _model(
    id: str,
    name: str,
    stance: Stance | None,
    *,
    commercial: bool | None,
    restrictions: bool | None,
    note: str,
) -> Licence:
    return Licence(id, name, False, False, commercial, restrictions, stance, note)


_R, _NCW, _OW = Stance.WEIGHTS_RESTRICTED, Stance.WEIGHTS_NONCOMMERCIAL, Stance.OPEN_WEIGHTS
_LLAMA_NOTE = "custom terms: licensees over 700M monthly users need Meta's permission; acceptable-use policy"

# (licence, names it is written as in the wild). Names are matched through
# ``licence_key`` (case, spaces, hyphens, "licence"/"license", "agreement",
# a leading "v" before a version), so only genuinely different spellings
# need listing.
MODEL_LICENCES: tuple[tuple[Licence, tuple[str, ...]], ...] = (
    (
        _model(
            "LLaMA-1",
            "LLaMA License",
            _NCW,
            commercial=False,
            restrictions=True,
            note="LLaMA (2023): non-commercial research licence, weights to approved researchers",
        ),
        ("LLaMA license agreement", "LLaMA model license", "non-commercial research licence"),
    ),
    (
        _model(
            "Llama-2-Community",
            "Llama 2 Community License",
            _R,
            commercial=True,
            restrictions=True,
            note=_LLAMA_NOTE + "; not OSI-approved (OSI, 2023-07-20)",
        ),
        ("Llama 2 Community License Agreement", "Llama 2 license", "Llama2", "Llama 2"),
    ),
    (
        _model(
            "Llama-3-Community", "Llama 3 Community License", _R, commercial=True, restrictions=True, note=_LLAMA_NOTE
        ),
        ("Meta Llama 3 Community License", "Meta Llama 3 Community License Agreement", "Llama 3 license", "Llama3"),
    ),
    (
        _model(
            "Llama-3.1-Community",
            "Llama 3.1 Community License",
            _R,
            commercial=True,
            restrictions=True,
            note=_LLAMA_NOTE,
        ),
        ("Llama 3.1 Community License Agreement", "Meta Llama 3.1 Community License", "Llama3.1", "Llama 3.1"),
    ),
    (
        _model(
            "Llama-3.2-Community",
            "Llama 3.2 Community License",
            _R,
            commercial=True,
            restrictions=True,
            note=_LLAMA_NOTE + "; no rights to the multimodal models for EU-domiciled licensees",
        ),
        ("Llama 3.2 Community License Agreement", "Meta Llama 3.2 Community License", "Llama3.2", "Llama 3.2"),
    ),
    (
        _model(
            "Llama-3.3-Community",
            "Llama 3.3 Community License",
            _R,
            commercial=True,
            restrictions=True,
            note=_LLAMA_NOTE,
        ),
        ("Llama 3.3 Community License Agreement", "Meta Llama 3.3 Community License", "Llama3.3", "Llama 3.3"),
    ),
    (
        _model(
            "Llama-4-Community",
            "Llama 4 Community License",
            _R,
            commercial=True,
            restrictions=True,
            note=_LLAMA_NOTE + "; no rights to the multimodal models for EU-domiciled licensees",
        ),
        ("Llama 4 Community License Agreement", "Meta Llama 4 Community License", "Llama4", "Llama 4"),
    ),
    (
        _model(
            "Gemma-Terms",
            "Gemma Terms of Use",
            _R,
            commercial=True,
            restrictions=True,
            note="custom terms with a prohibited-use policy Google may update",
        ),
        ("Gemma", "Gemma license", "Gemma Terms", "Gemma Community License Agreement"),
    ),
    (
        _model(
            "DeepSeek-License",
            "DeepSeek License Agreement",
            _R,
            commercial=True,
            restrictions=True,
            note="DeepSeek Model License: commercial use allowed, use-based restrictions (Attachment A)",
        ),
        ("DeepSeek License Agreement v1.0", "DeepSeek Model License", "DeepSeek license"),
    ),
    (
        _model(
            "Tongyi-Qianwen",
            "Tongyi Qianwen License Agreement",
            _R,
            commercial=True,
            restrictions=True,
            note="Qwen's custom licence: large-scale commercial use needs Alibaba's permission",
        ),
        ("Tongyi Qianwen License", "Qwen License Agreement", "Qwen License", "Tongyi Qianwen"),
    ),
    (
        _model(
            "Falcon-180B-TII",
            "Falcon-180B TII License",
            _R,
            commercial=True,
            restrictions=True,
            note="hosting use may need a separate licence; acceptable-use policy TII may update",
        ),
        ("Falcon-180B TII License v1.0", "Falcon 180B TII License", "TII Falcon-180B License"),
    ),
    (
        _model(
            "BigScience-RAIL-1.0",
            "BigScience RAIL License v1.0",
            _R,
            commercial=True,
            restrictions=True,
            note="Responsible AI Licence: use-based restrictions",
        ),
        ("BigScience-BLOOM-RAIL-1.0", "BigScience BLOOM RAIL 1.0", "bigscience-bloom-rail-1.0", "BigScience RAIL"),
    ),
    (
        _model(
            "BigScience-OpenRAIL-M",
            "BigScience OpenRAIL-M",
            _R,
            commercial=True,
            restrictions=True,
            note="Open Responsible AI Licence: use-based restrictions",
        ),
        ("BigScience Open RAIL-M", "OpenRAIL-M", "BigCode OpenRAIL-M v1 license agreement", "BigCode OpenRAIL-M"),
    ),
    (
        _model(
            "CreativeML-OpenRAIL-M",
            "CreativeML OpenRAIL-M",
            _R,
            commercial=True,
            restrictions=True,
            note="Stable Diffusion's Responsible AI Licence: use-based restrictions",
        ),
        (
            "CreativeML Open RAIL-M",
            "CreativeML Open RAIL++-M License",
            "CreativeML OpenRAIL++-M",
            "Stable-Diffusion-OpenRail++-M License",
        ),
    ),
    (
        _model(
            "OpenRAIL",
            "OpenRAIL",
            _R,
            commercial=True,
            restrictions=True,
            note="an Open Responsible AI Licence, variant unnamed: every variant restricts use",
        ),
        ("Open RAIL", "OpenRAIL++"),
    ),
    (
        _model(
            "Stability-AI-Community",
            "Stability AI Community License",
            _R,
            commercial=True,
            restrictions=True,
            note="free commercial use only under USD 1M annual revenue",
        ),
        ("Stability AI Community License Agreement",),
    ),
    (
        _model(
            "Mistral-Research",
            "Mistral AI Research License",
            _NCW,
            commercial=False,
            restrictions=True,
            note="MRL-0.1: research and non-commercial use only",
        ),
        ("MRL-0.1", "Mistral Research License", "Mistral AI Research License (MRL-0.1)"),
    ),
    (
        _model(
            "Mistral-Non-Production",
            "Mistral AI Non-Production License",
            _NCW,
            commercial=False,
            restrictions=True,
            note="MNPL-0.1: no production or commercial use",
        ),
        ("MNPL-0.1", "Mistral Non-Production License", "Mistral AI Non-Production License (MNPL-0.1)"),
    ),
    (
        _model(
            "Grok-2-Community",
            "Grok 2 Community License Agreement",
            _R,
            commercial=True,
            restrictions=True,
            note="custom terms: xAI acceptable-use policy; no use to train other foundation models",
        ),
        ("Grok 2 Community License",),
    ),
    (
        _model(
            "FAIR-Noncommercial-Research",
            "FAIR Noncommercial Research License",
            _NCW,
            commercial=False,
            restrictions=True,
            note="Meta FAIR: non-commercial research use only",
        ),
        ("FAIR Noncommercial Research License v1",),
    ),
    (
        _model(
            "NVIDIA-Open-Model",
            "NVIDIA Open Model License",
            _R,
            commercial=True,
            restrictions=True,
            note="custom terms; not OSI-approved",
        ),
        ("NVIDIA Open Model License Agreement",),
    ),
    (
        _model(
            "proprietary",
            "proprietary",
            None,
            commercial=None,
            restrictions=None,
            note="no licence to the weights: they are not released",
        ),
        ("closed", "closed source", "All rights reserved"),
    ),
)

MODIFIED_MIT: tuple[tuple[str, Licence], ...] = (
    (
        "gpt 2",
        _model(
            "GPT-2-Modified-MIT",
            "Modified MIT (GPT-2)",
            _OW,
            commercial=True,
            restrictions=False,
            note="MIT terms plus a non-binding request to use GPT-2 responsibly",
        ),
    ),
    (
        "kimi k2",
        _model(
            "Kimi-K2-Modified-MIT",
            "Modified MIT (Kimi K2)",
            _R,
            commercial=True,
            restrictions=True,
            note="MIT plus a 'Kimi K2' display requirement above 100M monthly users or USD 20M monthly revenue",
        ),
    ),
    (
        "devstral 2",
        _model(
            "Devstral-2-Modified-MIT",
            "Modified MIT (Devstral 2)",
            _R,
            commercial=True,
            restrictions=True,
            note="MIT plus a revenue cap: companies above USD 20M monthly revenue get no rights",
        ),
    ),
)
"""Which licence "Modified MIT" means, by the model's name key (a model and its variants)."""
