"""Test driver: run ``openwatch ARGS`` in this process, then print its peak memory.

Usage: python peak_memory.py ARGS...

Exits with the command's exit code; the last line on stderr is
``peak-rss-kb N``: VmHWM from /proc/self/status, this program's own peak
(``ru_maxrss`` would carry over the parent's peak from before the exec).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> int:
    from openwatch.cli import main as openwatch_main

    sys.argv = ["openwatch", *sys.argv[1:]]
    try:
        openwatch_main()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    sys.stderr.write(f"\npeak-rss-kb {_peak_kb()}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
