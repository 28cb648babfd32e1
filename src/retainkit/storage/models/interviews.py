"""Interviews: the questionnaire version answered, the answers, scores and stated reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from retainkit.base.vocab import INTERVIEW_KINDS, INTERVIEW_STATUSES
from retainkit.storage.models.base import Base, one_of, utcnow
from retainkit.storage.models.people import Person


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
        CheckConstraint(one_of("status", INTERVIEW_STATUSES), name="status"),
        CheckConstraint(one_of("kind", INTERVIEW_KINDS), name="kind"),
        Index("ix_interview_person_kind", "person_id", "kind"),
        Index("ix_interview_status", "status"),
        Index("ix_interview_separation_id", "separation_id"),
        {"sqlite_autoincrement": True},  # a discarded draft's number is never reused
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
    unsaved_key: Mapped[str | None] = mapped_column(String(60))
    """The question whose answer was being typed when a live interview was interrupted."""
    unsaved_text: Mapped[str | None] = mapped_column(Text)
    """That text, offered again in the answer box on --resume; cleared once answered."""
    lease_holder: Mapped[str | None] = mapped_column(String(120))
    """The terminal a live draft is open in (host, process, token); None when none is."""
    lease_seen: Mapped[datetime | None]
    """When that terminal last said it was still there."""
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
    notes: Mapped[list[InterviewNote]] = relationship(
        order_by="InterviewNote.id", cascade="all, delete-orphan"
    )


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
    not_asked: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    """The question's condition did not hold (an earlier answer made it irrelevant): not
    asked, which is neither answered nor skipped."""
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


class InterviewNote(Base):
    """The interviewer's own note, taken at one question of a live interview: private, never
    read out, never in an anonymised export; one per question, edited in place."""

    __tablename__ = "interview_note"
    __table_args__ = (
        UniqueConstraint("interview_id", "question_key", name="uq_interview_note_question"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id"))
    question_key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    noted_at: Mapped[datetime] = mapped_column(default=utcnow)
