"""The interviewee as an interview's header shows them: role, tenure, earlier interviews
and separations, and for an exit interview who should hold it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.core.interviewer import suggest_interviewer
from retainkit.core.settings import load_settings
from retainkit.storage.models import Interview, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, order=True)
class Earlier:
    """An earlier interview or separation of the person, as the header lists it."""

    day: date
    what: str  # "interview" or "separation"
    id: int
    kind: str
    status: str
    retention_risk: str | None = None


@dataclass(frozen=True)
class Subject:
    """Who the interview is with, as its header shows them."""

    employee_no: str
    name: str
    department: str | None
    title: str | None
    hire_date: date | None
    last_day: date | None
    separation_id: int | None
    history: tuple[Earlier, ...] = ()
    suggested: tuple[str, str] | None = None
    """Who should hold an exit interview (manager, hr or leadership), and why."""

    def tenure_months(self, today: date) -> int | None:
        """Whole months from the hire date to the last day (or today); None if unknown."""
        if self.hire_date is None:
            return None
        end = self.last_day if self.last_day and self.last_day < today else today
        months = (end.year - self.hire_date.year) * 12 + end.month - self.hire_date.month
        months -= end.day < self.hire_date.day
        return max(months, 0)


def describe_subject(session: Session, person: Person, separation: Separation | None) -> Subject:
    """The person as of the separation the interview belongs to (now, for a stay interview)."""
    return Subject(
        employee_no=person.employee_no,
        name=person.name,
        department=separation.department if separation else person.department,
        title=separation.title if separation else person.title,
        hire_date=separation.hire_date if separation else person.hire_date,
        last_day=separation.last_day if separation else None,
        separation_id=separation.id if separation else None,
        history=tuple(sorted(_history(session, person))),
        suggested=_suggestion(session, person, separation),
    )


def _history(session: Session, person: Person) -> list[Earlier]:
    from sqlalchemy import select

    history: list[Earlier] = []
    for earlier in session.scalars(
        select(Interview)
        .where(Interview.person_id == person.id, Interview.status != "draft")
        .order_by(Interview.started_at)
    ):
        when = (earlier.completed_at or earlier.started_at).date()
        history.append(
            Earlier(
                when, "interview", earlier.id, earlier.kind, earlier.status, earlier.retention_risk
            )
        )
    for past in session.scalars(
        select(Separation).where(Separation.person_id == person.id).order_by(Separation.last_day)
    ):
        history.append(Earlier(past.last_day, "separation", past.id, past.kind, past.status))
    return history


def _suggestion(
    session: Session, person: Person, separation: Separation | None
) -> tuple[str, str] | None:
    if separation is None:
        return None
    return suggest_interviewer(person, separation.level, load_settings(session))
