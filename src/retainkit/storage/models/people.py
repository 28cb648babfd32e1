"""The organisation: people and their separations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from retainkit.base.vocab import (
    CHANNELS,
    LEVELS,
    PERSON_STATUSES,
    RETENTION_DECISIONS,
    SEPARATION_KINDS,
    SEPARATION_STATUSES,
)
from retainkit.storage.models.base import Base, one_of, utcnow


class Person(Base):
    """Someone who works, or worked, for the organisation."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(one_of("level", LEVELS), name="level"),
        CheckConstraint(one_of("preferred_channel", CHANNELS), name="preferred_channel"),
        CheckConstraint(one_of("status", PERSON_STATUSES), name="status"),
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
    salary_months: Mapped[int | None]
    """Set when the salary was imported as monthly pay: the months it was multiplied by
    (setting salary.months_per_year); None when it was given as a yearly salary."""
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    contact_hours: Mapped[str | None] = mapped_column(String(40))
    do_not_contact: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    alumni_tier: Mapped[str | None] = mapped_column(String(16))
    rehire_pool: Mapped[bool | None] = mapped_column(Boolean)
    """None: in the pool when the last separation was regrettable and rehire-eligible;
    True or False: set by hand with `alumni pool add|remove`."""
    forgotten_at: Mapped[datetime | None]
    """When `people forget` or `db purge` erased this person's personal data."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    separations: Mapped[list[Separation]] = relationship(
        back_populates="person", order_by="Separation.last_day"
    )


class Separation(Base):
    """A departure, with the organisation snapshotted as it was on the last day."""

    __tablename__ = "separation"
    __table_args__ = (
        CheckConstraint(one_of("kind", SEPARATION_KINDS), name="kind"),
        CheckConstraint(one_of("status", SEPARATION_STATUSES), name="status"),
        CheckConstraint(one_of("level", LEVELS), name="level"),
        CheckConstraint(one_of("retention_decision", RETENTION_DECISIONS), name="decision"),
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
    successor_no: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    """What the HR system noted about the departure (`separation import`)."""
    retention_decision: Mapped[str | None] = mapped_column(String(16))
    """How a chance to keep the person ended: retained (status withdrawn) or left."""
    decided_on: Mapped[date | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="separations")
    recorded_reasons: Mapped[list[RecordedReason]] = relationship(
        order_by="RecordedReason.position"
    )


class RecordedReason(Base):
    """A reason for leaving as the HR system recorded it on the separation (imported with
    `separation import`): one primary, up to three contributing. Reports count them as the
    stated reasons of a separation whose exit interview states none."""

    __tablename__ = "separation_reason"
    __table_args__ = (PrimaryKeyConstraint("separation_id", "code"),)

    separation_id: Mapped[int] = mapped_column(ForeignKey("separation.id"))
    code: Mapped[str] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int]
    """0 for the primary reason, then the contributing ones in the order given."""
