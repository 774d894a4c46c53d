"""The command layer: Typer commands that parse, call the layers below, and render."""

from __future__ import annotations


def main() -> None:
    import sys

    from openwatch.cli.streams import guard_standard_streams

    guard_standard_streams()  # first: a closed stdout must not become the database's descriptor
    if any("\udc80" <= char <= "\udcff" for argument in sys.argv for char in argument):
        from openwatch.core.validate import recover_utf8

        # Under LC_ALL=C without UTF-8 mode, UTF-8 arguments arrive as escaped bytes.
        sys.argv[1:] = recover_utf8(sys.argv[1:], sys.getfilesystemencoding())

    from openwatch.cli.fastpath import run_fast

    code = run_fast(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from openwatch.cli.app import run

    run()
