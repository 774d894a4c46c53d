"""The command layer: Typer commands that parse, call the layers below, and render."""

from __future__ import annotations

stdout_closed = False
"""Standard output was closed when openwatch started (``>&-``): see ``guard_standard_streams``."""


def guard_standard_streams() -> None:
    """Before anything opens a file: a closed standard input, output or error is pointed at /dev/null.

    With standard output closed, the next file opened -- the database --
    would take its number, and whatever is printed would be written into it.
    Pointed at /dev/null, output goes nowhere; a command that saved changes
    says so on stderr (``cli.output.run_guarded``), a reading command ends
    quietly, as for a closed pipe. Lives here, not in cli/output.py, so
    that ``--help`` imports no more than it did.
    """
    import os
    import sys

    global stdout_closed
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != number:
                os.dup2(opened, number)
                os.close(opened)
            if number == 0:
                sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - for the whole run
            elif number == 1:
                stdout_closed = True
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            else:
                sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


def main() -> None:
    import sys

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
