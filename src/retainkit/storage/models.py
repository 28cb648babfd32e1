"""SQLAlchemy 2 models. Every change here needs a migration in storage/migrations/versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from retainkit.base.vocab import (
    ACTION_KINDS,
    ACTION_STATUSES,
    AUDIT_ACTIONS,
    CHANNELS,
    CONTACT_OUTCOMES,
    FOLLOWUP_KINDS,
    FOLLOWUP_STATUSES,
    INTERVIEW_KINDS,
    INTERVIEW_STATUSES,
    LEVELS,
    PERSON_STATUSES,
    SEPARATION_KINDS,
    SEPARATION_STATUSES,
    VERIFY_SOURCES,
)

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
    successor_no: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="separations")


class QuestionnaireVersion(Base):
    """One version of a questionnaire, its TOML source kept exactly as it was answered."""

    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_questionnaire_key_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    builtin: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interview(Base):
    """A stay, exit or follow-up interview: a draft until finished, or declined."""

    __tablename__ = "interview"
    __table_args__ = (
        CheckConstraint(_one_of("status", INTERVIEW_STATUSES), name="status"),
        CheckConstraint(_one_of("kind", INTERVIEW_KINDS), name="kind"),
        Index("ix_interview_person_kind", "person_id", "kind"),
        Index("ix_interview_status", "status"),
        Index("ix_interview_separation_id", "separation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    separation_id: Mapped[int | None] = mapped_column(ForeignKey("separation.id"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")
    mode: Mapped[str | None] = mapped_column(String(16))
    interviewer: Mapped[str | None]
    held_by: Mapped[str | None] = mapped_column(String(16))
    """manager, hr or leadership: who actually held it (the suggestion may differ)."""
    lang: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    retention_risk: Mapped[str | None] = mapped_column(String(8))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    written_offered: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship()
    questionnaire: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="interview", order_by="Answer.id", cascade="all, delete-orphan"
    )
    scores: Mapped[list[InterviewScore]] = relationship(cascade="all, delete-orphan")
    reasons: Mapped[list[StatedReason]] = relationship(cascade="all, delete-orphan")


class Answer(Base):
    """One answer, written the moment it is given; skipped is recorded, not left empty."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("interview_id", "question_key", name="uq_answer_interview_question"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id"))
    question_key: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any | None] = mapped_column(JSON)
    skipped: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    score: Mapped[float | None] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="answers")


class InterviewScore(Base):
    """A dimension's 0-100 score for an interview, stored so reports need not recompute."""

    __tablename__ = "interview_score"
    __table_args__ = (PrimaryKeyConstraint("interview_id", "dimension"),)

    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id"))
    dimension: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    answers: Mapped[int]


class StatedReason(Base):
    """A reason for leaving as the person stated it: one primary, up to three contributing."""

    __tablename__ = "interview_reason"
    __table_args__ = (
        PrimaryKeyConstraint("interview_id", "code"),
        Index("ix_interview_reason_code", "code"),
    )

    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id"))
    code: Mapped[str] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean)


class ActionItem(Base):
    """Something to do because of what an interview found."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(_one_of("status", ACTION_STATUSES), name="status"),
        CheckConstraint(_one_of("kind", ACTION_KINDS), name="kind"),
        Index("ix_action_item_status_due", "status", "due_date"),
        Index("ix_action_item_interview_id", "interview_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str]
    detail: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None]
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    urgent: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    escalation: Mapped[str | None] = mapped_column(String(16))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interview.id"))
    separation_id: Mapped[int | None] = mapped_column(ForeignKey("separation.id"))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None]
    """"company", or the department it concerns."""
    outcome: Mapped[str | None] = mapped_column(Text)
    drop_reason: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None]
    informed_at: Mapped[datetime | None]
    """When the people who raised it were told: closing the loop is recorded, not assumed."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)


class VerifiedReason(Base):
    """A reason for leaving as HR verified it against records and colleagues."""

    __tablename__ = "verified_reason"
    __table_args__ = (
        PrimaryKeyConstraint("separation_id", "code"),
        CheckConstraint(_one_of("source", VERIFY_SOURCES), name="source"),
        Index("ix_verified_reason_code", "code"),
    )

    separation_id: Mapped[int] = mapped_column(ForeignKey("separation.id"))
    code: Mapped[str] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    verified_on: Mapped[date]


class HandoverItem(Base):
    """One point of a leaver's knowledge handover checklist."""

    __tablename__ = "handover_item"
    __table_args__ = (
        UniqueConstraint("separation_id", "position", name="uq_handover_item_position"),
        Index("ix_handover_item_done_separation", "done", "separation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    separation_id: Mapped[int] = mapped_column(ForeignKey("separation.id"))
    position: Mapped[int]
    label: Mapped[str]
    done: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    done_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """A value set with `retainkit config set`; unset keys have documented defaults."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FollowUp(Base):
    """A planned contact: an exit interview, a follow-up, yearly care, a rehire check or a
    stay interview, with its due window and priority."""

    __tablename__ = "followup"
    __table_args__ = (
        CheckConstraint(_one_of("kind", FOLLOWUP_KINDS), name="kind"),
        CheckConstraint(_one_of("status", FOLLOWUP_STATUSES), name="status"),
        Index("ix_followup_status_due_from", "status", "due_from"),
        Index("ix_followup_person_id", "person_id"),
        Index("ix_followup_separation_id", "separation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    separation_id: Mapped[int | None] = mapped_column(ForeignKey("separation.id"))
    kind: Mapped[str] = mapped_column(String(16))
    due_from: Mapped[date]
    due_to: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="planned", server_default="planned")
    priority: Mapped[int] = mapped_column(default=0, server_default="0")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    reason: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Contact(Base):
    """A contact that happened (or was tried): the history the next contact builds on."""

    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(_one_of("outcome", CONTACT_OUTCOMES), name="outcome"),
        Index("ix_contact_person_contacted_on", "person_id", "contacted_on"),
        Index("ix_contact_followup_id", "followup_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    followup_id: Mapped[int | None] = mapped_column(ForeignKey("followup.id"))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interview.id"))
    contacted_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    conclusion: Mapped[str | None]
    rehire_interest: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Something done with personal data as a whole: an export, a backup, an erasure, a purge.

    Holds ids and counts only, never a name: who (the operating-system user), when, what."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(_one_of("action", AUDIT_ACTIONS), name="action"),
        Index("ix_audit_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(Text)
    """A file path for an export or backup; pseudonyms for an erasure; the cut-off for a purge."""
    row_count: Mapped[int]
    detail: Mapped[str | None] = mapped_column(Text)


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as one (the declarative attribute is only a FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
