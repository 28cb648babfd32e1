"""Use cases for people: add, edit, list, show, rehire."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.core.fields import PERSON_FIELDS, parse_employee_no, text_option
from retainkit.storage.database import now_of
from retainkit.storage.models import Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


def employee_no_argument(raw: str) -> str:
    """An employee number given on the command line, checked for its form."""
    try:
        value = parse_employee_no(raw)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if value is None:
        raise InputError("give an employee number, like E1024")
    return value


def find_person(session: Session, employee_no: str, *, lock: bool = False) -> Person:
    """The person with this employee number; `lock` holds the row until the transaction ends."""
    from sqlalchemy import select

    query = select(Person).where(Person.employee_no == employee_no_argument(employee_no))
    if lock:
        query = query.with_for_update()
    person = session.scalars(query).one_or_none()
    if person is None:
        raise NotFound(f"no person with employee number {employee_no}; see: retainkit people list")
    return person


def add_person(db: Database, values: dict[str, Any], today: date) -> Person:
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
        _keep_plan(session, person, values, today)
    return person


def _keep_plan(session: Session, person: Person, changes: dict[str, Any], today: date) -> None:
    """Changes that touch the contact plan: do-not-contact, and who is due stay interviews."""
    from retainkit.core.followups import AFTER_LEAVING, cancel_planned, sync_stay_plan
    from retainkit.core.settings import load_cadence

    if changes.get("do_not_contact"):
        cancel_planned(
            session, person_ids=[person.id], kinds=AFTER_LEAVING, reason="do not contact"
        )
    if {"high_performer", "level", "hire_date"} & set(changes) or not changes:
        session.flush()
        sync_stay_plan(session, load_cadence(session), today, [person.id])


def _with_defaults(values: dict[str, Any]) -> dict[str, Any]:
    filled = dict(values)
    for flag in ("high_performer", "do_not_contact"):
        if filled.get(flag) is None:
            filled[flag] = False
    return filled


def update_person(db: Database, employee_no: str, changes: dict[str, Any], today: date) -> Person:
    """Set the given fields; `None` clears a field, a missing key leaves it as it is."""
    if not changes:
        raise InputError("nothing to change; give the fields to change, like --department Sales")
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        for name, value in changes.items():
            if name in ("high_performer", "do_not_contact") and value is None:
                value = False
            setattr(person, name, value)
        _keep_plan(session, person, changes, today)
    return person


def add_note(db: Database, employee_no: str, note: str, today: date) -> Person:
    """Append a dated line to a person's notes."""
    text = text_option(note, "--add-note", 2000, False)
    if text is None:
        raise InputError("--add-note needs some text")
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        line = f"{today.isoformat()}: {text}"
        person.notes = f"{person.notes}\n{line}" if person.notes else line
    return person


def get_person(db: Database, employee_no: str) -> Person:
    """The person with their separations loaded."""
    with db.read() as session:
        person = find_person(session, employee_no)
        for separation in person.separations:  # loaded while the session is open
            _ = separation.person
    return person


def list_people(
    db: Database,
    *,
    department: str | None = None,
    status: str | None = None,
    level: str | None = None,
) -> list[Person]:
    from sqlalchemy import select

    query = select(Person).order_by(Person.employee_no)
    if department:
        query = query.where(Person.department == department)
    if status:
        query = query.where(Person.status == status)
    if level:
        query = query.where(Person.level == level)
    with db.read() as session:
        return list(session.scalars(query))


def count_people(db: Database) -> int:
    from sqlalchemy import func, select

    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def rehire(db: Database, employee_no: str, on: date, today: date) -> Separation:
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
        from retainkit.core.separations import _replan_after

        _replan_after(session, person, separation, "rehired", today)
    return separation


def person_record(person: Person) -> dict[str, Any]:
    """A person as plain values keyed by field name, for json, csv and tables."""
    record = {field.name: getattr(person, field.name) for field in PERSON_FIELDS}
    record["status"] = person.status
    return record
