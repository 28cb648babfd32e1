"""SQLAlchemy 2 models. Every change here needs a migration in storage/migrations/versions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from retainkit.core.vocab import (
    CHANNELS,
    LEVELS,
    PERSON_STATUSES,
    SEPARATION_KINDS,
    SEPARATION_STATUSES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


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


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        date: Date,
        str: String(200),
    }


class Person(Base):
    """Someone who works, or worked, for the organisation."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(_one_of("level", LEVELS), name="level"),
        CheckConstraint(_one_of("preferred_channel", CHANNELS), name="preferred_channel"),
        CheckConstraint(_one_of("status", PERSON_STATUSES), name="status"),
        CheckConstraint("performance BETWEEN 1 AND 5", name="performance"),
        Index("ix_person_department_status", "department", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str]
    email: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(String(40))
    department: Mapped[str | None]
    title: Mapped[str | None]
    level: Mapped[str | None] = mapped_column(String(16))
    manager_no: Mapped[str | None] = mapped_column(String(64), index=True)
    location: Mapped[str | None]
    hire_date: Mapped[date | None]
    performance: Mapped[int | None]
    high_performer: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    salary: Mapped[int | None]
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    contact_hours: Mapped[str | None] = mapped_column(String(40))
    do_not_contact: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    separations: Mapped[list[Separation]] = relationship(
        back_populates="person", order_by="Separation.last_day"
    )


class Separation(Base):
    """A departure, with the organisation snapshotted as it was on the last day."""

    __tablename__ = "separation"
    __table_args__ = (
        CheckConstraint(_one_of("kind", SEPARATION_KINDS), name="kind"),
        CheckConstraint(_one_of("status", SEPARATION_STATUSES), name="status"),
        CheckConstraint(_one_of("level", LEVELS), name="level"),
        Index("ix_separation_last_day", "last_day"),
        Index("ix_separation_person_status", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    kind: Mapped[str] = mapped_column(String(20))
    last_day: Mapped[date]
    notice_date: Mapped[date | None]
    regrettable: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    rehire_eligible: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    department: Mapped[str | None]
    title: Mapped[str | None]
    level: Mapped[str | None] = mapped_column(String(16))
    manager_no: Mapped[str | None] = mapped_column(String(64))
    hire_date: Mapped[date | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None]
    rehired_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="separations")


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as one (the declarative attribute is only a FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
