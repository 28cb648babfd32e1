"""The interviewee as an interview's header shows them: role, tenure, the briefing
(briefing.py), and for an exit interview who should hold it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from retainkit.core.interviewer import Rule, suggested_role
from retainkit.core.interviews.briefing import Briefing, brief
from retainkit.core.settings import load_settings
from retainkit.storage.models import Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
    briefing: Briefing = field(default_factory=Briefing)
    suggested: tuple[str, Rule] | None = None
    """Who should hold an exit interview (manager, hr or leadership), and the rule why."""

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
        briefing=brief(session, person, separation),
        suggested=_suggestion(session, person, separation),
    )


def _suggestion(
    session: Session, person: Person, separation: Separation | None
) -> tuple[str, Rule] | None:
    if separation is None:
        return None
    return suggested_role(person, separation.level, load_settings(session))
