"""Print how Meta's openness stance moved, from a script: openwatch as a library.

Usage: python examples/meta_moves.py [DATABASE]   (default: the database openwatch uses)
"""

from __future__ import annotations

import sys
from datetime import date

from openwatch.api import Tracker


def main() -> None:
    with Tracker.open(sys.argv[1] if len(sys.argv) > 1 else None) as tracker:
        for move in reversed(tracker.changes(companies=["Meta"])):  # oldest first
            claim = move.claim
            before = move.before.value if move.before else "(nothing)"
            print(f"{claim.date}  {claim.model or '(company-wide)'}: {before} -> {move.after.value}"
                  f"  [{move.direction.value}, {claim.kind.value}, {claim.source}]")
        print()
        for row in tracker.status(["Meta"], as_of=date(2025, 8, 1)):
            print(f"as of 2025-08-01  {row.model or '(company-wide)'}: {row.stance.value} ({row.claim.id})")


if __name__ == "__main__":
    main()
