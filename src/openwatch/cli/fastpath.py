"""Running a reading command without importing Typer.

``import typer`` alone costs about as much as everything a reading command
does (tens of milliseconds: it brings its copy of click, inspect, subprocess,
pathlib...). People run ``openwatch timeline X --format json`` in scripts
and loops, so for the reading commands a small parser here turns argv into
the keyword arguments the Typer command would pass, and calls the same
function (cli/reading.py). It is deliberately partial: anything it does not
understand exactly -- help, an unknown or repeated option, a value that
needs checking, ``--opt=`` on a flag, ``--``, a missing argument -- is left
to Typer, which then runs as usual and gives its usual messages. A test
holds each spec here to the Typer command's parameters, and the same argv
through both paths to the same output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

Kind = Literal["argument", "arguments", "text", "multi", "flag", "count", "format", "path"]


class Param(NamedTuple):
    name: str
    """The keyword of the function it is passed to."""
    kind: Kind
    flags: tuple[str, ...] = ()
    """Option names (``--model``, ``-m``); none for an argument."""
    required: bool = False


class FastCommand(NamedTuple):
    function: str
    """A function of openwatch.cli.reading taking the params as keywords."""
    params: tuple[Param, ...]


_FORMAT = Param("fmt", "format", ("--format", "-f"))
_DB = Param("db", "path", ("--db",))

FAST_COMMANDS: dict[str, FastCommand] = {
    "timeline": FastCommand(
        "timeline_view",
        (
            Param("company", "argument", required=True),
            Param("model", "text", ("--model", "-m")),
            Param("since", "text", ("--since",)),
            Param("until", "text", ("--until",)),
            Param("kind", "multi", ("--kind", "-k")),
            Param("no_planned", "flag", ("--no-planned",)),
            Param("chart", "flag", ("--chart",)),
            _FORMAT,
            _DB,
        ),
    ),
    "status": FastCommand(
        "status_view",
        (
            Param("company", "arguments"),
            Param("as_of", "text", ("--as-of",)),
            Param("kind", "multi", ("--kind", "-k")),
            Param("no_planned", "flag", ("--no-planned",)),
            _FORMAT,
            _DB,
        ),
    ),
    "companies": FastCommand("companies_view", (_FORMAT, _DB)),
    "models": FastCommand("models_view", (Param("company", "argument"), _FORMAT, _DB)),
    "search": FastCommand(
        "search_view",
        (
            Param("text", "argument", required=True),
            Param("company", "text", ("--company", "-c")),
            Param("limit", "count", ("--limit", "-n")),
            _FORMAT,
            _DB,
        ),
    ),
}

DEFAULTS: dict[str, Any] = {"limit": 50}
FORMATS = ("table", "json", "csv")


class _Declined(Exception):
    """argv is not one the fast path understands exactly: Typer takes it."""


def parse(argv: Sequence[str]) -> tuple[FastCommand, dict[str, Any]] | None:
    """The command and its keyword arguments, or None when Typer should parse argv."""
    if not argv or argv[0] not in FAST_COMMANDS:
        return None
    command = FAST_COMMANDS[argv[0]]
    try:
        return command, _parse_args(command, argv[1:])
    except _Declined:
        return None


def _parse_args(command: FastCommand, args: Sequence[str]) -> dict[str, Any]:
    by_flag = {flag: param for param in command.params for flag in param.flags}
    positional = [param for param in command.params if param.kind in ("argument", "arguments")]
    values: dict[str, Any] = {}
    seen: set[str] = set()
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token.startswith("-") and token != "-":
            name, has_value, attached = token.partition("=")
            param = by_flag.get(name)
            if param is None or (param.name in seen and param.kind != "multi"):
                raise _Declined
            if has_value and not name.startswith("--"):
                raise _Declined  # -f=json means "=json" to click: let it say so
            seen.add(param.name)
            if param.kind == "flag":
                if has_value:
                    raise _Declined
                values[param.name] = True
                continue
            if has_value:
                value = attached
            else:
                if index >= len(args) or args[index].startswith("-"):
                    raise _Declined
                value = args[index]
                index += 1
            _store(values, param, value)
        else:
            if not positional:
                raise _Declined
            param = positional[0]
            if param.kind == "arguments":
                values.setdefault(param.name, []).append(token)
            else:
                positional.pop(0)
                values[param.name] = token
    for param in command.params:
        if param.name in values:
            continue
        if param.required:
            raise _Declined
        values[param.name] = _default(param)
    return values


def _store(values: dict[str, Any], param: Param, value: str) -> None:
    if param.kind == "multi":
        values.setdefault(param.name, []).append(value)
    elif param.kind == "text":
        values[param.name] = value
    elif param.kind == "count":
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise _Declined
        values[param.name] = int(value)
    elif param.kind == "format":
        if value.lower() not in FORMATS:
            raise _Declined
        from openwatch.cli.output import OutputFormat

        values[param.name] = OutputFormat(value.lower())
    elif param.kind == "path":
        if not value or os.path.isdir(value):
            raise _Declined
        values[param.name] = Path(value)


def _default(param: Param) -> Any:
    if param.kind == "format":
        from openwatch.cli.output import OutputFormat

        return OutputFormat.table
    if param.kind == "flag":
        return False
    return DEFAULTS.get(param.name)


def run_fast(argv: Sequence[str]) -> int | None:
    """Run argv on the fast path and return its exit code; None when Typer must run it."""
    if os.environ.get("OPENWATCH_NO_FAST_PATH"):
        return None
    if os.environ.get("_OPENWATCH_COMPLETE"):
        from openwatch.cli.complete_fast import complete_fast

        return complete_fast()
    parsed = parse(argv)
    if parsed is None:
        return None
    command, kwargs = parsed
    from openwatch.cli import reading
    from openwatch.cli.output import error_line
    from openwatch.core.errors import OpenwatchError
    from openwatch.core.validate import refuse_undecodable

    try:
        refuse_undecodable(kwargs)
        getattr(reading, command.function)(**kwargs)
        sys.stdout.flush()
    except OpenwatchError as error:
        error_line(error.message)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (``openwatch timeline X | head``): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return 130
    return 0
