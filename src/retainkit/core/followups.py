"""Use cases for the contact plan: planning, the due list, logging contacts, the timeline.

The rules live in core.schedule; here they meet the database. Changes to people and
separations call the planning functions inside their own transaction, so the plan is
never out of step with what was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.base.vocab import CHANNELS
from retainkit.base.vocab import CONTACT_OUTCOMES as OUTCOMES
from retainkit.base.words import CONTACT_KIND_LABELS as KIND_LABELS
from retainkit.core.fields import choice_option, text_option
from retainkit.core.people import find_person
from retainkit.core.schedule import (
    Cadence,
    Leaver,
    Planned,
    after_outcome,
    following,
    leaver_priority,
    priority,
    separation_plan,
    stay_due,
)
from retainkit.core.settings import load_cadence
from retainkit.storage.database import now_of
from retainkit.storage.models import Contact, FollowUp, Interview, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

REHIRE_INTEREST = ("yes", "maybe", "no")
AFTER_LEAVING = ("exit_interview", "first", "mid", "yearly_care", "rehire_check")
QUESTIONNAIRE_KIND = {"followup-first": "first", "followup-mid": "mid"}


def in_rehire_pool(person: Person, separation: Separation | None) -> bool:
    if person.rehire_pool is not None:
        return person.rehire_pool
    return bool(separation and separation.regrettable and separation.rehire_eligible)


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


def plan_separation(
    session: Session, person: Person, separation: Separation, cadence: Cadence, today: date
) -> list[FollowUp]:
    """Plan the contacts after a separation; a person with do-not-contact gets none."""
    cancel_planned(session, person_ids=[person.id], kinds=("stay_interview",), reason="left")
    if person.do_not_contact:
        return []
    leaver = leaver_of(person, separation)
    rank = leaver_priority(leaver)
    rows = [
        planned_row(person.id, separation.id, planned, rank)
        for planned in separation_plan(leaver, cadence, today)
    ]
    session.add_all(rows)
    return rows


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


def record_interview(session: Session, interview: Interview, outcome: str, today: date) -> None:
    """An interview that was held (or declined) settles its planned contact."""
    from sqlalchemy import select

    from retainkit.core.library import as_questionnaire

    if interview.kind == "exit":
        kinds: tuple[str, ...] = ("exit_interview",)
    elif interview.kind == "stay":
        kinds = ("stay_interview",)
    else:
        key = as_questionnaire(interview.questionnaire).key
        kinds = (
            (QUESTIONNAIRE_KIND[key],)
            if key in QUESTIONNAIRE_KIND
            else ("first", "mid", "yearly_care")
        )
    followup = session.scalars(
        select(FollowUp)
        .where(
            FollowUp.person_id == interview.person_id,
            FollowUp.status == "planned",
            FollowUp.kind.in_(kinds),
        )
        .order_by(FollowUp.due_from)
        .with_for_update()
    ).first()
    if interview.kind == "followup":
        session.add(
            Contact(
                person_id=interview.person_id,
                followup_id=followup.id if followup else None,
                interview_id=interview.id,
                contacted_on=today,
                outcome="reached" if outcome == "done" else "declined",
                channel=_channel_of(interview.mode),
                conclusion=f"{interview.kind} interview {interview.id}",
                rehire_interest=_rehire_interest(interview),
            )
        )
    if followup is not None:
        followup.status = outcome
        followup.done_on = today
        followup.attempts += 1
    if interview.kind == "stay":
        session.flush()
        sync_stay_plan(session, load_cadence(session), today, [interview.person_id])


def _channel_of(mode: str | None) -> str | None:
    return {"in_person": "in_person", "phone": "phone", "video": "chat"}.get(mode or "")


def _rehire_interest(interview: Interview) -> str | None:
    answer = next((a for a in interview.answers if a.question_key == "would_return"), None)
    if answer is not None and answer.value in REHIRE_INTEREST:
        return str(answer.value)
    return None


# -- the due list --------------------------------------------------------------------------


def due(
    db: Database, *, today: date, within: int = 7, kinds: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Planned contacts due within `within` days plus everything overdue, most important
    first, then most overdue."""
    from sqlalchemy import select

    if within < 0 or within > 3650:
        raise InputError("--within must be 0 to 3650 days")
    horizon = today + timedelta(days=within)
    last_conclusion = (
        select(Contact.conclusion)
        .where(Contact.person_id == FollowUp.person_id, Contact.conclusion.is_not(None))
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
        .limit(1)
        .correlate(FollowUp)
        .scalar_subquery()
    )
    query = (
        select(
            FollowUp.id, Person.employee_no, Person.name, FollowUp.kind, FollowUp.due_from,
            FollowUp.due_to, FollowUp.priority, FollowUp.attempts, Person.preferred_channel,
            Person.contact_hours, last_conclusion,
        )
        .join(Person, Person.id == FollowUp.person_id)
        .where(FollowUp.status == "planned", FollowUp.due_from <= horizon)
        .order_by(FollowUp.priority.desc(), FollowUp.due_to, FollowUp.id)
    )  # fmt: skip
    if kinds:
        query = query.where(FollowUp.kind.in_(kinds))
    with db.read() as session:  # one transaction: one consistent picture
        rows = session.connection().execute(query).all()  # plain rows; no ORM loading
        extra = [] if kinds else loop_items(session, today)
    contacts = [
        {
            "id": row[0],
            "employee_no": row[1],
            "name": row[2],
            "kind": KIND_LABELS[row[3]],
            "due_from": row[4],
            "due_to": row[5],
            "overdue_days": max(0, (today - row[5]).days),
            "priority": row[6],
            "attempts": row[7],
            "channel": row[8],
            "contact_hours": row[9],
            "last_conclusion": row[10],
            "owner": None,
        }
        for row in rows
    ]
    if kinds:
        return contacts
    return sorted(contacts + extra, key=lambda r: (-r["priority"], r["due_to"], str(r["id"])))


URGENT_ACTION_PRIORITY = 100
OVERDUE_ACTION_PRIORITY = 90
HANDOVER_PRIORITY = 80


def loop_items(session: Session, today: date) -> list[dict[str, Any]]:
    """Urgent or overdue action items (A12) and open handovers after the last day (H5)."""
    from retainkit.core.actions import actions_due, open_handovers

    rows = []
    for action in actions_due(session, today):
        due_to = action["due_date"] or today
        rows.append({
            "id": f"A{action['id']}", "employee_no": None, "name": action["title"],
            "kind": "urgent action" if action["urgent"] else "overdue action",
            "due_from": due_to, "due_to": due_to,
            "overdue_days": max(0, (today - due_to).days),
            "priority": URGENT_ACTION_PRIORITY if action["urgent"] else OVERDUE_ACTION_PRIORITY,
            "attempts": 0, "channel": None, "contact_hours": None,
            "last_conclusion": action["escalation"] and f"escalation: {action['escalation']}",
            "owner": action["owner"],
        })  # fmt: skip
    for open_one in open_handovers(session, today):
        rows.append({
            "id": f"H{open_one['separation']}", "employee_no": open_one["employee_no"],
            "name": open_one["name"], "kind": "handover", "due_from": open_one["last_day"],
            "due_to": open_one["last_day"],
            "overdue_days": (today - open_one["last_day"]).days, "priority": HANDOVER_PRIORITY,
            "attempts": 0, "channel": None, "contact_hours": None,
            "last_conclusion": f"{open_one['open_items']} handover items open", "owner": None,
        })  # fmt: skip
    return rows


# -- logging, skipping, rescheduling -------------------------------------------------------


@dataclass
class Logged:
    contact_id: int
    followup_id: int | None
    status: str | None
    retry_on: date | None
    next_planned: str | None


def _find_followup(session: Session, followup_id: int) -> FollowUp:
    from sqlalchemy import select

    followup = session.scalars(
        select(FollowUp).where(FollowUp.id == followup_id).with_for_update()
    ).one_or_none()
    if followup is None:
        raise NotFound(f"no planned contact {followup_id}; see: retainkit followup due")
    return followup


def _resolve(session: Session, target: str) -> tuple[Person, FollowUp | None]:
    """CONTACT (a number, or #number) or PERSON (an employee number)."""
    from sqlalchemy import select

    text = target.strip()
    followup: FollowUp | None
    if text.startswith("#") and text[1:].isdigit():
        followup = _find_followup(session, int(text[1:]))
        person = session.get(Person, followup.person_id)
        assert person is not None
        return person, followup
    person = session.scalars(select(Person).where(Person.employee_no == text)).one_or_none()
    if text.isdigit() and len(text) <= 12:
        followup = session.get(FollowUp, int(text))
        if followup is not None and person is not None:
            raise InputError(
                f"{text} is both a contact number and an employee number; write #{text} for "
                "the contact"
            )
        if followup is not None:
            owner = session.get(Person, followup.person_id)
            assert owner is not None
            return owner, _find_followup(session, followup.id)
    if person is None:
        person = find_person(session, text)  # raises the usual "no person" error
    followup = session.scalars(
        select(FollowUp)
        .where(FollowUp.person_id == person.id, FollowUp.status == "planned")
        .order_by(FollowUp.due_from, FollowUp.id)
        .with_for_update()
    ).first()
    return person, followup


def log_contact(
    db: Database,
    target: str,
    *,
    outcome: str,
    today: date,
    channel: str | None = None,
    note: str | None = None,
    conclusion: str | None = None,
    rehire_interest: str | None = None,
) -> Logged:
    outcome = choice_option(outcome, OUTCOMES, "--outcome") or ""
    channel = choice_option(channel, CHANNELS, "--channel")
    interest = choice_option(rehire_interest, REHIRE_INTEREST, "--rehire-interest")
    note = text_option(note, "--note", 4000, True)
    conclusion = text_option(conclusion, "--conclusion", 200, False)
    with db.write() as session:
        person, followup = _resolve(session, target)
        if followup is not None and followup.status != "planned":
            raise InputError(
                f"contact {followup.id} is {followup.status}, not planned; see: retainkit "
                f"followup plan {person.employee_no}"
            )
        contact = Contact(
            person_id=person.id,
            followup_id=followup.id if followup else None,
            contacted_on=today,
            outcome=outcome,
            channel=channel or person.preferred_channel,
            note=note,
            conclusion=conclusion,
            rehire_interest=interest,
        )
        session.add(contact)
        logged = Logged(0, followup.id if followup else None, None, None, None)
        if followup is not None:
            cadence = load_cadence(session)
            planned = Planned(followup.kind, followup.due_from, followup.due_to)
            result = after_outcome(planned, followup.attempts, outcome, cadence, today)
            followup.status = result.status
            followup.attempts = result.attempts
            followup.due_from, followup.due_to = result.planned.due_from, result.planned.due_to
            if result.status != "planned":
                followup.done_on = today
            else:
                logged.retry_on = result.planned.due_from
            logged.status = result.status
            if result.status != "planned":
                logged.next_planned = _plan_following(session, followup, person, cadence, today)
        session.flush()
        logged.contact_id = contact.id
    return logged


def _plan_following(
    session: Session, followup: FollowUp, person: Person, cadence: Cadence, today: date
) -> str | None:
    """After a yearly care or rehire check: plan the next one, unless blocked."""
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
    row = planned_row(person.id, separation.id, planned, followup.priority)
    session.add(row)
    session.flush()
    return f"{row.id}: {KIND_LABELS[row.kind]} from {row.due_from.isoformat()}"


def skip(db: Database, followup_id: int, why: str, today: date) -> tuple[FollowUp, str | None]:
    reason = text_option(why, "--why", 2000, True)
    if not reason:
        raise InputError("say why the contact is skipped: --why TEXT")
    with db.write() as session:
        followup = _find_followup(session, followup_id)
        if followup.status != "planned":
            raise InputError(f"contact {followup_id} is {followup.status}, not planned")
        followup.status = "skipped"
        followup.reason = reason
        followup.done_on = today
        person = session.get(Person, followup.person_id)
        assert person is not None
        following_one = _plan_following(session, followup, person, load_cadence(session), today)
    return followup, following_one


def reschedule(db: Database, followup_id: int, to: date, today: date) -> FollowUp:
    if to < today:
        raise InputError("--to must be today or later")
    with db.write() as session:
        followup = _find_followup(session, followup_id)
        if followup.status != "planned":
            raise InputError(f"contact {followup_id} is {followup.status}, not planned")
        window = followup.due_to - followup.due_from
        followup.due_from, followup.due_to = to, to + window
    return followup


# -- the timeline --------------------------------------------------------------------------


def timeline(db: Database, employee_no: str) -> list[dict[str, Any]]:
    """Past and future contacts of a person, oldest first: the plan and what happened."""
    from sqlalchemy import select

    with db.read() as session:
        person = find_person(session, employee_no)
        followups = session.scalars(select(FollowUp).where(FollowUp.person_id == person.id)).all()
        contacts = session.scalars(select(Contact).where(Contact.person_id == person.id)).all()
    logged = {c.followup_id for c in contacts if c.followup_id is not None}
    events: list[dict[str, Any]] = []
    for contact in contacts:
        events.append(
            {
                "date": contact.contacted_on,
                "id": contact.followup_id,
                "kind": "contact",
                "status": contact.outcome,
                "channel": contact.channel,
                "conclusion": contact.conclusion,
                "note": contact.note,
                "rehire_interest": contact.rehire_interest,
            }
        )
    for followup in followups:
        if followup.status != "planned" and followup.id in logged:
            continue  # its contacts tell what happened
        events.append(
            {
                "date": followup.done_on or followup.due_from,
                "id": followup.id,
                "kind": KIND_LABELS[followup.kind],
                "status": followup.status,
                "channel": None,
                "conclusion": followup.reason,
                "note": f"due {followup.due_from.isoformat()} to {followup.due_to.isoformat()}",
                "rehire_interest": None,
            }
        )
    events.sort(key=lambda e: (e["date"], 0 if e["kind"] == "contact" else 1))
    return events
