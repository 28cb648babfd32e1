"""A workbook for part of the organisation: one department (`--department`), or a
manager's organisation (`--manager`: everyone below them, directly or through other
managers). Every report of the workbook counts only that part, and hides small groups
within it, as it would for the whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.reports.model import Scope, word

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def scope_of(
    session: Session, department: str | None, manager: str | None, lang: str
) -> Scope | None:
    """The scope the options name, checked against the people and separations stored;
    None for the whole organisation."""
    from sqlalchemy import select, union

    from retainkit.storage.models import Person, Separation

    if department is not None and manager is not None:
        raise InputError("give --department or --manager, not both")
    if department is not None:
        name = department.strip()
        known = union(
            select(Person.department).where(Person.department == name),
            select(Separation.department).where(Separation.department == name),
        )
        if session.execute(known).first() is None:
            raise InputError(
                f"no one has the department {name!r}; see the names with: retainkit people list"
            )
        return Scope("department", name, f"{word('department', lang)}{_colon(lang)}{name}")
    if manager is None:
        return None
    number = manager.strip()
    found = session.execute(
        select(Person.employee_no, Person.name).where(Person.employee_no == number)
    ).first()
    if found is None:
        raise InputError(f"no person with the employee number {number!r}; give the manager's")
    # Who reports to whom: people as they are now, and leavers as they were on their last day.
    edges = list(session.execute(select(Person.manager_no, Person.employee_no)))
    edges += session.execute(
        select(Separation.manager_no, Person.employee_no).join(
            Person, Person.id == Separation.person_id
        )
    ).all()
    below: dict[str, set[str]] = {}
    for boss, person in edges:
        if boss is not None:
            below.setdefault(boss, set()).add(person)
    managers = {number}
    waiting = [number]
    while waiting:  # managers below them, at any depth (a loop in the data ends here too)
        for person in below.get(waiting.pop(), ()):
            if person not in managers:
                managers.add(person)
                waiting.append(person)
    label = f"{word('organisation_of', lang)}{_colon(lang)}{number} {found.name}"
    return Scope("manager", number, label, frozenset(managers))


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "
