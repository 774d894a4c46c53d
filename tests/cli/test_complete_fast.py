"""Completion: each shell its own script, values with spaces quoted, common cases answered without Typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from openwatch.cli.complete_fast import shell_quoted, split_words
from tests.conftest import Cli

pytestmark = pytest.mark.slow


def run(env: dict[str, str], *, typer_only: bool = False) -> subprocess.CompletedProcess[str]:
    extra = {"OPENWATCH_NO_FAST_PATH": "1"} if typer_only else {}
    clean = {k: v for k, v in os.environ.items() if k != "OPENWATCH_NO_FAST_PATH"}
    return subprocess.run(
        [sys.executable, "-m", "openwatch"], capture_output=True, text=True, env={**clean, **env, **extra}
    )


def bash(words: str) -> dict[str, str]:
    return {
        "_OPENWATCH_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(split_words(words)) - (0 if words.endswith(" ") else 1)),
    }


def zsh(words: str) -> dict[str, str]:
    return {"_OPENWATCH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}


def fish(words: str, action: str = "get-args") -> dict[str, str]:
    return {
        "_OPENWATCH_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_FISH_ACTION": action,
    }


# Every case the fast path answers, with prefixes typed in the names' own case
# (Typer's own filter is case-sensitive; the fast path also matches "lla" to "LLaMA").
CASES = [
    "openwatch timeline Mi",
    "openwatch timeline ",
    "openwatch models Go",
    "openwatch status Meta Go",
    "openwatch add --company Mi",
    "openwatch add -c Open",
    "openwatch search x --company Anth",
    "openwatch export --company Deep",
    "openwatch alias add --company Me",
    "openwatch alias list G",
    "openwatch add --company OpenAI --model gpt-o",
    "openwatch add -c Meta -m Llama 4 S",
    "openwatch timeline Meta --model Llama 3",
    "openwatch add --stance open",
    "openwatch add --stance weights-",
    "openwatch add --kind o",
    "openwatch timeline Meta --kind re",
    "openwatch status -k a",
    "openwatch changes --kind s",
    "openwatch timeline Nobody",
]


@pytest.mark.parametrize("words", CASES)
def test_the_fast_path_answers_as_typer_does(sample: Cli, words: str) -> None:
    for env in (bash(words), zsh(words), fish(words), fish(words, "is-args")):
        fast, slow = run(env), run(env, typer_only=True)
        assert (fast.returncode, fast.stdout.strip(), fast.stderr) == (
            slow.returncode,
            slow.stdout.strip(),
            slow.stderr,
        ), env


def test_the_fast_path_imports_neither_typer_nor_rich(sample: Cli) -> None:
    code = (
        "import os, sys\n"
        "from openwatch.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(m for m in ('typer', 'rich', 'click') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **bash("openwatch timeline Mi")},
    )
    assert result.stdout.split() == ["Microsoft", "Mistral\\", "AI"] or result.stdout.splitlines() == [
        "Microsoft",
        "Mistral\\ AI",
    ]
    assert result.stderr == ""


def test_values_with_spaces_are_quoted_for_bash(sample: Cli) -> None:
    assert run(bash("openwatch timeline Meta --model Llama\\ 4\\ B")).stdout.splitlines() == ["Llama\\ 4\\ Behemoth"]
    assert run(bash('openwatch timeline Meta --model "Llama 4 B')).stdout.splitlines() == ['"Llama 4 Behemoth"']
    assert run(bash("openwatch timeline Meta --model 'Llama 4 B")).stdout.splitlines() == ["'Llama 4 Behemoth'"]
    assert "Llama\\ \\(multimodal\\)" in run(bash("openwatch timeline Meta --model Llama")).stdout.splitlines()
    # zsh and fish pass the line as typed and quote what they insert: they get the names as they are.
    assert '"Llama 4 Behemoth"' in run(zsh("openwatch timeline Meta --model Llama\\ 4\\ B")).stdout
    assert run(fish("openwatch timeline Meta --model 'Llama 4 B")).stdout.splitlines() == ["Llama 4 Behemoth"]


def test_names_match_ignoring_case(sample: Cli) -> None:
    assert "LLaMA" in run(bash("openwatch timeline Meta --model lla")).stdout.splitlines()


def test_shell_quoting_rules() -> None:
    env = {"_OPENWATCH_COMPLETE": "complete_bash", "COMP_WORDS": "openwatch add -m Ab", "COMP_CWORD": "3"}
    assert shell_quoted(["A b$c", "plain-name_1.0"], env) == ["A\\ b\\$c", "plain-name_1.0"]
    quoted = {**env, "COMP_WORDS": 'openwatch add -m "A'}
    assert shell_quoted(['A "b"'], quoted) == ['"A \\"b\\""']
    # Typer's bash script joins the words with newlines.
    lines = {**env, "COMP_WORDS": "openwatch\nadd\n-m\n'A", "COMP_CWORD": "3"}
    assert shell_quoted(["A b"], lines) == ["'A b'"]
    assert shell_quoted(["A b"], {"_OPENWATCH_COMPLETE": "complete_zsh"}) == ["A b"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_its_own_script(shell: str) -> None:
    scripts = {}
    for name in ("bash", "zsh", "fish"):
        result = subprocess.run(
            [sys.executable, "-m", "openwatch", "--show-completion", name], capture_output=True, text=True
        )
        assert result.returncode == 0 and result.stderr == ""
        scripts[name] = result.stdout
    markers = {"bash": "COMPREPLY", "zsh": "#compdef openwatch", "fish": "complete --command openwatch"}
    assert markers[shell] in scripts[shell]
    assert all(markers[shell] not in text for name, text in scripts.items() if name != shell)
    equals = subprocess.run(
        [sys.executable, "-m", "openwatch", f"--show-completion={shell}"], capture_output=True, text=True
    )
    assert equals.stdout == scripts[shell]
