"""What every command shares: options, the error boundary, dates, output."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer

from openwatch.cli.output import OutputFormat, emit, error_line, say, today
from openwatch.core.errors import OpenwatchError

__all__ = [
    "DbOption",
    "FormatOption",
    "OutputFormat",
    "emit",
    "error_line",
    "guarded",
    "say",
    "today",
]

P = ParamSpec("P")
R = TypeVar("R")


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Database file. Default: $OPENWATCH_DB, else openwatch.db in the user data folder.",
        show_default=False,
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, json or csv.", case_sensitive=False),
]


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """The error boundary: an openwatch error is one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from openwatch.core.validate import refuse_undecodable

        try:
            refuse_undecodable(kwargs)
            result = command(*args, **kwargs)
            # Flush here so that a reader that went away is seen inside the boundary.
            sys.stdout.flush()
            return result
        except BrokenPipeError:
            # The reader went away (``openwatch export | head``): not an error. Typer
            # would exit 1 for it; point stdout at devnull so the final flush is quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OpenwatchError as error:
            error_line(error.message)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted.\n")
            raise typer.Exit(130) from None

    return wrapper

