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


def _matches(terms: tuple[str, ...], person: Person, level: str | None) -> Rule | None:
    """Which of a rule's terms the person falls under, or None."""
    for term in terms:
        if term == "high_performer" and person.high_performer:
            return ("high_performer", None)
        if term.startswith("performance>=") and (person.performance or 0) >= int(term[13:]):
            return ("performance", str(person.performance))
        if term == level:
            return ("level", level)
    return None


Rule = tuple[str, str | None]
"""Why an interviewer is suggested: ("high_performer", None), ("performance", "4"),
("level", "senior") or ("default", None)."""


def suggested_role(person: Person, level: str | None, settings: Settings) -> tuple[str, Rule]:
    """(role, why as a rule); `level` is the one at the separation when there is one."""
    for role, terms in (
        ("leadership", settings.interview_leadership),
        ("manager", settings.interview_manager),
    ):
        why = _matches(terms, person, level)
        if why:
            return role, why
    return "hr", ("default", None)


def suggest_interviewer(person: Person, level: str | None, settings: Settings) -> tuple[str, str]:
    """(role, why in English); `level` is the one at the separation when there is one."""
    role, (rule, value) = suggested_role(person, level, settings)
    why = {
        "high_performer": "a high performer",
        "performance": f"performance {value}",
        "level": f"{value} level",
    }.get(rule, "the default")
    return role, why


def check_role(raw: str | None) -> str | None:
    return choice_option(raw, INTERVIEWER_ROLES, "--held-by")


def interviewer_suggestion(db: Database, employee_no: str) -> tuple[str, str]:
    """Who should hold this person's exit interview, and why (the rule is a setting)."""
    with db.read() as session:
        person = find_person(session, employee_no)
        return suggest_interviewer(person, person.level, load_settings(session))
