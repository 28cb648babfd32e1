"""The audit log: who exported, backed up, erased or purged personal data, when, what, and
how many rows, with ids and pseudonyms only."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.base.vocab import AUDIT_ACTIONS
from retainkit.storage.models import AuditEvent

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    row_count: int
    detail: str | None


def actor() -> str:
    """Who is running retainkit: RETAINKIT_USER, else the operating-system user."""
    named = os.environ.get("RETAINKIT_USER", "").strip()
    if named:
        return named[:100]
    try:
        return getpass.getuser()[:100]
    except (OSError, KeyError):
        return "unknown"


def audit(session: Session, action: str, target: str, rows: int, detail: str | None = None) -> None:
    """Add a line to the audit log, in the caller's transaction."""
    assert action in AUDIT_ACTIONS, action
    session.add(
        AuditEvent(actor=actor(), action=action, target=target, row_count=rows, detail=detail)
    )


def record(db: Database, action: str, target: str, rows: int, detail: str | None = None) -> None:
    """Add a line to the audit log in a transaction of its own."""
    with db.write() as session:
        audit(session, action, target, rows, detail)


def audit_events(
    db: Database, *, action: str | None = None, since: date | None = None
) -> list[AuditEntry]:
    """The log, oldest first; only one action, or only from a day on, if asked."""
    from sqlalchemy import select

    if action is not None and action not in AUDIT_ACTIONS:
        raise InputError(f"--action must be one of {', '.join(AUDIT_ACTIONS)}")
    query = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        from datetime import UTC, time

        query = query.where(AuditEvent.at >= datetime.combine(since, time(), tzinfo=UTC))
    with db.read() as session:
        return [
            AuditEntry(
                id=event.id,
                at=event.at,
                actor=event.actor,
                action=event.action,
                target=event.target,
                row_count=event.row_count,
                detail=event.detail,
            )
            for event in session.scalars(query)
        ]
