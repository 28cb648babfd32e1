"""Who owns the urgent action items an interview raises: never nobody, and never the
manager the leaver complains about.

- A safety or legal escalation goes to the interviewer; else to `actions.default_owner`;
  else to `actions.hr_owner`.
- A retention chance goes to the person's manager; else to the default owner, HR, the
  interviewer.
- When the leaver complains about their own manager (a stated reason of the manager kind,
  or an answer flagged `about_manager`, like "the concern is about my own manager"), both
  go to `actions.hr_owner` first, then the default owner, then the interviewer, skipping
  anyone who is that manager (an interview the manager held included).

An owner named in a setting is stored as an employee number when it is one, or when it is
the name of exactly one person on file, so it is shown by name everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retainkit.core.interviews.refusal import Refusal
from retainkit.core.questionnaires.model import Questionnaire
from retainkit.core.settings import Settings
from retainkit.storage.models import Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

MANAGER_REASONS = ("manager",)
"""Reason codes that are a complaint about the leaver's own manager."""

NO_OWNER = "no_owner"
"""The words (`words.INTERVIEW`) when no one can own an item: name an interviewer or set
a default owner."""
NO_HR_OWNER = "no_hr_owner"
"""The words when the leaver complains about their manager and no one else can own it."""


@dataclass(frozen=True)
class Owners:
    """Who may own an interview's urgent items, each as stored (an employee number where
    the person is on file)."""

    interviewer: str | None
    manager: str | None
    default: str | None
    hr: str | None
    manager_held: bool = False
    """The interview was held by the manager (or the interviewer is the manager)."""

    def _first(self, chain: list[str | None], avoid_manager: bool) -> str | None:
        for owner in chain:
            if not owner:
                continue
            if avoid_manager and (
                owner == self.manager or (owner == self.interviewer and self.manager_held)
            ):
                continue
            return owner
        return None

    def escalation(self, about_manager: bool) -> str:
        if about_manager:
            owner = self._first([self.hr, self.default, self.interviewer], True)
            if owner is None:
                raise Refusal(NO_HR_OWNER)
            return owner
        owner = self._first([self.interviewer, self.default, self.hr], False)
        if owner is None:
            raise Refusal(NO_OWNER)
        return owner

    def retention(self, about_manager: bool) -> str:
        if about_manager:
            return self.escalation(True)
        owner = self._first([self.manager, self.default, self.hr, self.interviewer], False)
        if owner is None:
            raise Refusal(NO_OWNER)
        return owner


def resolve_owner(session: Session, text: str | None) -> str | None:
    """An owner as stored: the employee number when `text` is one, or is the name of
    exactly one person; otherwise the text as written ("Head of People"); None for none."""
    from sqlalchemy import func, select

    if not text or not text.strip():
        return None
    text = text.strip()
    if session.scalar(select(Person.id).where(Person.employee_no == text)) is not None:
        return text
    numbers = session.scalars(
        select(Person.employee_no).where(func.lower(Person.name) == text.lower()).limit(2)
    ).all()
    return numbers[0] if len(numbers) == 1 else text


def owners_for(
    session: Session,
    settings: Settings,
    *,
    interviewer: str | None,
    manager_no: str | None,
    held_by: str | None,
) -> Owners:
    who = resolve_owner(session, interviewer)
    return Owners(
        interviewer=who,
        manager=manager_no or None,
        default=resolve_owner(session, settings.default_owner),
        hr=resolve_owner(session, settings.hr_owner),
        manager_held=held_by == "manager" or (who is not None and who == manager_no),
    )


def about_manager(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool:
    """Whether the leaver's answers complain about their own manager."""
    for question in questionnaire.questions:
        value = answers.get(question.key)
        if question.type == "reasons" and isinstance(value, dict):
            codes = [value.get("primary"), *value.get("contributing", [])]
            if any(code in MANAGER_REASONS for code in codes):
                return True
        flag = question.flag
        if flag is not None and flag.kind == "about_manager" and flag.raised_by(value):
            return True
    return False


def no_owner_set(db: Database, interview_id: int) -> bool:
    """Whether an urgent item this interview raised would find no owner before it starts:
    no interviewer on it, neither `actions.default_owner` nor `actions.hr_owner` set (a
    retention chance may still go to the manager; an escalation could not)."""
    from retainkit.core.settings import load_settings
    from retainkit.storage.models import Interview

    with db.read() as session:
        interview = session.get(Interview, interview_id)
        settings = load_settings(session)
        named = interview is not None and bool((interview.interviewer or "").strip())
        return not (named or settings.default_owner.strip() or settings.hr_owner.strip())
