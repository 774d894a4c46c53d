"""Entering a claim by hand: what is asked on a terminal, read from a file, or taken from the environment.

``add`` and ``edit`` (cli/claims.py) use these; tests point ``interactive``
at a terminal to drive the questions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from openwatch.cli.common import say, today
from openwatch.core.errors import InvalidValue


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def prompt_missing(values: dict[str, str | None]) -> dict[str, str | None]:
    """Ask for required fields left out, on a terminal; refuse them elsewhere.

    A prompted value is checked as it is typed and asked again when wrong,
    with the same message an option would get.
    """
    from openwatch.core.claim import Stance, parse_stance
    from openwatch.core.dates import parse_claim_date
    from openwatch.core.validate import required_text

    missing = [name for name, value in values.items() if value is None]
    if not missing:
        return values
    if not interactive():
        raise InvalidValue(
            missing[0],
            "missing " + ", ".join(f"--{name}" for name in missing) + " (required when not at a terminal)",
        )
    hints = {
        "company": "Company",
        "stance": "Stance (" + ", ".join(s.value for s in Stance) + ")",
        "date": "Date (YYYY-MM-DD, YYYY-MM, YYYY, today)",
        "source": "Source (who published it)",
    }

    def check(name: str, text: str) -> None:
        if name == "stance":
            parse_stance(text)
        elif name == "date":
            parse_claim_date(text, today())
        else:
            required_text(name, text)

    filled = dict(values)
    for name in missing:
        while True:
            answer = typer.prompt(hints[name], default="today" if name == "date" else None, err=True)
            try:
                check(name, answer)
            except InvalidValue as error:
                typer.echo(f"Error: {error.message}", err=True)
                continue
            filled[name] = answer
            break
    return filled


def read_text_option(value: str | None, from_file: Path | None, name: str) -> str | None:
    # Read with a bound: --quote-file /dev/zero is refused at the limit, not after filling the memory.
    from openwatch.exchange.reading import read_bounded_text

    if from_file is None:
        if value == "-":
            return read_bounded_text("-", name)
        return value
    if value is not None:
        raise InvalidValue(name, f"give --{name} or --{name}-file, not both")
    text = read_bounded_text(from_file, name)
    # An editor ends a file with a newline that is not part of the quote: drop one, keep the rest.
    return text.removesuffix("\r\n") if text.endswith("\r\n") else text.removesuffix("\n")


def recorder(by: str | None) -> str | None:
    """Who records: --by, else $OPENWATCH_USER, else git's user.name, else the login name."""
    import os

    if by is not None:
        return by
    if os.environ.get("OPENWATCH_USER"):
        return os.environ["OPENWATCH_USER"]
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found:
        return found
    import getpass

    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None


def ask_kind() -> str:
    """On a terminal, the kind is asked for: it says how we know, and "stated" is not always true."""
    from openwatch.core.claim import parse_kind
    from openwatch.core.reference import kind_guide

    lines = [f"  {entry.name:<9} {entry.meaning} (e.g. {entry.example})" for entry in kind_guide()]
    say("How do we know? (see 'openwatch stances')\n" + "\n".join(lines))
    while True:
        answer = typer.prompt("Kind", default="stated", err=True)
        try:
            return parse_kind(answer).value
        except InvalidValue as error:
            say(f"Error: {error.message}")


def choose_name(field: str, typed: str, close: list[str]) -> str:
    """On a terminal: use the tracked name, or keep the new one."""
    options = [*close, typed]
    listing = "\n".join(
        f"  {n}) {name}" + (" (new)" if name == typed else " (tracked)") for n, name in enumerate(options, 1)
    )
    say(f"{field.capitalize()} '{typed}' is not tracked; it is close to a tracked name:\n{listing}")
    while True:
        answer = typer.prompt("Which one", default="1", err=True).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1]
        say(f"Answer a number from 1 to {len(options)}.")
