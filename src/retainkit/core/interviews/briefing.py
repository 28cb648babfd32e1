"""The briefing an interview's header gives the interviewer, so nobody is asked the same
thing twice: the person's earlier interviews with the reasons they gave and their risk,
earlier separations, the last follow-up's conclusion, the actions promised to or about
them and what came of them, and HR's notes on the person.

Lists come newest (or still open) first, at most BRIEF_MOST of each, with how many there
are in all: the terminal shows as many as fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.storage.models import (
    ActionItem,
    Contact,
    Interview,
    Person,
    Separation,
    StatedReason,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BRIEF_MOST = 5
"""The most items of each list a briefing carries."""
OPEN_ACTION = ("open", "in_progress")


@dataclass(frozen=True)
class Earlier:
    """An earlier interview or separation of the person."""

    day: date
    what: str  # "interview" or "separation"
    id: int
    kind: str
    status: str
    retention_risk: str | None = None
    primary: str | None = None
    """The primary reason code: stated at an interview, or recorded on a separation by
    the HR system."""
    contributing: tuple[str, ...] = ()


@dataclass(frozen=True)
class PromisedAction:
    """An action item raised from the person's interviews or about their separation."""

    id: int
    title: str
    status: str
    due_date: date | None
    done_on: date | None
    outcome: str | None


@dataclass(frozen=True)
class Briefing:
    earlier: tuple[Earlier, ...] = ()
    earlier_total: int = 0
    last_followup: tuple[date, str] | None = None
    """The day and conclusion of the last contact that recorded one."""
    actions: tuple[PromisedAction, ...] = ()
    actions_total: int = 0
    notes: str | None = None
    """HR's notes on the person (`people edit --notes`)."""


def brief(session: Session, person: Person, current: Separation | None) -> Briefing:
    """What the interviewer should know before an interview with `person` (about the
    `current` separation, which the header shows itself)."""
    interviews = _interviews(session, person)
    separations = [s for s in person.separations if current is None or s.id != current.id]
    earlier = sorted(
        [*interviews, *(_separation(s) for s in separations)],
        key=lambda e: (e.day, e.what == "interview", e.id),
        reverse=True,
    )
    actions = _actions(session, person)
    return Briefing(
        earlier=tuple(earlier[:BRIEF_MOST]),
        earlier_total=len(earlier),
        last_followup=_last_followup(session, person),
        actions=tuple(actions[:BRIEF_MOST]),
        actions_total=len(actions),
        notes=person.notes,
    )


def _interviews(session: Session, person: Person) -> list[Earlier]:
    from sqlalchemy import select

    found = session.scalars(
        select(Interview).where(Interview.person_id == person.id, Interview.status != "draft")
    ).all()
    reasons: dict[int, list[StatedReason]] = {}
    if found:
        for reason in session.scalars(
            select(StatedReason)
            .where(StatedReason.interview_id.in_([i.id for i in found]))
            .order_by(StatedReason.code)
        ):
            reasons.setdefault(reason.interview_id, []).append(reason)
    earlier = []
    for interview in found:
        stated = reasons.get(interview.id, [])
        earlier.append(
            Earlier(
                day=(interview.completed_at or interview.started_at).date(),
                what="interview",
                id=interview.id,
                kind=interview.kind,
                status=interview.status,
                retention_risk=interview.retention_risk,
                primary=next((r.code for r in stated if r.is_primary), None),
                contributing=tuple(r.code for r in stated if not r.is_primary),
            )
        )
    return earlier


def _separation(separation: Separation) -> Earlier:
    recorded = separation.recorded_reasons
    return Earlier(
        day=separation.last_day,
        what="separation",
        id=separation.id,
        kind=separation.kind,
        status=separation.status,
        primary=next((r.code for r in recorded if r.is_primary), None),
        contributing=tuple(r.code for r in recorded if not r.is_primary),
    )


def _actions(session: Session, person: Person) -> list[PromisedAction]:
    from sqlalchemy import or_, select

    interview_ids = select(Interview.id).where(Interview.person_id == person.id)
    separation_ids = select(Separation.id).where(Separation.person_id == person.id)
    items = session.scalars(
        select(ActionItem).where(
            or_(
                ActionItem.interview_id.in_(interview_ids),
                ActionItem.separation_id.in_(separation_ids),
            )
        )
    ).all()
    still_open = sorted(
        (a for a in items if a.status in OPEN_ACTION),
        key=lambda a: (a.due_date or date.max, a.id),
    )
    closed = sorted(
        (a for a in items if a.status not in OPEN_ACTION),
        key=lambda a: (a.done_on or date.min, a.id),
        reverse=True,
    )
    return [
        PromisedAction(a.id, a.title, a.status, a.due_date, a.done_on, a.outcome or a.drop_reason)
        for a in [*still_open, *closed]
    ]


def _last_followup(session: Session, person: Person) -> tuple[date, str] | None:
    from sqlalchemy import select

    contact = session.scalars(
        select(Contact)
        .where(Contact.person_id == person.id, Contact.conclusion.is_not(None))
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
        .limit(1)
    ).first()
    if contact is None or contact.conclusion is None:
        return None
    return contact.contacted_on, contact.conclusion
