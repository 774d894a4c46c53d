"""How verify's results look: the report of problems, the checks of a run, a page diff, a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from openwatch.core.evidence import (
    CHECK_FIELDS,
    PROBLEM_FIELDS,
    Evidence,
    LinkCheck,
    ProblemRow,
    check_record,
    problem_record,
)
from openwatch.render.listing import Column, Listing
from openwatch.render.records import BuiltSpec, RecordSpec
from openwatch.render.safe import visible

PROBLEMS: RecordSpec[ProblemRow] = BuiltSpec(PROBLEM_FIELDS, problem_record)
"""``verify --report`` as JSON and CSV: one record per claim that needs a look."""
CHECKS: RecordSpec[LinkCheck] = BuiltSpec(CHECK_FIELDS, check_record)
"""The checks a ``verify`` run made, as JSON and CSV (the page text is left out)."""


def problems_table(records: Sequence[Mapping[str, Any]]) -> Listing:
    """``verify --report``: one row per claim whose evidence needs a person's attention."""
    shown = [{**record, "checked": str(record["checked_at"])[:10]} for record in records]
    return Listing(
        [
            Column("Claim", "claim_id", "id"),
            Column("Company", "company", squeeze=8),
            Column("Problem", "problem", "flag"),
            Column("Checked", "checked", "date"),
            Column("URL", "url", squeeze=24),
            Column("Archived copy", "archive_url", "dim", squeeze=12, optional=True),
            Column("Detail", "detail", "dim", shorten=True),
        ],
        shown,
        title="Evidence that needs a look",
        empty_message="No problem found in the recorded checks.",
    )


def checks_table(records: Sequence[Mapping[str, Any]]) -> Listing:
    """The checks a ``verify`` run made, one row per claim."""
    return Listing(
        [
            Column("Claim", "claim_id", "id"),
            Column("Result", "result", squeeze=16),
            Column("Change", "change"),
            Column("URL", "url", squeeze=24),
            Column("Archived copy", "archive_url", "dim", squeeze=12, optional=True),
            Column("Detail", "detail", "dim", shorten=True),
        ],
        list(records),
        title="Checked",
        empty_message="No claim's link was due for a check.",
    )


def evidence_lines(evidence: Evidence | None) -> list[tuple[str, str]]:
    """The lines ``show`` adds for a claim's link: when it was last checked, with what result, and its archived copy."""
    if evidence is None:
        return []
    if evidence.checked_at is None:
        return [("last_checked", "never (openwatch verify checks it)")]
    lines = [("last_checked", f"{evidence.checked_at.date().isoformat()} {evidence.result}")]
    if evidence.archive_url:
        lines.append(("archived", evidence.archive_url))
    return lines


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
