"""The Typer application. It builds only the commands a run needs.

Each user task lives in its own module with a ``register(app)`` function.
Registering all ~25 commands costs tens of milliseconds, so a run that names
a command builds only that command's module. The overview (``openwatch
--help``, completing a command name, an unknown command) needs only each
command's name and one-line summary: it is built from ``OVERVIEW`` without
importing any command module. A test holds ``OVERVIEW`` to the real
commands' help.
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
    "verdicts": "verdicts",
    "licences": "verdicts",
    # publishing
    "trajectory": "publish",
    "site": "publish",
    "promises": "promises",
    "stances": "promises",
    # moving claims in and out
    "export": "transfer",
    "import": "transfer",
    # finding claims
    "search": "search",
    # checking the evidence
    "verify": "verify",
}
MODULE_ORDER = (
    "admin",
    "claims",
    "views",
    "verdicts",
    "publish",
    "promises",
    "transfer",
    "search",
    "verify",
)

# (command, first line of its help), in the order the full app lists them
# (Typer lists commands, then groups). tests/test_help.py checks that
# `openwatch --help` reads the same built from this as from every module.
OVERVIEW: tuple[tuple[str, str], ...] = (
    ("init", "Create the database, and with --sample load the sample data set."),
    ("companies", "List tracked companies with their number of claims and models."),
    ("models", "List tracked models, for one company or all."),
    ("add", "Record a claim and print its id."),
    ("show", "Show one claim in full, retracted or not."),
    ("edit", "Change fields of a claim, keeping the earlier version in its history."),
    ("retract", "Withdraw a claim from timelines, status and diffs, keeping it and why."),
    ("restore", "Undo a retraction; the retraction and the restore stay in the history."),
    ("history", "Show every version of a claim: when it changed, how, why and what."),
    ("timeline", "Show a company's claims in order, marking each stance move."),
    ("status", "Show the stance of every (company, model) series as of a date."),
    ("diff", "Compare each series' stance at FROM and at TO, with the claims between."),
    ("changes", "List stance moves across all vendors, newest first: the feed to watch."),
    ("conflicts", "List claims of one series on one date that disagree about the stance."),
    ("gap", "Show what a vendor said beside what it shipped or was judged to ship."),
    ("report", "Write a company's chart, status, said-versus-shipped and timeline to a file."),
    ("verdicts", "Show each source's latest verdict on a company's models side by side."),
    ("licences", "List the licence table: OSI approval, commercial use, restrictions, the stance each supports."),
    ("trajectory", "Show each model's stance at its release, per vendor: who is opening, who is closing."),
    ("site", "Write a static website of the tracker: vendors, charts, timelines, Atom feeds, downloads."),
    ("promises", "List every promise and what became of it: kept, broken, in doubt, pending, overdue."),
    ("stances", "Explain the stance scale and the kinds of evidence, one line and one example each."),
    ("export", "Export claims, ordered by date then id, to stdout or a file."),
    ("import", "Import claims (and aliases) from a CSV, JSON or JSONL file."),
    ("search", "Search claims' quotes, notes, sources and models, best match first."),
    ("verify", "Check each claim's link: still there, quote still on the page, changed since, archived copy."),
    ("alias", "Other names for a company or a model."),
    ("db", "The database file: where it is, a check of it, a safe copy."),
)

HELP = """Track how open AI vendors are, and how that changes, as dated, sourced claims.

Example: openwatch init --sample && openwatch timeline Meta
"""


def _version(value: bool) -> None:
    if value:
        from openwatch.api.files import sqlite_version

        typer.echo(f"openwatch {__version__} (SQLite {sqlite_version()})")
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


def _command_word(argv: Sequence[str]) -> str | None:
    """The command argv names, if it names one (the root takes no option values)."""
    for arg in argv:
        if arg.startswith("-"):
            continue
        return arg if arg in COMMAND_MODULES else None
    return None


def _completed_words() -> list[str]:
    """The words already typed when a shell asks for completions (bash, zsh, fish)."""
    import shlex

    if "COMP_WORDS" in os.environ:  # bash: the words and the index of the one being typed
        line, upto = os.environ["COMP_WORDS"], int(os.environ.get("COMP_CWORD", "0") or 0)
    else:  # zsh, fish: the command line up to the cursor
        line, upto = os.environ.get("_TYPER_COMPLETE_ARGS", ""), -1
    try:
        words = shlex.split(line)
    except ValueError:  # an open quote while typing
        words = line.split()
    if upto < 0:
        return words[1:] if line.endswith(" ") else words[1:-1]
    return words[1:upto]


def _wanted_modules(argv: Sequence[str]) -> list[str] | None:
    """The modules to build for argv; None for the overview (no module at all)."""
    if os.environ.get("_OPENWATCH_COMPLETE"):
        argv = _completed_words()
    command = _command_word(argv)
    return [COMMAND_MODULES[command]] if command else None


def _overview_stub() -> None:
    """Never run: the overview app only lists commands."""


def build_overview(app: typer.Typer) -> None:
    """Register each command by name and summary only, for the top-level help."""
    for name, summary in OVERVIEW:
        app.command(name, help=summary)(_overview_stub)


def build_app(argv: Sequence[str] | None = None, *, overview: bool = False) -> typer.Typer:
    """The app with the commands ``argv`` needs (all of them when in doubt).

    With ``overview``, an argv that names no command gets the light overview
    app (names and summaries) instead of every module.
    """
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
    wanted = _wanted_modules(sys.argv[1:] if argv is None else argv)
    if wanted is None and overview:
        build_overview(app)
        return app
    for name in wanted or MODULE_ORDER:
        module = importlib.import_module(f"openwatch.cli.{name}")
        module.register(app)
    return app


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_script(argv: Sequence[str]) -> str | None:
    """``--show-completion SHELL``: that shell's script (Typer alone would print the detected shell's)."""
    if len(argv) == 2 and argv[0] == "--show-completion" and argv[1] in SHELLS:
        shell = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--show-completion=") and argv[0].split("=", 1)[1] in SHELLS:
        shell = argv[0].split("=", 1)[1]
    else:
        return None
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name="openwatch", complete_var="_OPENWATCH_COMPLETE", shell=shell)


def run() -> None:
    script = _completion_script(sys.argv[1:])
    if script is not None:
        sys.stdout.write(script + "\n")
        return
    app = build_app(overview=True)
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
