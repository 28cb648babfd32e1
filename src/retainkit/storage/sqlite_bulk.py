"""A bulk insert on SQLite: CHECK constraints evaluated once over the new rows, and the
indexes of a table that was nearly empty built once the rows are in.

SQLite evaluates a `CHECK (kind IN ('voluntary', ...))` by building a small in-memory
index of the list for every row it inserts: for an import of 100,000 separations and the
people they add, a second of the import's time. So a bulk insert runs with the checks
paused (`PRAGMA ignore_check_constraints`), and then the same CHECK expressions, read from
the table's own definition in the database, are evaluated over the new rows in one query,
where SQLite builds each list once. A row that fails one is an IntegrityError inside the
transaction, before anything is committed, as the constraint itself would have raised:
the database's guard is the same, only evaluated once for the whole insert.

Inserting many rows into a table that holds few (a new database's people and separations)
also fills each index of the table row by row, in the order the rows come; dropping the
table's plain indexes first and creating them again from their own definitions once the
rows are in builds each from sorted keys, in a third of the time. Unique indexes stay (they
enforce a constraint). All of it happens in the caller's transaction: if the insert fails,
rolling back brings the indexes back as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_QUOTES = {"'": "'", '"': '"', "`": "`", "[": "]"}
FEW_ROWS = 20_000
"""A table whose largest rowid is at most this gets its plain indexes built after a bulk
insert: building them again costs less than filling them row by row."""
_PLAIN_INDEX = re.compile(r"\s*CREATE\s+INDEX\b", re.IGNORECASE)


def insert_in_bulk(
    connection: Connection, table: str, send: Callable[[Callable[[], None]], int]
) -> int:
    """Run `send(many)`, which inserts rows into `table` and returns how many; it calls
    `many()` once it knows many rows are coming (a first full chunk). The table's CHECK
    constraints are paused meanwhile, then evaluated over the rows written; returns `send`'s
    count. The caller's transaction must be rolled back when this raises."""
    definition = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    checks = table_checks(str(definition or ""))
    name = _quoted(table)
    before = connection.exec_driver_sql(f"SELECT max(rowid) FROM {name}").scalar() or 0
    dropped: list[str] = []

    def many() -> None:
        if before > FEW_ROWS or dropped:
            return
        indexes = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        ).all()
        for index, sql in indexes:
            if _PLAIN_INDEX.match(sql):
                connection.exec_driver_sql(f"DROP INDEX {_quoted(index)}")
                dropped.append(sql)

    if checks:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
    try:
        sent = send(many)
    finally:
        if checks:
            connection.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")
    for sql in dropped:
        connection.exec_driver_sql(sql)
    if checks:
        _check(connection, table, checks, before, sent)
    return sent


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check(
    connection: Connection, table: str, checks: tuple[str, ...], before: int, sent: int
) -> None:
    """The CHECK constraints over the rows after `before`: IntegrityError if one fails."""
    name = _quoted(table)
    failing = "coalesce(NOT (" + " AND ".join(f"({check})" for check in checks) + "), 0)"
    sql = f"SELECT count(*), coalesce(sum({failing}), 0) FROM {name} WHERE rowid > ?"
    found, failed = connection.exec_driver_sql(sql, (before,)).one()
    if found != sent:  # rows went in below the largest rowid: every row is checked
        sql = f"SELECT coalesce(sum({failing}), 0) FROM {name}"
        failed = connection.exec_driver_sql(sql).scalar()
    if failed:
        import sqlite3

        from sqlalchemy.exc import IntegrityError

        message = f"CHECK constraint failed: {failed} rows of {table}"
        raise IntegrityError(sql, (before,), sqlite3.IntegrityError(message))


@lru_cache(maxsize=64)
def table_checks(definition: str) -> tuple[str, ...]:
    """The expressions of the CHECK constraints in a CREATE TABLE statement, table and
    column constraints alike, as written."""
    found = []
    at, end = 0, len(definition)
    while at < end:
        char = definition[at]
        if char in _QUOTES:
            at = _after_quoted(definition, at)
            continue
        if (
            char in "cC"
            and definition[at : at + 5].upper() == "CHECK"
            and (at == 0 or not _word(definition[at - 1]))
            and (at + 5 == end or not _word(definition[at + 5]))
        ):
            start = at + 5
            while start < end and definition[start].isspace():
                start += 1
            if start < end and definition[start] == "(":
                close = _closing(definition, start)
                found.append(definition[start + 1 : close].strip())
                at = close + 1
                continue
        at += 1
    return tuple(found)


def _word(char: str) -> bool:
    return char.isalnum() or char in "_$"


def _after_quoted(text: str, at: int) -> int:
    """The position after the quoted string or name starting at `at` (a doubled quote
    stands for itself)."""
    closing = _QUOTES[text[at]]
    at += 1
    while at < len(text):
        if text[at] == closing:
            if closing != "]" and text[at + 1 : at + 2] == closing:
                at += 2
                continue
            return at + 1
        at += 1
    return at


def _closing(text: str, at: int) -> int:
    """The position of the parenthesis closing the one at `at`."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char in _QUOTES:
            at = _after_quoted(text, at)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return at
        at += 1
    raise ValueError("a CHECK constraint without its closing parenthesis")
