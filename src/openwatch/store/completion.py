"""Names for shell completion, read from the database without ever failing."""

from __future__ import annotations

import os
import sqlite3

from openwatch.core.errors import OpenwatchError
from openwatch.store.db import connect_readonly
from openwatch.store.names import company_choices, model_choices


def choices_for_completion(
    explicit: str | os.PathLike[str] | None, *, models_of: str | None = None, models: bool = False
) -> list[str]:
    """Company names (or, with ``models``, model names) for shell completion, never an error.

    The database is opened read-only: completing never creates, migrates or
    locks anything, and any problem (no database, a locked or damaged file)
    simply completes nothing -- a traceback in the middle of a half-typed
    command line would be worse than no suggestion.
    """
    try:
        conn = connect_readonly(explicit)
    except OpenwatchError:
        return []
    try:
        return model_choices(conn, models_of) if models else company_choices(conn)
    except sqlite3.Error:
        return []
    finally:
        conn.close()
