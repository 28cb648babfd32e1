"""Use cases for people: add, edit, list, show, rehire."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.fields import text_option
from retainkit.core.lookup import find_person, names_by_number
from retainkit.core.plan import after_person_change, replan_after
from retainkit.core.separations import SeparationRecord, separation_record
from retainkit.core.settings import load_settings
from retainkit.storage.database import now_of
from retainkit.storage.models import Person, Separation

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass(frozen=True)
class PersonRecord:
    """A person's fields (core.fields.PERSON_FIELDS, in that order) and status."""

    employee_no: str
    name: str
    email: str | None
    phone: str | None
    department: str | None
    title: str | None
    level: str | None
    manager_no: str | None
    location: str | None
    hire_date: date | None
    performance: int | None
    high_performer: bool
    salary: int | None
    preferred_channel: str | None
    contact_hours: str | None
    do_not_contact: bool
    notes: str | None
    status: str


@dataclass(frozen=True)
class PersonnelFile:
    """A person with their separations, oldest last day first."""

    person: PersonRecord
    separations: tuple[SeparationRecord, ...]


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        employee_no=person.employee_no,
        name=person.name,
        email=person.email,
        phone=person.phone,
        department=person.department,
        title=person.title,
        level=person.level,
        manager_no=person.manager_no,
        location=person.location,
        hire_date=person.hire_date,
        performance=person.performance,
        high_performer=person.high_performer,
        salary=person.salary,
        preferred_channel=person.preferred_channel,
        contact_hours=person.contact_hours,
        do_not_contact=person.do_not_contact,
        notes=person.notes,
        status=person.status,
    )


def add_person(db: Database, values: dict[str, Any], today: date) -> PersonRecord:
    from sqlalchemy import select

    with db.write() as session:
        taken = session.scalar(select(Person.id).where(Person.employee_no == values["employee_no"]))
        if taken is not None:
            raise InputError(
                f"employee number {values['employee_no']} exists already; "
                f"change it with: retainkit people edit {values['employee_no']}"
            )
        person = Person(**_with_defaults(values))
        session.add(person)
        session.flush()
        after_person_change(session, person.id, values, today)
        return person_record(person)


def _with_defaults(values: dict[str, Any]) -> dict[str, Any]:
    filled = dict(values)
    for flag in ("high_performer", "do_not_contact"):
        if filled.get(flag) is None:
            filled[flag] = False
    return filled


def update_person(
    db: Database, employee_no: str, changes: dict[str, Any], today: date
) -> PersonRecord:
    """Set the given fields; `None` clears a field, a missing key leaves it as it is."""
    if not changes:
        raise InputError("nothing to change; give the fields to change, like --department Sales")
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        for name, value in changes.items():
            if name in ("high_performer", "do_not_contact") and value is None:
                value = False
            setattr(person, name, value)
        if "salary" in changes:
            person.salary_months = None  # a yearly salary, not one converted from monthly pay
        after_person_change(session, person.id, changes, today)
        return person_record(person)


def add_note(db: Database, employee_no: str, note: str, today: date) -> PersonRecord:
    """Append a dated line to a person's notes."""
    text = text_option(note, "--add-note", 2000, False)
    if text is None:
        raise InputError("--add-note needs some text")
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        line = f"{today.isoformat()}: {text}"
        person.notes = f"{person.notes}\n{line}" if person.notes else line
        return person_record(person)


def get_person(db: Database, employee_no: str) -> PersonRecord:
    with db.read() as session:
        return person_record(find_person(session, employee_no))


def personnel_file(db: Database, employee_no: str) -> PersonnelFile:
    """The person and their separations, read in one transaction."""
    with db.read() as session:
        person = find_person(session, employee_no)
        return PersonnelFile(
            person_record(person),
            tuple(separation_record(s, person) for s in person.separations),
        )


def list_people(
    db: Database,
    *,
    department: str | None = None,
    status: str | None = None,
    level: str | None = None,
) -> list[PersonRecord]:
    from sqlalchemy import select

    query = select(Person).order_by(Person.employee_no)
    if department:
        query = query.where(Person.department == department)
    if status:
        query = query.where(Person.status == status)
    if level:
        query = query.where(Person.level == level)
    with db.read() as session:
        return [person_record(p) for p in session.scalars(query)]


def names_of(db: Database, numbers: Iterable[str | None]) -> dict[str, str]:
    """Who these employee numbers are, by number, for output that shows people by name."""
    with db.read() as session:
        return names_by_number(session, numbers)


def count_people(db: Database) -> int:
    from sqlalchemy import func, select

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def rehire(db: Database, employee_no: str, on: date, today: date) -> SeparationRecord:
    """A former employee returns; the separation stays in the history, marked rehired."""
    from sqlalchemy import select

    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        separation = session.scalars(
            select(Separation)
            .where(Separation.person_id == person.id, Separation.status == "open")
            .order_by(Separation.last_day.desc())
        ).first()
        if separation is None:
            raise InputError(f"{employee_no} has not left, so cannot be rehired")
        if on <= separation.last_day:
            raise InputError(
                f"the rehire date must be after the last day, {separation.last_day.isoformat()}"
            )
        separation.status = "rehired"
        separation.rehired_on = on
        person.status = "active"
        person.hire_date = on
        person.updated_at = now_of(session)
        cadence = load_settings(session).cadence
        replan_after(session, person.id, separation.id, "rehired", cadence, today)
        return separation_record(separation, person)
