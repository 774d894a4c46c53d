"""What every command shares: options, the error boundary, dates, output."""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from openwatch.core.errors import InvalidValue, OpenwatchError
from openwatch.render.listing import Listing

P = ParamSpec("P")
R = TypeVar("R")


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Database file. Default: $OPENWATCH_DB, else openwatch.db in the user data folder.",
        show_default=False,
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, json or csv.", case_sensitive=False),
]


def error_line(text: str) -> None:
    from openwatch.render.safe import visible

    sys.stderr.write(f"Error: {visible(text)}\n")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """The error boundary: an openwatch error is one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            _refuse_undecodable(kwargs)
            return command(*args, **kwargs)
        except OpenwatchError as error:
            error_line(error.message)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted.\n")
            raise typer.Exit(130) from None

    return wrapper


def _refuse_undecodable(values: dict[str, Any]) -> None:
    """An argument that is not valid UTF-8 is a usage error, never a traceback deeper down.

    File paths are left alone: on Linux a file name may be any bytes.
    """
    from openwatch.core.validate import has_undecodable

    for name, value in values.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and has_undecodable(text) for text in texts):
            option = name.replace("_", "-")
            raise InvalidValue(option, f"{option} is not valid UTF-8 text: it holds bytes that are not characters")


def today() -> date:
    """The local date: the one place the command layer reads the calendar."""
    return date.today()


def emit(
    fmt: OutputFormat,
    *,
    listing: Callable[[], Listing],
    records: Iterable[dict[str, Any]],
    fields: Sequence[str],
) -> None:
    """Write a result to stdout as a table, JSON or CSV."""
    out = sys.stdout
    if fmt is OutputFormat.json:
        from openwatch.exchange.writers import write_json

        write_json(records, out)
    elif fmt is OutputFormat.csv:
        from openwatch.exchange.writers import write_csv

        write_csv(fields, records, out)
    else:
        from openwatch.render.output import show_table

        show_table(listing(), out)


def say(text: str) -> None:
    """A message for the person, on stderr."""
    from openwatch.render.output import message

    message(text)
