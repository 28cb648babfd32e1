"""Large inserts on SQLite whose rows a helper process hands to SQLite while the caller
goes on; the rows then move into the database with one INSERT … SELECT per table.

Inserting 100,000 rows through the driver costs two things about equally: binding every
value of every row to the statement (Python's driver, one value at a time) and SQLite's
own work on the table and its indexes. The first needs no database lock, so a helper
forked with the rows in its memory binds them into a scratch database, in the run's
private folder, while the caller plans and writes other tables; the caller then copies
each scratch table into its own with `INSERT … SELECT`, which SQLite does at its own
speed, inside the caller's transaction and with the checks of `sqlite_bulk`.

The scratch database is attached to the caller's connection as `side` before its
transaction begins (SQLite attaches nothing inside one), and that transaction takes the
write lock of the main database alone (`LOCK_MAIN`): BEGIN IMMEDIATE would lock the
scratch database as well, and the helper could not write it. Its file is removed as soon
as the transaction ends, and with the run folder however the run ends.

Where this does not pay or cannot run (PostgreSQL, no helper process, few rows) the same
calls insert the rows directly with `bulk.executemany`, and so does a helper that fails
(a full temporary folder) or dies: it leaves its rows to the caller.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base import forked
from retainkit.storage.bulk import CHUNK, direct_insert, executemany, sqlite_direct

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql import Executable

    from retainkit.storage.database import Database

SIDE_ROWS = 20_000
"""Rows from which an import uses a side database: below, forking costs more than it saves."""
DIRECT_SHARE = 0.4
"""Of a shared insert's rows, the part the caller inserts itself while the helper binds the
rest: binding a row costs the helper half what inserting it costs the caller."""
SCHEMA = "side"
LOCK_MAIN = "DELETE FROM main.alembic_version WHERE 0"
"""A write that changes nothing: it takes the main database's write lock, as BEGIN
IMMEDIATE would, and leaves the attached side database alone."""


@contextlib.contextmanager
def side_database(db: Database, rows: int) -> Iterator[Path | None]:
    """A new, private scratch database file for `db.write(side=...)`, or None where side
    inserts do not pay (PostgreSQL, no helper process, fewer than SIDE_ROWS rows)."""
    if db.sqlite_path is None or not forked.AVAILABLE or rows < SIDE_ROWS:
        yield None
        return
    from retainkit.base.files import create_private_file
    from retainkit.base.scratch import private_folder

    with private_folder() as folder:
        path = folder / "side.db"
        create_private_file(path)
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def attached(engine: Engine, side: Path | None) -> Iterator[Any]:
    """What a write session binds to: the engine, or with a side database a connection of
    its own that has it attached (and detaches it when the session is done)."""
    if side is None:
        yield engine
        return
    from retainkit.storage.sqlite import raw_sqlite

    with engine.connect() as connection:
        raw = raw_sqlite(connection)
        raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(side),))
        try:
            yield connection.execution_options(retainkit_side=str(side))
        finally:
            try:
                raw.execute(f"DETACH DATABASE {SCHEMA}")
            except sqlite3.Error:  # never back to the pool with a stranger attached
                connection.invalidate()


@dataclass
class _Table:
    statement: Executable
    keys: Sequence[str]
    rows: Iterable[Sequence[Any]]
    constants: Mapping[str, Any]
    fixed: dict[str, Any] | None
    """The constants as the driver takes them when the rows go by the side database."""
    each: Callable[[Any], Sequence[Any]] | None = None
    """What makes each row, where the row is read."""
    split: int | None = None
    """Shared: the rows before this the caller inserts itself, the helper binds the rest."""

    def part(self, start: int = 0, stop: int | None = None) -> Iterable[Sequence[Any]]:
        """Its rows (a shared insert's from `start` to `stop`), each made."""
        rows = self.rows
        if start or stop is not None:
            rows = self.rows[start:stop]  # type: ignore[index]
        return rows if self.each is None else map(self.each, rows)

    @property
    def name(self) -> str:
        return str(self.statement.table.name)  # type: ignore[attr-defined]


class SideInserts:
    """Inserts queued with `insert`, bound by a helper from `start` on, in the database
    when `finish` returns, in the order they were queued. Without a side database,
    `finish` inserts them directly."""

    def __init__(self, connection: Connection, rows: int) -> None:
        """`rows`: about how many rows will be queued; under SIDE_ROWS they go directly."""
        self.connection = connection
        side = connection.get_execution_options().get("retainkit_side")
        self.path = Path(side or "")
        """The side database attached to the connection (`attached`)."""
        self.side = side is not None and rows >= SIDE_ROWS
        self.tables: list[_Table] = []
        self.result: forked.Helper[dict[int, int]] | None = None
        self.bound: dict[int, int] | None = None

    def insert(
        self,
        statement: Executable,
        keys: Sequence[str],
        rows: Iterable[Sequence[Any]],
        constants: Mapping[str, Any] | None = None,
        *,
        each: Callable[[Any], Sequence[Any]] | None = None,
        shared: bool = False,
    ) -> None:
        """Queue an insert, as `bulk.executemany` takes it; its rows are read later (by
        the helper, or at `finish`), `each` making each one from an item of `rows`.
        `shared`: `rows` is a list, and `finish` inserts its first part while the helper
        binds the rest (for an import that writes nothing else meanwhile)."""
        constants = dict(constants or {})
        fixed = sqlite_direct(self.connection, statement, keys, constants) if self.side else None
        table = _Table(statement, keys, rows, constants, fixed, each)
        if shared and fixed is not None:
            assert isinstance(rows, list)
            table.split = int(len(rows) * DIRECT_SHARE)
        self.tables.append(table)

    def start(self) -> None:
        """Fork the helper that binds the queued rows into the side database."""
        if not any(t.fixed is not None for t in self.tables):
            return
        path, parent = self.path, os.getpid()
        tables = [
            (i, t.keys, t.part(t.split or 0))
            for i, t in enumerate(self.tables)
            if t.fixed is not None
        ]

        def work() -> dict[int, int]:
            if os.getpid() == parent:
                return {}  # no helper: the rows go directly
            return _bind(path, tables)

        self.result = forked.forked(work)

    def __enter__(self) -> SideInserts:
        return self

    def __exit__(self, *exc: object) -> None:
        """A helper still at work when the caller failed is stopped: the caller's
        transaction is rolled back."""
        if self.result is not None:
            self.result.cancel()
            self.result = None

    def finish(self) -> None:
        """Every queued insert in the database, in order: a shared one's first part while
        the helper still works, then what the helper bound (or, if it died, the rows
        themselves)."""
        from retainkit.storage.sqlite_bulk import insert_in_bulk

        for index, table in enumerate(self.tables):
            if table.fixed is None:
                connection, rows = self.connection, table.part()
                executemany(connection, table.statement, table.keys, rows, table.constants)
                continue

            def send(many: Callable[[], None], index: int = index, table: _Table = table) -> int:
                sent = 0
                if table.split is not None:
                    sent += self._direct(table, table.part(0, table.split), many)
                bound = self._wait()
                if index in bound:
                    return sent + self._copy(table, index, bound[index], many)
                return sent + self._direct(table, table.part(table.split or 0), many)

            insert_in_bulk(self.connection, table.name, send)
        self.tables.clear()

    def _wait(self) -> dict[int, int]:
        """What the helper bound, by table (waited for the first time). A helper that
        failed (a full temporary folder) leaves its rows to the caller, as one that died:
        the side database only saves time."""
        if self.bound is None:
            try:
                self.bound = self.result() if self.result is not None else {}
            except Exception:  # its rows go directly: a fault of theirs is raised there
                self.bound = {}
                # what it wrote is never read: the space goes back to the temporary folder
                with contextlib.suppress(OSError):
                    os.truncate(self.path, 0)
            finally:
                self.result = None
        return self.bound

    def _direct(self, table: _Table, rows: Iterable[Sequence[Any]], many: Any) -> int:
        assert table.fixed is not None
        return direct_insert(self.connection, table.name, table.keys, table.fixed, rows)(many)

    def _copy(self, table: _Table, index: int, count: int, many: Callable[[], None]) -> int:
        """The rows the helper bound for `table`, copied into it."""
        assert table.fixed is not None
        quote = self.connection.dialect.identifier_preparer.quote
        names = ", ".join(quote(column) for column in [*table.keys, *table.fixed])
        picked = [*(f"c{n}" for n in range(len(table.keys))), *("?" * len(table.fixed))]
        if count >= CHUNK:
            many()
        self.connection.exec_driver_sql(
            f"INSERT INTO main.{quote(table.name)} ({names}) "
            f"SELECT {', '.join(picked)} FROM {SCHEMA}.t{index} ORDER BY rowid",
            tuple(table.fixed.values()),
        )
        return count


def _bind(
    path: Path, tables: list[tuple[int, Sequence[str], Iterable[Sequence[Any]]]]
) -> dict[int, int]:
    """In the helper: each table's rows into a table `t<index>` of the side database;
    how many each had, by index."""
    counts = {}
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")  # a scratch file, never read if torn
        connection.execute("PRAGMA synchronous=OFF")
        for index, keys, rows in tables:
            columns = ", ".join(f"c{n}" for n in range(len(keys)))
            marks = ", ".join("?" * len(keys))
            connection.execute(f"DROP TABLE IF EXISTS t{index}")
            connection.execute(f"CREATE TABLE t{index} ({columns})")
            connection.execute("BEGIN")
            cursor = connection.executemany(f"INSERT INTO t{index} VALUES ({marks})", rows)
            counts[index] = cursor.rowcount
            connection.execute("COMMIT")
    finally:
        connection.close()
    return counts
