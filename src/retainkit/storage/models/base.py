"""What every model shares: the declarative base, constraint names, UTC timestamps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import Date, DateTime, MetaData, String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


NOW_OPTION = "retainkit_now"
"""The execution option carrying the command's clock (Database(now=...)): storage never
reads the clock itself."""


def utcnow(context: Any) -> datetime:
    """The time a row is stamped with: the clock the command passed to its Database."""
    now: Callable[[], datetime] = context.execution_options[NOW_OPTION]
    return now()


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (SQLite would drop one silently) and returns aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint's condition: the column holds one of the values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        date: Date,
        str: String(200),
    }


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as one (the declarative attribute is only a FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
