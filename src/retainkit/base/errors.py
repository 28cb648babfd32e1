"""Errors a user can cause, each with the exit code documented in docs/exit-codes.md."""

from __future__ import annotations

from pathlib import Path

OK = 0
INTERNAL = 1
USAGE = 2
DUE = 3
DATABASE = 4
"""A database problem, or another service retainkit relies on (the mail server) failed."""
INTERRUPTED = 130
BROKEN_PIPE = 141
"""The program reading the output stopped early (`retainkit people list | head`)."""


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


def read_text(path: Path) -> str:
    """A UTF-8 text file a person named (a byte order mark is fine), or one clear error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give a file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
