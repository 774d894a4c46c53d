"""The command layer: Typer commands that parse, call the layers below, and render."""

from __future__ import annotations


def main() -> None:
    import sys

    from openwatch.cli.fastpath import run_fast

    code = run_fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from openwatch.cli.app import run

    run()
