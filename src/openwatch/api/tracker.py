"""The Tracker: one openwatch database, every operation the command line offers."""

from __future__ import annotations

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
