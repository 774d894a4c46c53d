"""Standard input, output and error as openwatch finds them when it starts."""

from __future__ import annotations

stdout_closed = False
"""Standard output was closed when openwatch started (``>&-``): see ``guard_standard_streams``."""


def guard_standard_streams() -> None:
    """Before anything opens a file: a closed standard input, output or error is pointed at /dev/null.

    With standard output closed, the next file opened -- the database --
    would take its number, and whatever is printed would be written into it.
    Pointed at /dev/null, output goes nowhere; a command that saved changes
    says so on stderr (``cli.output.run_guarded``), a reading command ends
    quietly, as for a closed pipe. A leaf module, so that ``--help``
    imports no more than it did and cli/output.py can read ``stdout_closed``.
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
