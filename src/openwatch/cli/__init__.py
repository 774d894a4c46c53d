"""The command layer: Typer commands that parse, call the layers below, and render."""

from __future__ import annotations


def main() -> None:
    from openwatch.cli.app import run

    run()
