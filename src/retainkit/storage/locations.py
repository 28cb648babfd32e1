"""Where a database is: a SQLite file path or a SQLAlchemy URL, checked before anything is
opened, and shown without its password."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def is_url(location: str) -> bool:
    return "://" in location


def masked(location: str) -> str:
    """A database URL as it may be shown: without its password."""
    import re

    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", location)


def parse_url(location: str) -> URL:
    """A SQLAlchemy URL, or one line saying what is wrong with it (a port that is not a
    number, an unclosed [ of an IPv6 address) without repeating the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(location)
        url.port  # noqa: B018 - SQLAlchemy checks the port only when it is read
    except (ValueError, ArgumentError) as exc:
        host = location.split("://", 1)[-1].rsplit("@", 1)[-1].split("/")[0]
        if "[" in host and "]" not in host:
            reason = "an IPv6 address needs its closing ]"
        elif ":" in host:
            reason = "the port must be a number"
        else:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:100]
        raise InputError(
            f"--db / RETAINKIT_DB {masked(location)!r} is not a database URL ({reason}); "
            "write it like postgresql+psycopg://user@host:5432/retainkit"
        ) from None
    return url


def sqlite_file(location: str) -> Path | None:
    """The database file a location names, or None for a server database; a location that
    cannot be a file (empty, :memory:, a NUL) is one line."""
    if not is_url(location):
        if not location.strip():
            raise InputError("--db is empty (an unset variable?); give a database file or a URL")
        if location == ":memory:":
            raise InputError("an in-memory SQLite database cannot keep anything; give a file")
        if "\x00" in location:
            raise InputError("--db holds a NUL character, which no file name can; check it")
        return Path(location).expanduser().absolute()
    if location.startswith("sqlite"):
        database = parse_url(location).database
        if not database or database == ":memory:":
            raise InputError("an in-memory SQLite database cannot keep anything; give a file")
        return Path(database).expanduser().absolute()
    return None
