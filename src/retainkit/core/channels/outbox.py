"""The outbox of urgent chat messages: written in the same transaction as the urgent action
item they tell of, claimed by one process at a time, and settled with what the platform
answered, so each is sent once and a failure is retried later with a growing wait.

A message holds no text: what it says is made from its action item when it is claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.core.channels.store import Target
from retainkit.storage.models import ActionItem, ChatChannel, ChatMessage, Interview

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.channels.platforms import Verdict
    from retainkit.storage.database import Database

BACKOFF = (
    timedelta(0),  # the interview's own try had a short timeout: the next run tries at once
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
)
MAX_ATTEMPTS = 8
"""After this many failed tries (about a day and a half with cron every hour) a message is
given up on, and `notify list` and `db check` report it."""


@dataclass(frozen=True)
class UrgentFacts:
    """What an urgent message says, read from its action item when it is sent."""

    action_id: int
    title: str
    escalation: str | None
    due: date | None
    owner: str | None
    interview_kind: str | None
    interview_id: int | None


@dataclass(frozen=True)
class Claimed:
    """A message this process sends now; nobody else does until `claimed_until`."""

    message_id: int
    attempts: int
    target: Target
    facts: UrgentFacts


def queue_urgent(session: Session, actions: Iterable[ActionItem]) -> int:
    """One message for every channel marked for urgent flags, for each urgent action item,
    in the caller's transaction; how many were queued."""
    from sqlalchemy import select

    urgent = [action for action in actions if action.urgent]
    if not urgent:
        return 0
    channels = session.scalars(select(ChatChannel.id).where(ChatChannel.urgent.is_(True))).all()
    if not channels:
        return 0
    if any(action.id is None for action in urgent):
        session.flush()  # the action items' numbers
    session.add_all(
        ChatMessage(channel_id=channel, action_item_id=action.id)
        for action in urgent
        for channel in channels
    )
    return len(urgent) * len(channels)


def _due(now: datetime, actions: Sequence[int] | None) -> Any:
    """The messages due to be sent at `now` (of the given action items only, if given)."""
    from sqlalchemy import or_, select

    query = select(ChatMessage).where(
        ChatMessage.status == "pending",
        or_(ChatMessage.next_try_at.is_(None), ChatMessage.next_try_at <= now),
        or_(ChatMessage.claimed_until.is_(None), ChatMessage.claimed_until < now),
    )
    if actions is not None:
        query = query.where(ChatMessage.action_item_id.in_(list(actions) or [-1]))
    return query


def anything_due(session: Session, now: datetime, actions: Sequence[int] | None) -> bool:
    """Whether a message is due: a read, so a run with nothing to send writes nothing."""
    from sqlalchemy import exists, select

    return bool(session.scalar(select(exists(_due(now, actions).subquery()))))


def claim_next(
    db: Database,
    now: datetime,
    hold: timedelta,
    *,
    actions: Sequence[int] | None = None,
    skip_channels: Iterable[int] = (),
) -> Claimed | None:
    """The oldest message due to be sent (of the given action items only, if given), marked
    as being sent by this process until now + hold; None when there is none."""
    from sqlalchemy import select

    from retainkit.core.channels.store import targets
    from retainkit.core.lookup import names_by_number

    query = _due(now, actions).order_by(ChatMessage.id).limit(1)
    skipped = list(skip_channels)
    if skipped:
        query = query.where(ChatMessage.channel_id.not_in(skipped))
    with db.write() as session:
        message = session.scalar(query.with_for_update(skip_locked=True))
        if message is None:
            return None
        message.claimed_until = now + hold
        message.attempts += 1
        action = session.get(ActionItem, message.action_item_id)
        channel = session.get(ChatChannel, message.channel_id)
        assert action is not None and channel is not None  # foreign keys
        kind = None
        if action.interview_id is not None:
            kind = session.scalar(select(Interview.kind).where(Interview.id == action.interview_id))
        owner = names_by_number(session, [action.owner]).get(action.owner or "", action.owner)
        [target] = targets(session, [channel.name])
        return Claimed(
            message_id=message.id,
            attempts=message.attempts,
            target=target,
            facts=UrgentFacts(
                action_id=action.id, title=action.title, escalation=action.escalation,
                due=action.due_date, owner=owner, interview_kind=kind,
                interview_id=action.interview_id,
            ),
        )  # fmt: skip


def settle(
    db: Database,
    claimed: Claimed,
    verdict: Verdict,
    reason: str,
    now: datetime,
    not_before: datetime | None = None,
) -> str:
    """Record what the platform answered; the message's new status."""
    from sqlalchemy import select

    with db.write() as session:
        message = session.scalar(
            select(ChatMessage).where(ChatMessage.id == claimed.message_id).with_for_update()
        )
        if message is None:  # the channel was removed meanwhile
            return "removed"
        message.claimed_until = None
        if verdict == "accepted":
            message.status, message.sent_at, message.last_error = "sent", now, None
        elif verdict == "rejected":
            message.status, message.last_error = "rejected", reason[:200]
        elif message.attempts >= MAX_ATTEMPTS:
            message.status = "abandoned"
            message.last_error = f"{reason} (gave up after {message.attempts} tries)"[:200]
        else:
            wait = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
            message.next_try_at = max(now + wait, not_before or now)
            message.last_error = reason[:200]
        return message.status
