"""Use cases for separations: depart, list, show, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from retainkit.base.errors import InputError
from retainkit.base.vocab import SEPARATION_KINDS
from retainkit.core.fields import employee_no_argument, text_option
from retainkit.core.handover import checklist
from retainkit.core.lookup import find_person, find_separation
from retainkit.core.plan import plan_separation, replan_after
from retainkit.core.settings import load_settings
from retainkit.storage.database import now_of
from retainkit.storage.models import Person, Separation

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass(frozen=True)
class SeparationRecord:
    """A separation with its person's number and name, as listings show it."""

    id: int
    employee_no: str
    name: str
    status: str
    kind: str
    last_day: date
    notice_date: date | None
    regrettable: bool
    rehire_eligible: bool
    department: str | None
    title: str | None
    level: str | None
    manager_no: str | None
    hire_date: date | None
    cancel_reason: str | None
    rehired_on: date | None
    primary_reason: str | None
    """The reasons recorded on the separation (by `separation import`); an exit
    interview's stated reasons are its own."""
    contributing_reasons: str | None
    """Codes separated by "; ", as an import file writes them."""
    note: str | None
    retention_decision: str | None = None
    """How a chance to keep the person ended: retained (withdrawn) or left."""
    decided_on: date | None = None
    decision_note: str | None = None


def separation_record(separation: Separation, person: Person) -> SeparationRecord:
    reasons = separation.recorded_reasons
    contributing = [r.code for r in reasons if not r.is_primary]
    return SeparationRecord(
        id=separation.id,
        employee_no=person.employee_no,
        name=person.name,
        status=separation.status,
        kind=separation.kind,
        last_day=separation.last_day,
        notice_date=separation.notice_date,
        regrettable=separation.regrettable,
        rehire_eligible=separation.rehire_eligible,
        department=separation.department,
        title=separation.title,
        level=separation.level,
        manager_no=separation.manager_no,
        hire_date=separation.hire_date,
        cancel_reason=separation.cancel_reason,
        rehired_on=separation.rehired_on,
        primary_reason=next((r.code for r in reasons if r.is_primary), None),
        contributing_reasons="; ".join(contributing) or None,
        note=separation.note,
        retention_decision=separation.retention_decision,
        decided_on=separation.decided_on,
        decision_note=separation.decision_note,
    )


class Performer(Protocol):
    """What the regrettable default reads of a person."""

    @property
    def high_performer(self) -> bool: ...

    @property
    def performance(self) -> int | None: ...


def default_regrettable(kind: str, person: Performer) -> bool:
    """A voluntary leaver who performed well is a loss the organisation regrets."""
    return kind == "voluntary" and (person.high_performer or (person.performance or 0) >= 4)


def default_rehire_eligible(kind: str) -> bool:
    """Everyone may come back except people dismissed for performance or conduct."""
    return kind != "involuntary"


def depart(
    db: Database,
    employee_no: str,
    *,
    last_day: date,
    kind: str,
    notice_date: date | None = None,
    regrettable: bool | None = None,
    rehire_eligible: bool | None = None,
    today: date,
) -> SeparationRecord:
    """Record a departure, plan the contacts that follow it, start its handover checklist."""
    from sqlalchemy import select

    if kind not in SEPARATION_KINDS:
        raise InputError(f"--kind must be one of {', '.join(SEPARATION_KINDS)}")
    if notice_date is not None and notice_date > last_day:
        raise InputError("the notice date must be on or before the last day")
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        open_one = session.scalar(
            select(Separation).where(Separation.person_id == person.id, Separation.status == "open")
        )
        if open_one is not None:
            raise InputError(
                f"{person.employee_no} has already left (separation {open_one.id}, last day "
                f"{open_one.last_day.isoformat()}); to correct it: "
                f"retainkit separation cancel {open_one.id} --why TEXT"
            )
        if person.hire_date is not None and last_day < person.hire_date:
            raise InputError(
                f"the last day is before the hire date, {person.hire_date.isoformat()}"
            )
        separation = Separation(
            person_id=person.id,
            kind=kind,
            last_day=last_day,
            notice_date=notice_date,
            regrettable=(default_regrettable(kind, person) if regrettable is None else regrettable),
            rehire_eligible=(
                default_rehire_eligible(kind) if rehire_eligible is None else rehire_eligible
            ),
            department=person.department,
            title=person.title,
            level=person.level,
            manager_no=person.manager_no,
            hire_date=person.hire_date,
        )
        session.add(separation)
        person.status = "departed"
        person.updated_at = now_of(session)
        session.flush()
        settings = load_settings(session)
        plan_separation(session, person, separation, settings.cadence, today)
        checklist(session, separation.id, settings.handover_items)
        return separation_record(separation, person)


def get_separation(db: Database, separation_id: int) -> SeparationRecord:
    with db.read() as session:
        separation = find_separation(session, separation_id)
        return separation_record(separation, separation.person)


def list_separations(
    db: Database,
    *,
    status: str | None = None,
    kind: str | None = None,
    department: str | None = None,
    person: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SeparationRecord]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    query = (
        select(Separation, Person)
        .join(Person, Person.id == Separation.person_id)
        .options(selectinload(Separation.recorded_reasons))
        .order_by(Separation.last_day.desc(), Separation.id.desc())
    )
    if status:
        query = query.where(Separation.status == status)
    if kind:
        query = query.where(Separation.kind == kind)
    if department:
        query = query.where(Separation.department == department)
    if person:
        query = query.where(Person.employee_no == employee_no_argument(person))
    if since:
        query = query.where(Separation.last_day >= since)
    if until:
        query = query.where(Separation.last_day <= until)
    with db.read() as session:
        return [separation_record(s, p) for s, p in session.execute(query)]


def cancel_separation(db: Database, separation_id: int, why: str, today: date) -> SeparationRecord:
    """A separation recorded by mistake: kept, marked cancelled, and the person is active."""
    from sqlalchemy import select

    reason = text_option(why, "--why", 2000, False)
    if not reason:
        raise InputError("say why the separation is cancelled: --why TEXT")
    with db.write() as session:
        separation = find_separation(session, separation_id, lock=True)
        if separation.status != "open":
            raise InputError(f"separation {separation_id} is {separation.status}, not open")
        separation.status = "cancelled"
        separation.cancel_reason = reason
        separation.cancelled_at = now_of(session)
        person = session.scalars(
            select(Person).where(Person.id == separation.person_id).with_for_update()
        ).one()
        person.status = "active"
        person.updated_at = now_of(session)
        cadence = load_settings(session).cadence
        replan_after(session, person.id, separation.id, "separation cancelled", cadence, today)
        return separation_record(separation, person)
