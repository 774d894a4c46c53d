"""The Typer application. It builds only the commands a run needs.

Each user task lives in its own module with a ``register(app)`` function.
Registering all ~25 commands costs tens of milliseconds, so a run that names
a command builds only that command's module; ``--help`` and completion
build them all.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from openwatch import __version__

# Command name -> module under openwatch.cli that registers it.
COMMAND_MODULES: dict[str, str] = {
    # setting up and looking around
    "init": "admin",
    "companies": "admin",
    "models": "admin",
    "alias": "admin",
    "db": "admin",
    # one claim at a time
    "add": "claims",
    "show": "claims",
    "edit": "claims",
    "retract": "claims",
    "restore": "claims",
    "history": "claims",
    # history views
    "timeline": "views",
    "status": "views",
    "diff": "views",
    "changes": "views",
    "conflicts": "views",
    "gap": "views",
    "report": "views",
    # moving claims in and out
    "export": "transfer",
    "import": "transfer",
}
MODULE_ORDER = ("admin", "claims", "views", "transfer")

HELP = """Track how open AI vendors are, and how that changes, as dated, sourced claims.

Example: openwatch init --sample && openwatch timeline Meta
"""


def _version(value: bool) -> None:
    if value:
        import sqlite3

        typer.echo(f"openwatch {__version__} (SQLite {sqlite3.sqlite_version})")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show openwatch's and SQLite's versions and exit.",
        ),
    ] = False,
) -> None:
    """Track how open AI vendors are, and how that changes."""


def _wanted_modules(argv: Sequence[str]) -> list[str]:
    if os.environ.get("_OPENWATCH_COMPLETE"):
        return list(MODULE_ORDER)
    for arg in argv:
        if arg.startswith("-"):
            continue
        module = COMMAND_MODULES.get(arg)
        return [module] if module else list(MODULE_ORDER)
    return list(MODULE_ORDER)


def build_app(argv: Sequence[str] | None = None) -> typer.Typer:
    """The app with the commands ``argv`` needs (all of them when in doubt)."""
    app = typer.Typer(
        name="openwatch",
        help=HELP,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in _wanted_modules(sys.argv[1:] if argv is None else argv):
        module = importlib.import_module(f"openwatch.cli.{name}")
        module.register(app)
    return app


def run() -> None:
    app = build_app()
    try:
        app(prog_name="openwatch")
    except BrokenPipeError:
        # The reader went away (``openwatch export | head``): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
