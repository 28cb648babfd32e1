"""Keeping the contact plan in step with what was recorded.

Every service that changes people or separations calls these inside its own transaction,
so the plan is never out of step: a separation plans its contacts, do-not-contact and a
cancelled separation cancel them, a rehire or an edit brings stay interviews back. The
rules (what is due when) live in core.schedule; here they meet the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from retainkit.base.words import CONTACT_KIND_LABELS as KIND_LABELS
from retainkit.core.schedule import (
    Cadence,
    Leaver,
    Planned,
    following,
    leaver_priority,
    next_rehire_check,
    priority,
    separation_plan,
    stay_due,
)
from retainkit.core.settings import load_settings
from retainkit.storage.database import now_of
from retainkit.storage.models import FollowUp, Interview, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

AFTER_LEAVING = ("exit_interview", "first", "mid", "yearly_care", "rehire_check")
STAY_FIELDS = frozenset({"high_performer", "level", "hire_date"})
"""The fields of a person that decide whether they are due stay interviews."""


@dataclass(frozen=True)
class PlannedContact:
    """A contact of the plan (a FollowUp): what it is for and its due window."""

    id: int
    kind: str
    status: str
    due_from: date
    due_to: date

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def planned_contact(followup: FollowUp) -> PlannedContact:
    return PlannedContact(
        followup.id, followup.kind, followup.status, followup.due_from, followup.due_to
    )


def pool_member(rehire_pool: bool | None, regrettable: bool, rehire_eligible: bool) -> bool:
    """In the rehire pool: as put in or taken out by hand, else when the separation was
    regrettable and the person is eligible for rehire."""
    if rehire_pool is not None:
        return rehire_pool
    return regrettable and rehire_eligible


def in_rehire_pool(person: Person, separation: Separation | None) -> bool:
    if separation is None:
        return bool(person.rehire_pool)
    return pool_member(person.rehire_pool, separation.regrettable, separation.rehire_eligible)


def leaver_of(person: Person, separation: Separation) -> Leaver:
    return Leaver(
        last_day=separation.last_day,
        notice_date=separation.notice_date,
        kind=separation.kind,
        level=separation.level,
        performance=person.performance,
        regrettable=separation.regrettable,
        rehire_eligible=separation.rehire_eligible,
        in_rehire_pool=in_rehire_pool(person, separation),
    )


def planned_row(person_id: int, separation_id: int | None, planned: Planned, rank: int) -> FollowUp:
    return FollowUp(
        person_id=person_id,
        separation_id=separation_id,
        kind=planned.kind,
        due_from=planned.due_from,
        due_to=planned.due_to,
        priority=rank,
        status="planned",
    )


def plan_separation(
    session: Session, person: Person, separation: Separation, cadence: Cadence, today: date
) -> None:
    """Plan the contacts after a separation; a person with do-not-contact gets none."""
    cancel_planned(session, person_ids=[person.id], kinds=("stay_interview",), reason="left")
    if person.do_not_contact:
        return
    leaver = leaver_of(person, separation)
    rank = leaver_priority(leaver)
    session.add_all(
        planned_row(person.id, separation.id, planned, rank)
        for planned in separation_plan(leaver, cadence, today)
    )


def cancel_planned(
    session: Session,
    *,
    reason: str,
    person_ids: list[int] | None = None,
    separation_id: int | None = None,
    kinds: tuple[str, ...] | None = None,
) -> int:
    """Cancel planned contacts; they stay in the history, marked cancelled with the reason."""
    from sqlalchemy import update

    statement = (
        update(FollowUp)
        .where(FollowUp.status == "planned")
        .values(status="cancelled", reason=reason, updated_at=now_of(session))
        .execution_options(synchronize_session=False)
    )
    if person_ids is not None:
        statement = statement.where(FollowUp.person_id.in_(person_ids))
    if separation_id is not None:
        statement = statement.where(FollowUp.separation_id == separation_id)
    if kinds is not None:
        statement = statement.where(FollowUp.kind.in_(kinds))
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]


def cancel_for_do_not_contact(session: Session) -> int:
    """Everyone marked do-not-contact: their planned contacts after leaving are cancelled."""
    from sqlalchemy import select, update

    blocked = select(Person.id).where(Person.do_not_contact.is_(True))
    result = session.execute(
        update(FollowUp)
        .where(
            FollowUp.status == "planned",
            FollowUp.kind.in_(AFTER_LEAVING),
            FollowUp.person_id.in_(blocked),
        )
        .values(status="cancelled", reason="do not contact", updated_at=now_of(session))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def after_person_change(
    session: Session, person_id: int, changes: dict[str, Any], today: date
) -> None:
    """A person added or edited: do-not-contact cancels contacts after leaving, and a change
    of level, high performer or hire date can start or end stay interviews (the settings
    are read only then)."""
    if changes.get("do_not_contact"):
        cancel_planned(
            session, person_ids=[person_id], kinds=AFTER_LEAVING, reason="do not contact"
        )
    if STAY_FIELDS & set(changes) or not changes:
        session.flush()
        sync_stay_plan(session, load_settings(session).cadence, today, [person_id])


def replan_after(
    session: Session,
    person_id: int,
    separation_id: int,
    reason: str,
    cadence: Cadence,
    today: date,
) -> None:
    """A separation that no longer stands (cancelled, or the person was rehired): its
    contacts are cancelled with the reason, and stay interviews resume where due."""
    cancel_planned(session, separation_id=separation_id, reason=reason)
    session.flush()
    sync_stay_plan(session, cadence, today, [person_id])


PLAN_FACTS = frozenset({"kind", "notice_date", "regrettable", "rehire_eligible", "level"})
"""What a separation records that its planned contacts depend on."""


def replan_corrected(
    session: Session, person: Person, separation: Separation, cadence: Cadence, today: date
) -> None:
    """A separation whose facts were corrected (by a corrected import file): its planned
    contacts take the new priority, a planned exit interview opens on the new notice date,
    and the rehire check follows the rehire pool."""
    from sqlalchemy import update

    leaver = leaver_of(person, separation)
    planned = (
        update(FollowUp)
        .where(FollowUp.separation_id == separation.id, FollowUp.status == "planned")
        .execution_options(synchronize_session=False)
    )
    session.execute(planned.values(priority=leaver_priority(leaver)))
    on_last_day = separation_plan(leaver, cadence, separation.last_day)
    opens = next(p.due_from for p in on_last_day if p.kind == "exit_interview")
    session.execute(planned.where(FollowUp.kind == "exit_interview").values(due_from=opens))
    if leaver.in_rehire_pool:
        plan_rehire_check(session, person, separation, cadence, today)
    else:
        cancel_planned(
            session,
            separation_id=separation.id,
            kinds=("rehire_check",),
            reason="left the rehire pool",
        )


def plan_following(
    session: Session, followup: FollowUp, person: Person, cadence: Cadence, today: date
) -> PlannedContact | None:
    """After a yearly care or rehire check is settled: plan the next one, unless blocked."""
    if person.do_not_contact or followup.separation_id is None:
        return None
    separation = session.get(Separation, followup.separation_id)
    if separation is None or separation.status != "open":
        return None
    if followup.kind == "rehire_check" and not in_rehire_pool(person, separation):
        return None
    planned = following(
        Planned(followup.kind, followup.due_from, followup.due_to),
        separation.last_day,
        cadence,
        today,
    )
    if planned is None:
        return None
    return _added(session, planned_row(person.id, separation.id, planned, followup.priority))


def plan_rehire_check(
    session: Session, person: Person, separation: Separation, cadence: Cadence, today: date
) -> PlannedContact | None:
    """A former employee put in the rehire pool: their next rehire check, unless one is
    planned already or they are not to be contacted."""
    from sqlalchemy import select

    planned = session.scalar(
        select(FollowUp.id).where(
            FollowUp.person_id == person.id,
            FollowUp.kind == "rehire_check",
            FollowUp.status == "planned",
        )
    )
    if planned is not None or person.do_not_contact or not in_rehire_pool(person, separation):
        return None
    check = next_rehire_check(separation.last_day, cadence, after=today)
    if check is None:
        return None
    rank = leaver_priority(leaver_of(person, separation))
    return _added(session, planned_row(person.id, separation.id, check, rank))


def _added(session: Session, row: FollowUp) -> PlannedContact:
    session.add(row)
    session.flush()
    return planned_contact(row)


def sync_stay_plan(
    session: Session, cadence: Cadence, today: date, person_ids: list[int] | None = None
) -> None:
    """Keep exactly one planned stay interview for each active high performer or core person.

    `person_ids` limits the work to those people; None checks everyone (after an import).
    """
    from sqlalchemy import and_, func, not_, or_, select, update

    # coalesce: with a NULL level, NOT(eligible) would be NULL and match nobody
    eligible = and_(
        Person.status == "active",
        Person.forgotten_at.is_(None),  # an erased person is never contacted again
        or_(Person.high_performer.is_(True), func.coalesce(Person.level, "") == "core"),
    )
    stale = (
        update(FollowUp)
        .where(
            FollowUp.status == "planned",
            FollowUp.kind == "stay_interview",
            FollowUp.person_id.in_(select(Person.id).where(not_(eligible))),
        )
        .values(
            status="cancelled", reason="no longer due stay interviews", updated_at=now_of(session)
        )
        .execution_options(synchronize_session=False)
    )
    planned = select(FollowUp.person_id).where(
        FollowUp.status == "planned", FollowUp.kind == "stay_interview"
    )
    last_stay = (
        select(Interview.person_id, func.max(Interview.completed_at).label("last"))
        .where(Interview.kind == "stay", Interview.status == "completed")
        .group_by(Interview.person_id)
        .subquery()
    )
    query = (
        select(
            Person.id,
            Person.hire_date,
            Person.level,
            Person.performance,
            Person.high_performer,
            last_stay.c.last,
        )
        .outerjoin(last_stay, last_stay.c.person_id == Person.id)
        .where(eligible, Person.id.not_in(planned))
    )
    if person_ids is not None:
        stale = stale.where(FollowUp.person_id.in_(person_ids))
        query = query.where(Person.id.in_(person_ids))
    session.execute(stale)
    rows = []
    for person_id, hire_date, level, performance, high_performer, last in session.execute(query):
        planned_stay = stay_due(
            hire_date=hire_date,
            last_stay=last.date() if last is not None else None,
            cadence=cadence,
            today=today,
        )
        rank = priority(level=level, performance=performance, high_performer=high_performer)
        rows.append((person_id, planned_stay.due_from, planned_stay.due_to, rank))
    _insert_stay_rows(session, rows)


def _insert_stay_rows(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Bulk, because an import can make thousands of people due a stay interview at once."""
    from sqlalchemy import insert

    from retainkit.storage.bulk import executemany
    from retainkit.storage.models import table_of

    if not rows:
        return
    stamp = now_of(session)
    executemany(
        session.connection(),
        insert(table_of(FollowUp)),
        ["person_id", "due_from", "due_to", "priority"],
        rows,
        {
            "kind": "stay_interview",
            "status": "planned",
            "separation_id": None,
            "attempts": 0,
            "reason": None,
            "done_on": None,
            "created_at": stamp,
            "updated_at": stamp,
        },
    )
