"""Many rows through one statement, at the driver's speed.

SQLAlchemy's executemany converts every parameter of every row through its generic
machinery; for 100,000 people that is most of an import. Here the statement is compiled
once, only the columns whose type needs converting (dates, UTC timestamps) are converted,
and the rows go to the driver's executemany in chunks, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import islice, repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql import Executable

CHUNK = 5_000
IN_LIST = 500
"""Values per `IN (...)` list: well under SQLite's and PostgreSQL's limits on parameters."""


def executemany(
    connection: Connection,
    statement: Executable,
    keys: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Run `statement` once per row; each row holds the values of `keys`, in that order.

    `keys` are the statement's parameter names: column names for an insert, the names
    of its `bindparam()`s for an update. `constants` are parameters with the same value in
    every row (a timestamp, a status), converted once. Returns how many rows were sent.
    """
    from sqlalchemy.sql.dml import Insert

    from retainkit.storage.sqlite_bulk import insert_in_bulk

    dialect = connection.dialect
    constants = dict(constants or {})
    all_keys = [*keys, *constants]
    compiled = statement.compile(dialect=dialect, column_keys=all_keys)  # type: ignore[attr-defined]
    names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
    missing = set(names) - set(all_keys)
    if missing:
        raise ValueError(f"the statement also needs {sorted(missing)}")

    fixed = _fixed(compiled, dialect, constants)
    where = {key: position for position, key in enumerate(keys)}
    # The driver's row, picked from the caller's row followed by the constants.
    fixed_values = tuple(fixed.values())
    after_row = {name: len(keys) + index for index, name in enumerate(fixed)}
    pick = _picker([where[name] if name in where else after_row[name] for name in names])
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for slot, name in enumerate(names):
        convert = _converter(compiled, dialect, name) if name in where else None
        if convert is not None:
            converters.append((slot, convert))

    def prepared(row: Sequence[Any]) -> Any:
        values = pick((*row, *fixed_values))
        if converters:
            values = list(values)
            for slot, convert in converters:
                if values[slot] is not None:
                    values[slot] = convert(values[slot])
        return tuple(values) if compiled.positional else dict(zip(names, values, strict=True))

    sql = compiled.string

    def send(many: Callable[[], None] | None = None) -> int:
        sent = 0
        chunk: list[Any] = []
        for row in rows:
            chunk.append(prepared(row))
            if len(chunk) >= CHUNK:
                connection.exec_driver_sql(sql, chunk)
                if many is not None and not sent:
                    many()
                sent += len(chunk)
                chunk = []
        if chunk:
            connection.exec_driver_sql(sql, chunk)
            sent += len(chunk)
        return sent

    if dialect.name == "sqlite" and type(statement) is Insert:
        table = statement.table.name
        # dates the driver writes itself (sqlite.py's adapter); any other conversion needs
        # Python code per value
        if _as_they_are(compiled, dialect, keys):
            return insert_in_bulk(
                connection, table, direct_insert(connection, table, keys, fixed, rows)
            )
        return insert_in_bulk(connection, table, send)
    return send()


def _converter(compiled: Any, dialect: Any, name: str) -> Callable[[Any], Any] | None:
    """What turns a value of parameter `name` into the driver's, or None: nothing to do."""
    from sqlalchemy import Boolean, Date

    bind_type = compiled.binds[name].type
    processor: Callable[[Any], Any] | None = bind_type.dialect_impl(dialect).bind_processor(dialect)
    if processor is not None and dialect.name == "sqlite":
        if isinstance(bind_type, Date):
            return _iso_date(processor)
        if isinstance(bind_type, Boolean):
            return None  # the driver stores True and False as 1 and 0 itself
    return processor


def _fixed(compiled: Any, dialect: Any, constants: Mapping[str, Any]) -> dict[str, Any]:
    """The constants as the driver takes them, each converted once."""
    fixed: dict[str, Any] = {}
    for name, value in constants.items():
        convert = _converter(compiled, dialect, name)
        fixed[name] = convert(value) if convert is not None and value is not None else value
    return fixed


def _as_they_are(compiled: Any, dialect: Any, keys: Sequence[str]) -> bool:
    """Whether the values of `keys` go to SQLite's driver as they are: no conversion but
    dates, which the adapter `sqlite.py` registers writes as SQLAlchemy does."""
    from sqlalchemy import Date

    return all(
        _converter(compiled, dialect, name) is None or isinstance(compiled.binds[name].type, Date)
        for name in keys
    )


def sqlite_direct(
    connection: Connection, statement: Executable, keys: Sequence[str], constants: Mapping[str, Any]
) -> dict[str, Any] | None:
    """For an insert on SQLite whose rows (the values of `keys`) go to the driver as they
    are: its constants as the driver takes them. None for any other statement."""
    from sqlalchemy.sql.dml import Insert

    dialect = connection.dialect
    if dialect.name != "sqlite" or type(statement) is not Insert:
        return None
    compiled = statement.compile(dialect=dialect, column_keys=[*keys, *constants])
    if not _as_they_are(compiled, dialect, keys):
        return None
    return _fixed(compiled, dialect, constants)


def direct_insert(
    connection: Connection,
    table: str,
    keys: Sequence[str],
    fixed: Mapping[str, Any],
    rows: Iterable[Sequence[Any]],
) -> Callable[[Callable[[], None] | None], int]:
    """An insert on SQLite whose rows go to the driver as they are: the statement names
    the columns in the caller's order followed by the constants, and a row is the caller's
    tuple with the constants' values added, with no Python code run per row. Dates reach
    the driver as dates: the adapter `sqlite.py` registers writes them as SQLAlchemy does
    (YYYY-MM-DD)."""
    quote = connection.dialect.identifier_preparer.quote
    names = [*keys, *fixed]
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(name) for name in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    values = tuple(fixed.values())

    def send(many: Callable[[], None] | None = None) -> int:
        tuples: Iterator[tuple[Any, ...]] = map(tuple, rows)
        if values:
            tuples = map(add, tuples, repeat(values))
        sent = 0
        while chunk := list(islice(tuples, CHUNK)):
            connection.exec_driver_sql(sql, chunk)
            if many is not None and not sent and len(chunk) == CHUNK:
                many()
            sent += len(chunk)
        return sent

    return send


def update_by_id(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Set `columns` of many rows by primary key: each row holds the id, then the values of
    `columns` in that order; `constants` are columns given the same value in every row."""
    from sqlalchemy import bindparam, update

    constants = dict(constants or {})
    names = [*columns, *constants]
    statement = (
        update(table)
        .where(table.c.id == bindparam("v_id", type_=table.c.id.type))
        .values({name: bindparam(f"v_{name}", type_=table.c[name].type) for name in names})
    )
    keys = ["v_id", *(f"v_{name}" for name in columns)]
    fixed = {f"v_{name}": value for name, value in constants.items()}
    return executemany(connection, statement, keys, rows, fixed)


def _picker(positions: list[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """The values at `positions`, in that order, as a tuple (itemgetter, which gives a
    bare value for one position)."""
    if len(positions) == 1:
        only = positions[0]
        return lambda values: (values[only],)
    return itemgetter(*positions)


def _iso_date(processor: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """SQLite's date text (YYYY-MM-DD) written by the date itself, which is several times
    faster than SQLAlchemy's formatting; anything else (a datetime) goes to SQLAlchemy."""

    def convert(value: Any) -> Any:
        return value.isoformat() if type(value) is date else processor(value)

    return convert


def advance_sequence(connection: Connection, table: Table) -> None:
    """After rows were inserted with explicit ids: let PostgreSQL's next id follow them."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes the next rowid after the largest
    from sqlalchemy import text

    connection.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
        )
    )


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """Ids for `count` rows about to be inserted, for rows that other new rows point to.

    PostgreSQL hands them out of the table's sequence, so a concurrent insert never takes
    one; on SQLite the write transaction (BEGIN IMMEDIATE) keeps other writers out, so the
    ids after the largest are free.
    """
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        return list(
            connection.exec_driver_sql(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                f"FROM generate_series(1, {int(count)})"
            ).scalars()
        )
    largest = connection.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar() or 0
    return list(range(largest + 1, largest + 1 + count))


def chunks(items: Sequence[Any], size: int = IN_LIST) -> Iterator[list[Any]]:
    """The items in lists of at most `size`, in order: for `IN (...)` lists."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
