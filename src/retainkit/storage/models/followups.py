"""The contact plan: planned follow-ups and the contacts that happened."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from retainkit.base.vocab import CONTACT_OUTCOMES, FOLLOWUP_KINDS, FOLLOWUP_STATUSES
from retainkit.storage.models.base import Base, one_of, utcnow


class FollowUp(Base):
    """A planned contact: an exit interview, a follow-up, yearly care, a rehire check or a
    stay interview, with its due window and priority."""

    __tablename__ = "followup"
    __table_args__ = (
        CheckConstraint(one_of("kind", FOLLOWUP_KINDS), name="kind"),
        CheckConstraint(one_of("status", FOLLOWUP_STATUSES), name="status"),
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
        CheckConstraint(one_of("outcome", CONTACT_OUTCOMES), name="outcome"),
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
