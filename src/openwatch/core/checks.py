"""The result of one check of the database (``db check``)."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_PROBLEMS = 50
"""Problems listed per check; the count says how many there were in all."""


@dataclass(slots=True)
class CheckResult:
    name: str
    description: str
    problems: list[str] = field(default_factory=list)
    total: int = 0
    """How many problems there were, when more than ``MAX_PROBLEMS`` are listed."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
