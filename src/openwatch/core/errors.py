"""The one family of errors openwatch raises.

Every message says what is wrong and, where it can, what to do about it. The
command layer turns an ``OpenwatchError`` into one line on stderr and its
``exit_code``.
"""

from __future__ import annotations


class OpenwatchError(Exception):
    """Something openwatch cannot do; exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidValue(OpenwatchError):
    """A value typed by a person is not acceptable (a usage error, exit 2)."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(OpenwatchError):
    """A company, model, alias or claim that is not there."""


class DatabaseError(OpenwatchError):
    """The database is missing, damaged, foreign or too new."""
