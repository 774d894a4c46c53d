"""openwatch as a Python library: open a tracker, record claims, ask how stances moved.

    from openwatch.api import Tracker

    with Tracker.open("openwatch.db") as tracker:
        for move in tracker.changes(companies=["Meta"]):
            print(move.claim.date, move.direction.value, move.after.value, move.claim.source)

Every command of the command line is a method here (or, for what may create
the database, a function of ``openwatch.api.files``), taking typed values
(dates as ``datetime.date``, stances and kinds as the enums of
``openwatch.core.claim``) and returning typed rows: claims, moves, status
rows, diffs, gaps, conflicts. Writes run in their own transaction; a
reading method that streams (``status``) yields while the tracker is open.
Time is a parameter: writes take ``now`` and ``today``.
"""

from __future__ import annotations

from openwatch.api.tracker import Tracker

__all__ = ["Tracker"]
