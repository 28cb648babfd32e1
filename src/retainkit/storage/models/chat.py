"""Chat channels (`retainkit notify`) and the outbox of messages waiting for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from retainkit.base.vocab import CHAT_DETAILS, CHAT_KINDS, OUTBOX_STATUSES
from retainkit.base.words import LANGUAGES
from retainkit.storage.models.base import Base, one_of, utcnow


class ChatChannel(Base):
    """An incoming webhook of a chat platform that the digest and urgent flags go to.

    The webhook address and the signing secret are secrets: they are kept here only, and
    shown masked everywhere else."""

    __tablename__ = "chat_channel"
    __table_args__ = (
        CheckConstraint(one_of("kind", CHAT_KINDS), name="kind"),
        CheckConstraint(one_of("lang", LANGUAGES), name="lang"),
        CheckConstraint(one_of("detail", CHAT_DETAILS), name="detail"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2))
    detail: Mapped[str] = mapped_column(String(6))
    urgent: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    """Urgent flags from interviews go here at once (they always reach the digest)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChatMessage(Base):
    """A message for a channel in the outbox, written in the same transaction as what it
    tells of (an urgent action item). It holds no text: the message is made from the action
    item when it is sent, so an erasure in between leaves nothing behind here."""

    __tablename__ = "chat_message"
    __table_args__ = (
        CheckConstraint(one_of("status", OUTBOX_STATUSES), name="status"),
        Index("ix_chat_message_status", "status", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("chat_channel.id", ondelete="CASCADE"))
    action_item_id: Mapped[int] = mapped_column(
        ForeignKey("action_item.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="pending", server_default="pending")
    attempts: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    next_try_at: Mapped[datetime | None]
    """Not before then (a backoff after a failure, or what the platform asked for)."""
    claimed_until: Mapped[datetime | None]
    """A process is sending it until then; nobody else does."""
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    """What went wrong the last time, as retainkit words it: never the address or secret."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
