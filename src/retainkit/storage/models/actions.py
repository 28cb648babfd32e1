"""What follows an interview: action items, verified reasons, the handover checklist."""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from retainkit.base.vocab import ACTION_KINDS, ACTION_STATUSES, VERIFY_SOURCES
from retainkit.storage.models.base import Base, one_of, utcnow


class ActionItem(Base):
    """Something to do because of what an interview found."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(one_of("status", ACTION_STATUSES), name="status"),
        CheckConstraint(one_of("kind", ACTION_KINDS), name="kind"),
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
        CheckConstraint(one_of("source", VERIFY_SOURCES), name="source"),
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
