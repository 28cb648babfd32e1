"""Running retainkit: settings, and the audit log of what was done with personal data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from retainkit.base.vocab import AUDIT_ACTIONS
from retainkit.storage.models.base import Base, one_of, utcnow


class Setting(Base):
    """A value set with `retainkit config set`; unset keys have documented defaults."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """Something done with personal data as a whole: an export, a backup, an erasure, a purge.

    Holds ids and counts only, never a name: who (the operating-system user), when, what."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(one_of("action", AUDIT_ACTIONS), name="action"),
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
