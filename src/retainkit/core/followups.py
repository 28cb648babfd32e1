"""Use cases for the contacts of the plan: logging one, skipping, rescheduling, an interview
settling its planned contact, and a person's timeline.

What is due is core.agenda; keeping the plan in step with people and separations is
core.plan; the rules themselves are core.schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.base.vocab import CHANNELS
from retainkit.base.vocab import CONTACT_OUTCOMES as OUTCOMES
from retainkit.base.words import CONTACT_KIND_LABELS as KIND_LABELS
from retainkit.core.fields import choice_option, text_option
from retainkit.core.library import as_questionnaire
from retainkit.core.lookup import find_followup, find_person
from retainkit.core.plan import PlannedContact, plan_following, planned_contact, sync_stay_plan
from retainkit.core.schedule import Planned, after_outcome
from retainkit.core.settings import load_settings
from retainkit.storage.models import Contact, FollowUp, Interview, Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

REHIRE_INTEREST = ("yes", "maybe", "no")
QUESTIONNAIRE_KIND = {"followup-first": "first", "followup-mid": "mid"}


@dataclass(frozen=True)
class Logged:
    """What logging a contact did: its planned contact's new status, a retry, the next one."""

    contact_id: int
    followup_id: int | None
    status: str | None
    retry_on: date | None
    next_planned: PlannedContact | None


@dataclass(frozen=True)
class Skipped:
    skipped: PlannedContact
    next_planned: PlannedContact | None


@dataclass(frozen=True)
class TimelineEvent:
    """A contact that happened, or a planned contact not (yet) settled by one."""

    date: date
    id: int | None
    kind: str
    status: str
    channel: str | None
    conclusion: str | None
    note: str | None
    rehire_interest: str | None


def _resolve(session: Session, target: str) -> tuple[Person, FollowUp | None]:
    """CONTACT (a number, or #number) or PERSON (an employee number)."""
    from sqlalchemy import select

    text = target.strip()
    followup: FollowUp | None
    if text.startswith("#") and text[1:].isdigit():
        followup = find_followup(session, int(text[1:]), lock=True)
        return _person(session, followup.person_id), followup
    person = session.scalars(select(Person).where(Person.employee_no == text)).one_or_none()
    if text.isdigit() and len(text) <= 12:
        followup = session.get(FollowUp, int(text))
        if followup is not None and person is not None:
            raise InputError(
                f"{text} is both a contact number and an employee number; write #{text} for "
                "the contact"
            )
        if followup is not None:
            owner = _person(session, followup.person_id)
            return owner, find_followup(session, followup.id, lock=True)
    if person is None:
        person = find_person(session, text)  # raises the usual "no person" error
    followup = session.scalars(
        select(FollowUp)
        .where(FollowUp.person_id == person.id, FollowUp.status == "planned")
        .order_by(FollowUp.due_from, FollowUp.id)
        .with_for_update()
    ).first()
    return person, followup


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    assert person is not None  # a foreign key
    return person


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
        status: str | None = None
        retry_on: date | None = None
        next_planned: PlannedContact | None = None
        if followup is not None:
            cadence = load_settings(session).cadence
            planned = Planned(followup.kind, followup.due_from, followup.due_to)
            result = after_outcome(planned, followup.attempts, outcome, cadence, today)
            followup.status = status = result.status
            followup.attempts = result.attempts
            followup.due_from, followup.due_to = result.planned.due_from, result.planned.due_to
            if result.status == "planned":
                retry_on = result.planned.due_from
            else:
                followup.done_on = today
                next_planned = plan_following(session, followup, person, cadence, today)
        session.flush()
        return Logged(contact.id, followup.id if followup else None, status, retry_on, next_planned)


def skip(db: Database, followup_id: int, why: str, today: date) -> Skipped:
    reason = text_option(why, "--why", 2000, True)
    if not reason:
        raise InputError("say why the contact is skipped: --why TEXT")
    with db.write() as session:
        followup = find_followup(session, followup_id, lock=True)
        if followup.status != "planned":
            raise InputError(f"contact {followup_id} is {followup.status}, not planned")
        followup.status = "skipped"
        followup.reason = reason
        followup.done_on = today
        person = _person(session, followup.person_id)
        cadence = load_settings(session).cadence
        following = plan_following(session, followup, person, cadence, today)
        return Skipped(planned_contact(followup), following)


def reschedule(db: Database, followup_id: int, to: date, today: date) -> PlannedContact:
    if to < today:
        raise InputError("--to must be today or later")
    with db.write() as session:
        followup = find_followup(session, followup_id, lock=True)
        if followup.status != "planned":
            raise InputError(f"contact {followup_id} is {followup.status}, not planned")
        window = followup.due_to - followup.due_from
        followup.due_from, followup.due_to = to, to + window
        return planned_contact(followup)


def record_interview(session: Session, interview: Interview, outcome: str, today: date) -> None:
    """An interview that was held (or declined) settles its planned contact."""
    from sqlalchemy import select

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
        sync_stay_plan(session, load_settings(session).cadence, today, [interview.person_id])


def record_form_sent(session: Session, person_id: int, form_id: int, kind: str, today: date) -> int:
    """A written questionnaire form mailed to the person: a contact by email in their
    history, settling no planned contact (the interview it brings back does that)."""
    contact = Contact(
        person_id=person_id,
        contacted_on=today,
        outcome="reached",
        channel="email",
        conclusion=f"{kind} questionnaire form {form_id} sent by email",
    )
    session.add(contact)
    session.flush()
    return contact.id


def _channel_of(mode: str | None) -> str | None:
    return {"in_person": "in_person", "phone": "phone", "video": "chat"}.get(mode or "")


def _rehire_interest(interview: Interview) -> str | None:
    answer = next((a for a in interview.answers if a.question_key == "would_return"), None)
    if answer is not None and answer.value in REHIRE_INTEREST:
        return str(answer.value)
    return None


def timeline(db: Database, employee_no: str) -> list[TimelineEvent]:
    """Past and future contacts of a person, oldest first: the plan and what happened."""
    from sqlalchemy import select

    with db.read() as session:
        person = find_person(session, employee_no)
        followups = session.scalars(select(FollowUp).where(FollowUp.person_id == person.id)).all()
        contacts = session.scalars(select(Contact).where(Contact.person_id == person.id)).all()
        logged = {c.followup_id for c in contacts if c.followup_id is not None}
        events = [
            TimelineEvent(
                c.contacted_on, c.followup_id, "contact", c.outcome, c.channel, c.conclusion,
                c.note, c.rehire_interest,
            )
            for c in contacts
        ] + [
            TimelineEvent(
                f.done_on or f.due_from, f.id, KIND_LABELS[f.kind], f.status, None, f.reason,
                f"due {f.due_from.isoformat()} to {f.due_to.isoformat()}", None,
            )
            for f in followups
            if f.status == "planned" or f.id not in logged  # else its contacts tell the story
        ]  # fmt: skip
    events.sort(key=lambda e: (e.date, 0 if e.kind == "contact" else 1))
    return events
