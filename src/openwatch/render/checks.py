"""How verify's results look: the report of problems, the checks of a run, a page diff, a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from openwatch.core.evidence import LinkCheck, ProblemRow, describe
from openwatch.render.listing import Column, Listing
from openwatch.render.safe import visible


def problem_listing(rows: Sequence[ProblemRow]) -> Listing:
    """``verify --report``: one row per claim whose evidence needs a person's attention."""
    shown = [
        {
            "claim_id": row.claim_id,
            "company": row.company,
            "problem": row.problem.value,
            "checked": row.checked_at.date().isoformat(),
            "url": row.url,
            "archive_url": row.archive_url or "",
            "detail": row.detail or "",
        }
        for row in rows
    ]
    return Listing(
        [
            Column("Claim", "claim_id", "id"),
            Column("Company", "company", squeeze=8),
            Column("Problem", "problem", "flag"),
            Column("Checked", "checked", "date"),
            Column("URL", "url", squeeze=20),
            Column("Archived copy", "archive_url", "dim", squeeze=12, optional=True),
            Column("Detail", "detail", "dim", shorten=True),
        ],
        shown,
        title="Evidence that needs a look",
        empty_message="No problem found in the recorded checks.",
    )


def checks_listing(checks: Sequence[LinkCheck]) -> Listing:
    """The checks a ``verify`` run made, one row per claim."""
    shown = [
        {
            "claim_id": check.claim_id,
            "result": describe(check),
            "change": check.change.value,
            "url": check.url,
            "archive_url": check.archive_url or "",
            "detail": check.detail or "",
        }
        for check in checks
    ]
    return Listing(
        [
            Column("Claim", "claim_id", "id"),
            Column("Result", "result", squeeze=16),
            Column("Change", "change"),
            Column("URL", "url", squeeze=20),
            Column("Archived copy", "archive_url", "dim", squeeze=12, optional=True),
            Column("Detail", "detail", "dim", shorten=True),
        ],
        shown,
        title="Checked",
        empty_message="No claim's link was due for a check.",
    )


def write_diff(lines: Sequence[str], out: TextIO | None = None, *, colour: bool | None = None) -> None:
    """A unified diff of two checks' texts; removed lines red and added green on a colour terminal."""
    stream = out or sys.stdout
    if colour is None:
        from openwatch.render.output import wants_rich

        colour = wants_rich(stream)
    if not colour:
        for line in lines:
            stream.write(visible(line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for line in lines:
        style = ""
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        console.print(Text(visible(line), style=style))


class CheckProgress:
    """A progress bar on stderr while links are checked, only for a person at a terminal."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        self.total = total
        self.enabled = (sys.stderr.isatty() if enabled is None else enabled) and total > 0
        self.done = 0
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> CheckProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("Checking links", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("verify", total=self.total)
        return self

    def advance(self) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
