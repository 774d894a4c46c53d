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
holds each description in cli/options.py to the Typer command's parameters, and the same argv
through both paths to the same output.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openwatch.cli.options import FAST_COMMANDS, FORMATS, FastCommand, Param


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
    remaining = list(args)
    while remaining:
        token = remaining.pop(0)
        if token.startswith("-") and token != "-":
            _take_option(token, remaining, by_flag, values, seen)
        else:
            _take_argument(token, positional, values)
    for param in command.params:
        if param.name in values:
            continue
        if param.required:
            raise _Declined
        values[param.name] = _default(param)
    return values


def _take_option(
    token: str, remaining: list[str], by_flag: dict[str, Param], values: dict[str, Any], seen: set[str]
) -> None:
    """One option, and its value from ``--opt=value`` or the next word."""
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
        return
    if not has_value:
        if not remaining or remaining[0].startswith("-"):
            raise _Declined
        attached = remaining.pop(0)
    _store(values, param, attached)


def _take_argument(token: str, positional: list[Param], values: dict[str, Any]) -> None:
    if not positional:
        raise _Declined
    param = positional[0]
    if param.kind == "arguments":
        values.setdefault(param.name, []).append(token)
    else:
        positional.pop(0)
        values[param.name] = token


def _store(values: dict[str, Any], param: Param, value: str) -> None:
    if param.kind == "multi":
        values.setdefault(param.name, []).append(value)
    elif param.kind == "text":
        values[param.name] = value
    elif param.kind == "count":
        if not value.isascii() or not value.isdigit() or int(value) < (param.min or 0):
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

        return OutputFormat(param.default)
    return param.default


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
    import openwatch.cli.reading as reading
    from openwatch.cli.output import run_guarded

    return run_guarded(lambda: getattr(reading, command.function)(**kwargs), kwargs)
