"""What SQLite needs that a server database does not: its pragmas, its busy timeout, the
driver connection for statements outside a transaction, and its backup API."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
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


# A date given to the driver itself (storage/bulk.py's inserts) is written as SQLAlchemy
# writes one, YYYY-MM-DD, by the date's own C method: no Python code per value. Only the
# exact type: a datetime keeps its own adapter (and never reaches a date column that way).
sqlite3.register_adapter(date, date.isoformat)


def raw_sqlite(connection: Connection) -> sqlite3.Connection:
    """The driver connection, for pragmas that must run outside any transaction."""
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def sqlite_backup(
    source: Path, target: Path, before_it_appears: Callable[[], None] | None = None
) -> None:
    """Copy a live SQLite database with the backup API (a file copy is wrong under WAL).

    The copy is made in the private run folder, then written to a 0600 temporary file
    beside `target` that takes its name only when complete, never replacing a file there:
    a backup killed part-way leaves nothing but what the next run removes.
    `before_it_appears` runs once the copy is complete, before it has its name (to record
    it in the audit log first).
    """
    import shutil

    from retainkit.base.files import refuse_link, replaced_privately
    from retainkit.base.scratch import private_folder

    refuse_link(target)
    if target.exists():
        raise InputError(f"{target} exists already; choose another file name")
    with private_folder() as folder:
        copy = folder / "backup.db"
        create_private_file(copy)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(copy)
        try:
            src.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        with replaced_privately(target, replace=False) as handle, copy.open("rb") as made:
            shutil.copyfileobj(made, handle, 1 << 20)
            if before_it_appears is not None:
                before_it_appears()
        copy.unlink()
