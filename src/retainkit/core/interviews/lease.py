"""One terminal per draft: a live interview holds its draft with a lease, so a second
terminal cannot resume it and answer the same questions at the same time.

The terminal renews the lease while it is open; the lease ends when the interview is
finished or interrupted, when the terminal's process is gone (the caller says how to tell),
or LEASE_SECONDS after it was last renewed (a terminal on another machine that died).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from retainkit.core.interviews.refusal import Refusal
from retainkit.storage.database import now_of
from retainkit.storage.models import Interview

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

LEASE_SECONDS = 90
"""How long a lease lasts without being renewed; the terminal renews it every
RENEW_SECONDS while it waits for an answer."""
RENEW_SECONDS = 20

Alive = Callable[[str], bool]
"""Whether the terminal that holds a lease (its holder text) may still be there."""


class LeaseError(Refusal):
    """The draft is another terminal's."""


def take(interview: Interview, holder: str, alive: Alive) -> None:
    """Give the draft to `holder`, unless another terminal holds it: LeaseError."""
    session_now = now_of(_session_of(interview))
    other = interview.lease_holder
    if other and other != holder and interview.lease_seen is not None:
        left = interview.lease_seen + timedelta(seconds=LEASE_SECONDS) - session_now
        if left > timedelta(0) and alive(other):
            raise LeaseError(
                "held_elsewhere",
                id=interview.id,
                where=other.rsplit(" ", 1)[0],
                seen=f"{interview.lease_seen:%H:%M:%S}",
                seconds=int(left.total_seconds()) + 1,
            )
    interview.lease_holder = holder
    interview.lease_seen = session_now


def check(interview: Interview, holder: str | None) -> None:
    """Before a change by the terminal `holder`: it must still hold the draft (renewed)."""
    if holder is None:
        return
    if interview.lease_holder not in (None, holder):
        raise LeaseError(
            "taken_over", id=interview.id, where=interview.lease_holder.rsplit(" ", 1)[0]
        )
    interview.lease_holder = holder
    interview.lease_seen = now_of(_session_of(interview))


def renew(db: Database, interview_id: int, holder: str) -> None:
    """The terminal is still there (a draft taken over meanwhile is left to its new one)."""
    with db.write() as session:
        interview = session.get(Interview, interview_id, with_for_update=True)
        if interview and interview.status == "draft" and interview.lease_holder == holder:
            interview.lease_seen = now_of(session)


def release(db: Database, interview_id: int, holder: str) -> None:
    """The terminal lets go of the draft (interrupted, or finished)."""
    with db.write() as session:
        interview = session.get(Interview, interview_id, with_for_update=True)
        if interview is not None and interview.lease_holder == holder:
            interview.lease_holder = interview.lease_seen = None


def _session_of(interview: Interview) -> Session:
    from sqlalchemy.orm import object_session

    session = object_session(interview)
    assert session is not None, "a lease is taken on an interview of an open session"
    return session
