"""The fast path (no Typer) parses exactly like the Typer commands, and gives the same output."""

from __future__ import annotations

import pytest
import typer

from openwatch.cli.app import build_app
from openwatch.cli.fastpath import parse, run_fast
from openwatch.cli.options import FAST_COMMANDS
from tests.conftest import Cli


def _typer_command(name: str) -> typer.core.TyperCommand:
    group = typer.main.get_command(build_app([name]))
    return group.commands[name]  # type: ignore[attr-defined,no-any-return]


# The click type each kind of description must become.
TYPES = {
    "argument": "str",
    "arguments": "str",
    "text": "str",
    "multi": "str",
    "flag": "boolean",
    "count": "int range",
    "format": "choice",
    "path": "file",
}


def _plain(value: object) -> object:
    return getattr(value, "value", value)  # an enum default (the format) as its text


@pytest.mark.parametrize("name", sorted(FAST_COMMANDS))
def test_each_fast_description_is_the_typer_commands_parameters(name: str) -> None:
    """Kind, names, required, default, type, minimum and choices: parameter by parameter."""
    command = _typer_command(name)
    real = {}
    for param in command.params:
        if param.name == "help":
            continue
        if param.param_type_name == "argument":
            kind = "arguments" if param.nargs == -1 else "argument"
        elif getattr(param, "is_flag", False):
            kind = "flag"
        elif param.multiple:
            kind = "multi"
        else:
            kind = "value"
        choices = getattr(param.type, "choices", None)
        real[param.name] = (
            kind,
            tuple(sorted(param.opts + param.secondary_opts)),
            param.required,
            _plain(param.default) if not param.multiple and param.nargs != -1 else None,
            param.type.name,
            getattr(param.type, "min", None),
            tuple(_plain(c) for c in choices) if choices else None,
        )
    fast = {}
    for spec in FAST_COMMANDS[name].params:
        kind = spec.kind if spec.kind in ("argument", "arguments", "flag", "multi") else "value"
        flags = tuple(sorted(spec.flags)) if spec.flags else (spec.name,)
        fast[spec.name] = (kind, flags, spec.required, spec.default, TYPES[spec.kind], spec.min, spec.choices)
    # An argument's opts is its own name.
    assert fast == real


PARITY = [
    ["status"],
    ["status", "Meta", "meta platforms", "--format", "json"],
    ["status", "Meta", "Google", "--as-of", "2025-06-30", "--kind", "observed", "--no-planned"],
    ["status", "Nobody"],
    ["timeline", "Meta", "--chart"],
    ["timeline", "Meta"],
    ["timeline", "meta", "--format", "json"],
    ["timeline", "--format=csv", "Meta", "--model", "Llama 2"],
    ["timeline", "Meta", "-k", "observed", "--kind", "assessed", "-f", "JSON", "--no-planned"],
    ["timeline", "Meta", "--since", "2024", "--until", "2025-07"],
    ["timeline", "Meat"],
    ["timeline", "Meta", "--kind", "rumour"],
    ["timeline", "Meta", "--since", "07/08/2025"],
    ["timeline", "Meta", "--model", "Llama 9"],
    ["companies"],
    ["companies", "-f", "csv"],
    ["models"],
    ["models", "Meta", "--format", "json"],
    ["search", "open source", "-n", "3", "--format", "json"],
    ["search", "licen*", "--company", "Meta"],
    ["search", "AND"],
    ["search", '"unbalanced'],
]


@pytest.mark.parametrize("argv", PARITY, ids=" ".join)
def test_the_fast_path_answers_as_typer_does(sample: Cli, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert parse(argv) is not None, "this argv should be taken by the fast path"
    code = run_fast(argv)
    fast = capsys.readouterr()
    slow = sample.runner.invoke(build_app(argv), argv, catch_exceptions=False)
    # CliRunner reads CSV's \r\n line ends back as \n.
    assert (code, fast.out.replace("\r\n", "\n"), fast.err) == (slow.exit_code, slow.stdout, slow.stderr)
    assert fast.out or fast.err


DECLINED = [
    ["timeline"],  # missing argument: Typer's usage error
    ["timeline", "Meta", "--help"],
    ["timeline", "Meta", "-h"],
    ["timeline", "Meta", "--format", "yaml"],
    ["timeline", "Meta", "--model", "A", "--model", "B"],
    ["timeline", "Meta", "Other"],
    ["timeline", "Meta", "--no-planned=1"],
    ["timeline", "Meta", "-fjson"],
    ["timeline", "--", "Meta"],
    ["timeline", "Meta", "--model"],
    ["search", "x", "--limit", "0"],
    ["search", "x", "--limit", "ten"],
    ["show", "sample-e01"],
    ["--version"],
    [],
]


@pytest.mark.parametrize("argv", DECLINED, ids=lambda a: " ".join(a) or "(none)")
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def test_a_folder_as_db_is_left_to_typer(tmp_path: object) -> None:
    assert parse(["companies", "--db", str(tmp_path)]) is None


def test_completion_is_never_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_OPENWATCH_COMPLETE", "complete_bash")
    assert run_fast(["companies"]) is None
