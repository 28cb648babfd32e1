"""Errors a user can cause, each with the exit code documented in docs/exit-codes.md."""

from __future__ import annotations

OK = 0
INTERNAL = 1
USAGE = 2
DUE = 3
DATABASE = 4
"""A database problem, or another service retainkit relies on (the mail server) failed."""
INTERRUPTED = 130


class RetainkitError(Exception):
    """A problem the user can fix; the message is one line that says what to do."""

    exit_code = USAGE

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class InputError(RetainkitError):
    """Bad input: a bad file, an unknown person, a bad date (exit 2)."""

    exit_code = USAGE


class NotFound(InputError):
    """Something named on the command line does not exist (exit 2)."""


class DatabaseError(RetainkitError):
    """The database is locked, damaged or could not be migrated (exit 4)."""

    exit_code = DATABASE


class ServiceError(RetainkitError):
    """A service outside retainkit failed, such as the mail server (exit 4)."""

    exit_code = DATABASE
