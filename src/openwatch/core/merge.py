"""How an imported claim meets the one already stored: the merge rules of import.

A row with an id matches the claim with that id; a row without one matches a
stored claim with the same content (``ContentKey``). Then:

- nothing matched: the row is **added**;
- the row carries no version time (a hand-made CSV without ``updated_at``
  or ``recorded_at``): it speaks for now, so it **updates** the claim when
  anything differs and leaves it **unchanged** otherwise;
- the row's ``updated_at`` is later: it **updates** the claim;
- it is earlier: the stored, newer version stays (**unchanged**);
- it is the same: equal content is **unchanged**; different content is a
  **conflict**, reported and never silently chosen.

Times are compared as ``format_timestamp`` text (ISO 8601 UTC, always to the
microsecond, with ``Z``), whose text order is time order.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

PROBLEM_LIMIT = 20
"""How many bad rows an import lists before it says "and N more"."""


class Outcome(enum.Enum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


class ContentKey(NamedTuple):
    """What makes two claims without ids the same claim.

    Company and model are ids the names resolved to (through aliases,
    case-insensitively), so ``Facebook`` and ``meta`` give the same key.
    """

    date: str
    company_id: int
    model_id: int | None
    stance: str
    kind: str
    source: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a claim as merging sees it.

    ``content`` is every stored value but the id and the two version times
    (``recorded_at`` included), in any fixed order both sides share.
    """

    updated_at: str
    recorded_at: str
    content: Sequence[Hashable]


def decide(incoming: Version, stored: Version | None, *, timed: bool) -> Outcome:
    """What importing ``incoming`` does to ``stored`` (None: no match).

    ``timed``: the row gave its own version time; an untimed row is compared
    on content alone.
    """
    if stored is None:
        return Outcome.ADDED
    same = tuple(incoming.content) == tuple(stored.content)
    if not timed:
        return Outcome.UNCHANGED if same else Outcome.UPDATED
    same = same and incoming.recorded_at == stored.recorded_at
    if incoming.updated_at > stored.updated_at:
        return Outcome.UPDATED
    if incoming.updated_at < stored.updated_at:
        return Outcome.UNCHANGED
    return Outcome.UNCHANGED if same else Outcome.CONFLICT


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad row: where it is, which field (if one), and what is wrong."""

    location: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.location}, {self.field}" if self.field else self.location
        return f"{where}: {self.message}"


def describe_problems(problems: Sequence[Problem], total: int, limit: int = PROBLEM_LIMIT) -> list[str]:
    """One line per problem, at most ``limit``, then "... and N more"."""
    lines = [str(problem) for problem in problems[:limit]]
    if total > len(lines):
        lines.append(f"... and {total - len(lines):,} more")
    return lines


@dataclass(slots=True)
class Tally:
    """What an import did (or, in a dry run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    aliases_added: int = 0

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.ADDED:
            self.added += 1
        elif outcome is Outcome.UPDATED:
            self.updated += 1
        elif outcome is Outcome.UNCHANGED:
            self.unchanged += 1
        else:
            self.invalid += 1

    def summary(self) -> str:
        text = f"{self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged"
        if self.aliases_added:
            text += f", {self.aliases_added:,} aliases added"
        return text
