"""What every Typer command shares: options built from one description, the error boundary."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from openwatch.cli import options
from openwatch.cli.complete import complete_company, complete_kind
from openwatch.cli.output import OutputFormat, emit, emit_rows, error_line, run_guarded, say, table_layout, today

__all__ = [
    "ColumnsOption",
    "CompaniesOption",
    "CompanyOption",
    "DbOption",
    "FormatOption",
    "KindOption",
    "NoPlannedOption",
    "OutputFormat",
    "SinceOption",
    "UntilOption",
    "WideOption",
    "argument",
    "emit",
    "emit_rows",
    "error_line",
    "guarded",
    "option",
    "say",
    "table_layout",
    "today",
]

P = ParamSpec("P")
R = TypeVar("R")


def option(param: options.Param, **extra: Any) -> Any:
    """A Typer option from its one description (``cli/options.py``)."""
    settings: dict[str, Any] = {"help": param.help}
    if param.metavar:
        settings["metavar"] = param.metavar
    if param.min is not None:
        settings["min"] = param.min
    if param.kind == "format":
        settings["case_sensitive"] = False
    if param.kind == "path":
        settings.update(dir_okay=False, show_default=False)
    if param.kind == "multi":
        settings["show_default"] = False
    settings.update(extra)
    return typer.Option(*param.flags, **settings)


def argument(param: options.Param, **extra: Any) -> Any:
    """A Typer argument from its one description."""
    settings: dict[str, Any] = {"help": param.help, "metavar": param.metavar}
    if param.kind == "arguments":
        settings["show_default"] = False
    settings.update(extra)
    return typer.Argument(**settings)


DbOption = Annotated[Path | None, option(options.DB)]
ColumnsOption = Annotated[str | None, option(options.COLUMNS)]
WideOption = Annotated[bool, option(options.WIDE)]
FormatOption = Annotated[OutputFormat, option(options.FORMAT)]
KindOption = Annotated[list[str] | None, option(options.KIND, autocompletion=complete_kind)]
NoPlannedOption = Annotated[bool, option(options.NO_PLANNED)]
SinceOption = Annotated[str | None, option(options.SINCE)]
UntilOption = Annotated[str | None, option(options.UNTIL)]
CompanyOption = Annotated[
    str | None,
    typer.Option(
        "--company", "-c", metavar="COMPANY", help="Only this company's claims.", autocompletion=complete_company
    ),
]
"""One company, by name or alias."""
CompaniesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--company",
        "-c",
        metavar="COMPANY",
        help="Only this company; repeat for more.",
        show_default=False,
        autocompletion=complete_company,
    ),
]
"""Companies, the option repeated for more."""


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """The error boundary (``cli.output.run_guarded``) around a Typer command."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result: list[R] = []
        code = run_guarded(lambda: result.append(command(*args, **kwargs)), kwargs)
        if code:
            raise typer.Exit(code)
        return result[0] if result else None  # type: ignore[return-value]

    return wrapper
