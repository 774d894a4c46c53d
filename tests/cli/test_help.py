"""Help that teaches: every command has a summary and an example, and the README names it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner

from openwatch.cli.app import OVERVIEW, build_app
from tests.conftest import ROOT


def walk(group: typer.core.TyperGroup, prefix: str = "") -> Iterator[tuple[str, typer.core.TyperCommand]]:
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(command, typer.core.TyperGroup):
            yield path, command  # type: ignore[misc]
            yield from walk(command, path + " ")
        else:
            yield path, command  # type: ignore[misc]


ALL = list(walk(typer.main.get_command(build_app([]))))  # type: ignore[arg-type]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_there_are_commands_to_check() -> None:
    assert {"timeline", "search", "alias add", "db path"} <= {name for name, _ in ALL}


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_command_has_a_summary_and_an_example(name: str, command: typer.core.TyperCommand) -> None:
    text = command.help or ""
    assert text.strip().splitlines()[0].strip(), f"{name} has no summary"
    assert re.search(r"^\s*Example: .*openwatch ", text, re.MULTILINE), f"{name} has no 'Example:' line"


@pytest.mark.parametrize("name", [name for name, _ in ALL])
def test_every_command_is_named_in_the_readme(name: str) -> None:
    assert f"openwatch {name}" in README, f"README.md never shows `openwatch {name}`"


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_command_help_runs(name: str, command: typer.core.TyperCommand) -> None:
    argv = [*name.split(), "--help"]
    result = CliRunner().invoke(build_app(argv), argv, prog_name="openwatch")
    assert result.exit_code == 0, result.output
    assert "Example: " in result.stdout


def test_the_overview_reads_as_the_full_help() -> None:
    """`openwatch --help` is built from OVERVIEW without importing every module: it must not differ."""
    runner = CliRunner()
    full = runner.invoke(build_app([]), ["--help"], prog_name="openwatch")
    light = runner.invoke(build_app(["--help"], overview=True), ["--help"], prog_name="openwatch")
    assert light.stdout == full.stdout


def test_overview_summaries_are_the_commands_own_first_lines() -> None:
    top = typer.main.get_command(build_app([]))
    real = [(name, (command.help or "").strip().splitlines()[0]) for name, command in top.commands.items()]  # type: ignore[attr-defined]
    assert list(OVERVIEW) == real, "update OVERVIEW in cli/app.py to match the commands' help"


def test_an_unknown_command_gets_the_usual_error() -> None:
    result = CliRunner().invoke(build_app(["timelime"], overview=True), ["timelime"], prog_name="openwatch")
    assert result.exit_code == 2
    assert "No such command 'timelime'" in result.stderr


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_every_value_has_an_uppercase_name_and_each_example_its_own_line(
    name: str, command: typer.core.TyperCommand
) -> None:
    argv = [*name.split(), "--help"]
    text = CliRunner().invoke(build_app(argv), argv, prog_name="openwatch").stdout
    # Typer's defaults are `{company}` for an argument and `<str>` for an option's value.
    usage = text.splitlines()[0]
    assert not re.search(r"[{\[][a-z_]+[}\]]", usage), usage
    assert not re.search(r"<(str|file|path|integer)>", text), text
    for line in text.splitlines():
        assert line.count("Example:") <= 1, f"two examples run together in {name}: {line!r}"
