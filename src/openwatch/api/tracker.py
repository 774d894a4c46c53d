"""The Tracker: one openwatch database, every operation the command line offers."""

from __future__ import annotations

import os
from typing import Any

from openwatch.api.admin import Admin
from openwatch.api.claims import Claims
from openwatch.api.entry import Entry
from openwatch.api.guards import Guards
from openwatch.api.promises import Promises
from openwatch.api.publish import Publish
from openwatch.api.verdicts import Verdicts
from openwatch.api.verify import Verify
from openwatch.api.views import Views


class Tracker(Views, Verdicts, Promises, Claims, Entry, Admin, Verify, Publish, Guards):
    """An openwatch database, opened (and migrated when it is older) by path.

    ``Tracker.open()`` with no path opens the default database
    (``$OPENWATCH_DB``, else ``openwatch.db`` in the user data folder).
    Reading never creates a file: a missing database is a ``DatabaseError``
    unless ``create`` is given.
    """

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, create: bool = False) -> Tracker:
        from openwatch.store.db import open_database

        return cls(open_database(path, create=create))

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
