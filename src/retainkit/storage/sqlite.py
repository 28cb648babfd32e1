"""What SQLite needs that a server database does not: its pragmas, its busy timeout, the
driver connection for statements outside a transaction, and its backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.base.files import create_private_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
)


def raw_sqlite(connection: Connection) -> sqlite3.Connection:
    """The driver connection, for pragmas that must run outside any transaction."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def sqlite_backup(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the backup API (a file copy is wrong under WAL)."""
    if target.exists():
        raise InputError(f"{target} exists already; choose another file name")
    create_private_file(target)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        src.backup(dst)
    except BaseException:
        dst.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        src.close()
        dst.close()
