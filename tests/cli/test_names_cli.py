"""Look-alike names through the real CLI: one company, or a near miss refused (exit 2) unless --new-name."""

from __future__ import annotations

import pytest

from tests.conftest import Cli

ADD = ["add", "--stance", "closed", "--source", "x", "--date", "2025-01-01"]


@pytest.mark.parametrize("spelling", ["Meta\u200b", "\ufeffMeta", "Me\u200dta", "Me\u00adta", "Ｍｅｔａ", "META"])
def test_invisible_and_fullwidth_spellings_are_the_tracked_company(sample: Cli, spelling: str) -> None:
    before = sample.json("companies")
    sample(*ADD, "--company", spelling)
    assert [c["company"] for c in sample.json("companies")] == [c["company"] for c in before]


def test_nfd_and_nfc_are_one_company(cli: Cli) -> None:
    cli(*ADD, "--company", "Caf\u00e9 AI")
    cli(*ADD, "--company", "Cafe\u0301 AI")
    assert [c["company"] for c in cli.json("companies")] == ["Café AI"]


def test_model_spellings_with_hyphens_spaces_underscores_are_one_model(cli: Cli) -> None:
    for spelling in ["DeepSeek-R1", "DeepSeek R1", "deepseek_r1"]:
        cli(*ADD, "--company", "DeepSeek", "--model", spelling)
    assert [m["model"] for m in cli.json("models", "DeepSeek")] == ["DeepSeek-R1"]


@pytest.mark.parametrize(
    ("company", "model", "tracked"),
    [("Меta", None, "Meta"), ("Metaa", None, "Meta"), ("Meta", "Llama 4 Behemot", "Llama 4 Behemoth")],
)
def test_a_near_miss_is_a_usage_error_off_a_terminal(
    sample: Cli, company: str, model: str | None, tracked: str
) -> None:
    before = len(sample.json("export"))
    args = [*ADD, "--company", company] + (["--model", model] if model else [])
    result = sample(*args, code=2)
    assert tracked in result.stderr and "--new-name" in result.stderr
    assert len(sample.json("export")) == before
    sample(*args, "--new-name")
    assert len(sample.json("export")) == before + 1


def test_a_name_close_to_nothing_is_accepted(sample: Cli) -> None:
    sample(*ADD, "--company", "Ai2")  # not a slip for xAI
    sample(*ADD, "--company", "Meta", "--model", "Llama 5")  # another version, not a typo of Llama 4


def test_a_quote_file_without_end_is_refused(cli: Cli) -> None:
    result = cli(*ADD, "--company", "Meta", "--quote-file", "/dev/zero", code=2)
    assert "longer than the limit" in result.stderr
