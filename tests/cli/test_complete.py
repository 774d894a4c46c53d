"""Shell completion through the real app, as a shell asks for it (env var protocol)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash would be offered for the last word of ``words`` (a trailing space: a new word)."""
    parts = words.split(" ")
    result = subprocess.run(
        [sys.executable, "-m", "openwatch"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "_OPENWATCH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # Each line is what bash inserts (quoted when a name holds spaces); compare the word the command gets.
    import shlex

    return [shlex.split(line)[0] for line in result.stdout.splitlines() if line]


def test_company_names(sample: Cli) -> None:
    assert complete("openwatch timeline Mi") == ["Microsoft", "Mistral AI"]
    assert "Meta" in complete("openwatch timeline ")


def test_aliases_complete_too(sample: Cli) -> None:
    sample("alias", "add", "Facebook", "Meta")
    assert complete("openwatch models Fa") == ["Facebook"]


def test_model_names_of_the_company_typed(sample: Cli) -> None:
    found = complete("openwatch timeline Meta --model Llama")
    assert "Llama 2" in found and "Llama 4 Behemoth" in found
    assert complete("openwatch add --company OpenAI --model gpt-o") == ["gpt-oss"] or all(
        "gpt" in name.casefold() for name in complete("openwatch add --company OpenAI --model gpt")
    )


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        ("openwatch add --stance open", ["open-weights", "open-source"]),
        ("openwatch add --stance weights-", ["weights-noncommercial", "weights-restricted"]),
        ("openwatch timeline Meta --kind o", ["observed"]),
        ("openwatch ti", ["timeline"]),
        ("openwatch search x --company Anth", ["Anthropic"]),
        ("openwatch export --company Deep", ["DeepSeek"]),
        ("openwatch alias add --company Meta Llama-2 Llama", None),
    ],
)
def test_values_and_commands(sample: Cli, words: str, wanted: list[str] | None) -> None:
    found = complete(words)
    if wanted is None:
        assert found and all(name.startswith("Llama") for name in found)
    else:
        assert found == wanted


def test_no_database_completes_nothing_silently(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "openwatch.db"
    assert complete("openwatch timeline ", {"OPENWATCH_DB": str(missing)}) == []
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_database_completes_nothing(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    assert complete("openwatch timeline ", {"OPENWATCH_DB": str(junk)}) == []


def test_completion_never_writes(sample: Cli, db_path: Path) -> None:
    before = db_path.stat().st_mtime_ns
    complete("openwatch timeline M")
    assert db_path.stat().st_mtime_ns == before


def test_zsh_and_fish_are_served_too(sample: Cli) -> None:
    base = {**os.environ, "_TYPER_COMPLETE_ARGS": "openwatch timeline Mi"}
    zsh = subprocess.run(
        [sys.executable, "-m", "openwatch"],
        capture_output=True,
        text=True,
        env={**base, "_OPENWATCH_COMPLETE": "complete_zsh"},
    )
    assert "Microsoft" in zsh.stdout and "Mistral AI" in zsh.stdout
    fish = subprocess.run(
        [sys.executable, "-m", "openwatch"],
        capture_output=True,
        text=True,
        env={**base, "_OPENWATCH_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
    )
    assert fish.stdout.split("\n")[:2] == ["Microsoft", "Mistral AI"]
