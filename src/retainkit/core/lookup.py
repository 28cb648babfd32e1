"""One stored thing by the number the user gave, or a NotFound that says where to look.

Used inside a service's transaction; `lock` holds the row (SELECT ... FOR UPDATE) until
the transaction ends, for a read-modify-write. Imports no other service, so every service
can use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from retainkit.base.errors import NotFound
from retainkit.core.fields import employee_no_argument
from retainkit.storage.models import ActionItem, FollowUp, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Row = TypeVar("Row")


def _one(session: Session, model: type[Row], condition: Any, lock: bool) -> Row | None:
    from sqlalchemy import select

    query = select(model).where(condition)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def find_person(session: Session, employee_no: str, *, lock: bool = False) -> Person:
    """The person with this employee number (its form checked first)."""
    number = employee_no_argument(employee_no)
    person = _one(session, Person, Person.employee_no == number, lock)
    if person is None:
        raise NotFound(f"no person with employee number {employee_no}; see: retainkit people list")
    return person


def find_separation(session: Session, separation_id: int, *, lock: bool = False) -> Separation:
    separation = _one(session, Separation, Separation.id == separation_id, lock)
    if separation is None:
        raise NotFound(f"no separation {separation_id}; see: retainkit separation list")
    return separation


def find_action(session: Session, action_id: int, *, lock: bool = False) -> ActionItem:
    action = _one(session, ActionItem, ActionItem.id == action_id, lock)
    if action is None:
        raise NotFound(f"no action item {action_id}; see: retainkit actions list")
    return action


def find_followup(session: Session, followup_id: int, *, lock: bool = False) -> FollowUp:
    """A planned (or settled) contact by its number, as `followup due` shows it."""
    followup = _one(session, FollowUp, FollowUp.id == followup_id, lock)
    if followup is None:
        raise NotFound(f"no planned contact {followup_id}; see: retainkit followup due")
    return followup


def names_by_number(session: Session, numbers: Iterable[str | None]) -> dict[str, str]:
    """The names of the people these employee numbers belong to, by number. Text that is
    no one's number (an owner written as "Head of People") is simply not in the answer."""
    from sqlalchemy import select

    wanted = sorted({number for number in numbers if number})
    names: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # well under any database's parameter limit
        query = select(Person.employee_no, Person.name).where(
            Person.employee_no.in_(wanted[start : start + 500])
        )
        names.update((number, name) for number, name in session.execute(query))
    return names
