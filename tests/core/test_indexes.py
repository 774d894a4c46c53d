"""Other indexes' vocabularies: Epoch's categories, MOF classes, the curated vendor spellings."""

from __future__ import annotations

import pytest

from openwatch.core.claim import Stance
from openwatch.core.indexes import (
    EPOCH_ACCESSIBILITY,
    VENDOR_ALIASES,
    WEIGHTS_COMPONENT,
    MofClass,
    epoch_stance,
    mof_class,
    vendor_for,
)
from openwatch.core.licences import normalise_licence


def test_every_epoch_category_has_a_stance_and_empty_is_not_assessed() -> None:
    assert epoch_stance("") is None and epoch_stance("  ") is None
    assert epoch_stance("Open weights (unrestricted)") is Stance.OPEN_WEIGHTS
    assert epoch_stance("Hosted access  (no API)") is Stance.HOSTED
    assert len(EPOCH_ACCESSIBILITY) == 8
    with pytest.raises(KeyError):
        epoch_stance("Open-ish")


APACHE, CC_BY, LLAMA = (normalise_licence(n) for n in ("Apache-2.0", "CC-BY-4.0", "Llama 2 Community License"))
CLASS_III = {
    "Model architecture": APACHE,
    WEIGHTS_COMPONENT: APACHE,
    "Technical report": CC_BY,
    "Evaluation results": CC_BY,
    "Model card": CC_BY,
    "Data card": CC_BY,
}
CLASS_II = {
    **CLASS_III,
    "Training code": APACHE,
    "Inference code": APACHE,
    "Evaluation code": APACHE,
    "Evaluation data": CC_BY,
    "Supporting libraries and tools": APACHE,
}
CLASS_I = {
    **CLASS_II,
    "Research paper": CC_BY,
    "Datasets": CC_BY,
    "Data preprocessing code": APACHE,
    "Model parameters (Intermediate)": APACHE,
}


def test_mof_classes() -> None:
    assert mof_class(CLASS_I).mof_class is MofClass.OPEN_SCIENCE
    assert mof_class(CLASS_II).mof_class is MofClass.OPEN_TOOLING
    third = mof_class(CLASS_III)
    assert third.mof_class is MofClass.OPEN_MODEL and not third.conditional
    assert "Training code" in third.missing


def test_code_needs_an_osi_licence_and_the_conditional_pass() -> None:
    cc_code = {**CLASS_III, "Model architecture": CC_BY}
    result = mof_class(cc_code)
    # Architecture code under CC-BY is not open code; the Apache weights still pass Class III conditionally.
    assert result.mof_class is MofClass.OPEN_MODEL and result.conditional
    assert mof_class({**CLASS_III, WEIGHTS_COMPONENT: LLAMA}).mof_class is MofClass.UNCLASSIFIED
    assert mof_class({}).mof_class is MofClass.UNCLASSIFIED


@pytest.mark.parametrize(
    ("spelling", "vendor"),
    [
        ("Meta AI", "Meta"),
        ("meta ai", "Meta"),
        ("Technology Innovation Institute", "TII"),
        ("Google DeepMind", "Google"),
        ("Google AI", "Google"),
        ("DeepSeek AI", "DeepSeek"),
        ("deepseek-ai", "DeepSeek"),
        ("DeepSeek_AI", "DeepSeek"),
        ("Ai2", None),
        ("Mistral AI and NVIDIA", None),
    ],
)
def test_curated_vendor_spellings(spelling: str, vendor: str | None) -> None:
    assert vendor_for(spelling) == vendor


def test_the_curated_list_is_documented_and_has_no_duplicates() -> None:
    spellings = [a.spelling.casefold() for a in VENDOR_ALIASES]
    assert len(spellings) == len(set(spellings))
    assert all(a.why and a.indexes for a in VENDOR_ALIASES)
    assert all(a.spelling != a.vendor for a in VENDOR_ALIASES)


def test_a_backdated_index_claim_is_corrected_not_duplicated() -> None:
    from dataclasses import replace

    from openwatch.core.dates import parse_iso_date
    from openwatch.core.indexes import REDATED_REASON, index_correction
    from tests.core.test_gap_and_verdicts import claim

    fresh = replace(
        claim("2026-06-12", "open-weights", model="DeepSeek R1", kind="assessed", cid="eosai-x"), note="new"
    )
    stored = replace(
        fresh, date=parse_iso_date("2025-01"), stance=Stance.WEIGHTS_RESTRICTED, note="old", company="DeepSeek (merged)"
    )
    found = index_correction(stored, fresh)
    assert found is not None
    corrected, reason = found
    assert reason == REDATED_REASON
    assert (str(corrected.date), corrected.stance, corrected.note) == ("2026-06-12", Stance.OPEN_WEIGHTS, "new")
    assert corrected.company == "DeepSeek (merged)"  # names a person may have merged are left alone
    assert index_correction(fresh, fresh) is None
    with pytest.raises(ValueError):
        index_correction(stored, replace(fresh, id="other"))


def test_a_later_snapshot_with_the_same_verdict_keeps_the_first_date() -> None:
    from dataclasses import replace

    from openwatch.core.dates import parse_iso_date
    from openwatch.core.indexes import REREAD_REASON, index_correction
    from tests.core.test_gap_and_verdicts import claim

    first = claim("2026-06-12", "open-weights", model="M", kind="assessed", cid="eosai-m")
    later = replace(first, date=parse_iso_date("2026-09-01"), note="EOSAI snapshot 2026-09-01")
    assert index_correction(first, later) is None
    # Read differently by a newer crosswalk: corrected, the date kept.
    reread = replace(later, stance=Stance.WEIGHTS_RESTRICTED)
    found = index_correction(first, reread)
    assert found is not None and found[1] == REREAD_REASON
    assert str(found[0].date) == "2026-06-12" and found[0].stance is Stance.WEIGHTS_RESTRICTED
