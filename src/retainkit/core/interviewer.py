"""Who should hold a leaver's exit interview: leadership, the direct manager, or HR, by the
rules in the settings interview.leadership and interview.manager."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retainkit.base.vocab import INTERVIEWER_ROLES
from retainkit.core.fields import choice_option
from retainkit.core.lookup import find_person
from retainkit.core.settings import Settings, load_settings

if TYPE_CHECKING:
    from retainkit.storage.database import Database
    from retainkit.storage.models import Person


def _matches(terms: tuple[str, ...], person: Person, level: str | None) -> str | None:
    """Why the person falls under a rule's terms, or None."""
    for term in terms:
        if term == "high_performer" and person.high_performer:
            return "a high performer"
        if term.startswith("performance>=") and (person.performance or 0) >= int(term[13:]):
            return f"performance {person.performance}"
        if term == level:
            return f"{level} level"
    return None


def suggest_interviewer(person: Person, level: str | None, settings: Settings) -> tuple[str, str]:
    """(role, why); `level` is the one at the separation when there is one."""
    for role, terms in (
        ("leadership", settings.interview_leadership),
        ("manager", settings.interview_manager),
    ):
        why = _matches(terms, person, level)
        if why:
            return role, why
    return "hr", "the default"


def check_role(raw: str | None) -> str | None:
    return choice_option(raw, INTERVIEWER_ROLES, "--held-by")


def interviewer_suggestion(db: Database, employee_no: str) -> tuple[str, str]:
    """Who should hold this person's exit interview, and why (the rule is a setting)."""
    with db.read() as session:
        person = find_person(session, employee_no)
        return suggest_interviewer(person, person.level, load_settings(session))
