"""A progress bar for long imports, on stderr, only for a person at a terminal."""

from __future__ import annotations

import sys
from typing import Any

SHOW_AFTER = 5_000
"""Rows before the bar appears: short imports finish before it would help."""


class RowProgress:
    """Counts rows; draws a rich progress bar once past ``SHOW_AFTER`` rows on a terminal.

    ``total`` is the size of the input in bytes when known, so the bar can
    show how far along it is; otherwise it shows the count alone.
    """

    def __init__(self, label: str, *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Any = None
        self._task: Any = None

    def update(self, rows: int) -> None:
        if not self.enabled or rows < SHOW_AFTER:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                TextColumn("{task.completed:,} rows", markup=False),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=None)
        self._progress.update(self._task, completed=rows)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
