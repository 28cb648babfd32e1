"""Planning an interview: whether it may be held, with which questionnaire, and the draft
it starts as (or the person's draft, resumed where it stopped)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import INTERVIEW_KINDS, INTERVIEW_MODES
from retainkit.core.interviews.answering import answers_of, find_draft
from retainkit.core.interviews.lease import Alive, take
from retainkit.core.interviews.notes import notes_of
from retainkit.core.interviews.refusal import Refusal
from retainkit.core.interviews.subject import Subject, describe_subject
from retainkit.core.library import as_questionnaire, latest, version
from retainkit.core.lookup import find_person
from retainkit.core.questionnaires.model import Question, Questionnaire
from retainkit.core.text import text_option
from retainkit.storage.models import Interview, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database
    from retainkit.storage.models import QuestionnaireVersion

FIRST_FOLLOWUP_UNTIL_DAYS = 120
"""A follow-up interview within 120 days of the last day uses followup-first, later ones
followup-mid (their windows are 30-60 and 180-240 days)."""


@dataclass(frozen=True)
class InterviewPlan:
    """A draft interview ready to be asked: its questions and the answers it has so far."""

    interview_id: int
    kind: str
    subject: Subject
    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    lang: str
    resumed: bool
    unsaved: tuple[str, str] | None = None
    """The question key and the text being typed when the draft was interrupted."""
    notes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The interviewer's notes so far, by the question they were taken at."""

    def unanswered(self) -> list[Question]:
        return [q for q in self.questionnaire.questions if q.key not in self.answers]


@dataclass(frozen=True)
class NewInterview:
    """What a new interview is held with: the person, the separation, the questionnaire
    (rows of the open transaction, for the services of this package only)."""

    person: Person
    separation: Separation | None
    stored: QuestionnaireVersion
    questionnaire: Questionnaire


def check_kind(kind: str) -> str:
    if kind not in INTERVIEW_KINDS:
        raise InputError(f"interview kind must be one of {', '.join(INTERVIEW_KINDS)}")
    return kind


def check_mode(mode: str | None) -> str | None:
    if mode is not None and mode not in INTERVIEW_MODES:
        raise InputError(f"--mode must be one of {', '.join(INTERVIEW_MODES)}")
    return mode


def check_interviewer(interviewer: str | None) -> str | None:
    """The interviewer's name, checked like every free text and no longer than its column."""
    return text_option(interviewer, "--interviewer", "interview.interviewer", multiline=False)


def start(
    db: Database,
    employee_no: str,
    kind: str,
    *,
    today: date,
    lang: str,
    questionnaire_key: str | None = None,
    mode: str | None = None,
    interviewer: str | None = None,
    resume: bool = False,
    held_by: str | None = None,
    holder: str | None = None,
    alive: Alive | None = None,
) -> InterviewPlan:
    """Open a new draft, or with `resume` the person's draft of this kind; with a
    `holder`, for that terminal only (lease.py; `alive` tells whether another holder may
    still be there)."""
    check_kind(kind)
    check_mode(mode)
    interviewer = check_interviewer(interviewer)
    with db.write() as session:
        if resume:
            return _resume(
                session, employee_no, kind, lang=lang, mode=mode, interviewer=interviewer,
                held_by=held_by, holder=holder, alive=alive or (lambda _: True),
            )  # fmt: skip
        new = prepare_new(
            session, employee_no, kind, questionnaire_key, today,
            if_draft="draft_resume_or_discard",
        )  # fmt: skip
        interview = new_interview(
            session, new, kind, status="draft", mode=mode, interviewer=interviewer,
            held_by=held_by, lang=lang,
        )  # fmt: skip
        if holder is not None:
            take(interview, holder, lambda _: True)
        return InterviewPlan(
            interview_id=interview.id,
            kind=kind,
            subject=describe_subject(session, new.person, new.separation),
            questionnaire=new.questionnaire,
            answers=MappingProxyType({}),
            lang=lang,
            resumed=False,
        )


def _resume(
    session: Session,
    employee_no: str,
    kind: str,
    *,
    lang: str,
    mode: str | None,
    interviewer: str | None,
    held_by: str | None,
    holder: str | None,
    alive: Alive,
) -> InterviewPlan:
    person = find_person(session, employee_no, lock=True)
    draft = find_draft(session, person, kind)
    if draft is None:
        raise Refusal("no_draft", person=employee_no, kind=kind)
    if holder is not None:
        take(draft, holder, alive)
    questionnaire = as_questionnaire(draft.questionnaire)
    separation = session.get(Separation, draft.separation_id) if draft.separation_id else None
    if mode:
        draft.mode = mode
    if interviewer:
        draft.interviewer = interviewer
    if held_by:
        draft.held_by = held_by
    return InterviewPlan(
        interview_id=draft.id,
        kind=kind,
        subject=describe_subject(session, person, separation),
        questionnaire=questionnaire,
        answers=MappingProxyType(answers_of(draft)),
        lang=lang,
        resumed=True,
        unsaved=(draft.unsaved_key, draft.unsaved_text or "") if draft.unsaved_key else None,
        notes=MappingProxyType({note.question_key: note.text for note in notes_of(draft)}),
    )


def prepare_new(
    session: Session,
    employee_no: str,
    kind: str,
    questionnaire_key: str | None,
    today: date,
    *,
    if_draft: str,
    version_number: int | None = None,
) -> NewInterview:
    """Everything a new interview needs, or why it cannot be held (`if_draft`: the words
    key of what to do with a draft the person has); with `version_number`, that version of
    the questionnaire (a returned form's), else the newest."""
    person = find_person(session, employee_no, lock=True)
    draft = find_draft(session, person, kind)
    if draft is not None:
        raise Refusal("has_draft", person=employee_no, kind=kind, id=draft.id, then=if_draft)
    separation, key = _eligible(session, person, kind, questionnaire_key, today)
    if kind == "exit":
        _refuse_second_exit(session, separation)
    row = latest(session, key) if version_number is None else version(session, key, version_number)
    questionnaire = as_questionnaire(row)
    _check_questionnaire_kind(questionnaire, kind)
    return NewInterview(person, separation, row, questionnaire)


def new_interview(session: Session, new: NewInterview, kind: str, **fields: Any) -> Interview:
    """The interview row of a live, declined or written interview, with its id."""
    interview = Interview(
        person_id=new.person.id,
        separation_id=new.separation.id if new.separation else None,
        questionnaire_id=new.stored.id,
        kind=kind,
        **fields,
    )
    session.add(interview)
    session.flush()
    return interview


def _open_separation(session: Session, person: Person) -> Separation | None:
    from sqlalchemy import select

    return session.scalars(
        select(Separation)
        .where(Separation.person_id == person.id, Separation.status == "open")
        .order_by(Separation.last_day.desc())
    ).first()


def _eligible(
    session: Session, person: Person, kind: str, questionnaire_key: str | None, today: date
) -> tuple[Separation | None, str]:
    """The separation the interview belongs to and the questionnaire it uses; or why not."""
    if kind == "stay":
        if person.status != "active":
            raise Refusal("has_left", person=person.employee_no)
        return None, questionnaire_key or "stay"
    separation = _open_separation(session, person)
    if separation is None:
        raise Refusal("no_separation", person=person.employee_no)
    if kind == "exit":
        return separation, questionnaire_key or "exit"
    days = (today - separation.last_day).days
    default = "followup-first" if days < FIRST_FOLLOWUP_UNTIL_DAYS else "followup-mid"
    return separation, questionnaire_key or default


def _check_questionnaire_kind(questionnaire: Questionnaire, kind: str) -> None:
    if questionnaire.kind != kind:
        raise InputError(
            f"questionnaire {questionnaire.key!r} is for {questionnaire.kind} interviews, "
            f"not {kind}"
        )


def _refuse_second_exit(session: Session, separation: Separation | None) -> None:
    from sqlalchemy import select

    if separation is None:
        return
    done = session.scalar(
        select(Interview.id).where(
            Interview.separation_id == separation.id,
            Interview.kind == "exit",
            Interview.status == "completed",
        )
    )
    if done is not None:
        raise Refusal("exit_done", separation=separation.id, id=done)


def months_after(last_day: date, today: date) -> int:
    """Whole months from the last day to today (0 on or before it)."""
    months = (today.year - last_day.year) * 12 + today.month - last_day.month
    return max(months - (today.day < last_day.day), 0)


def late_exit(db: Database, employee_no: str, today: date) -> tuple[int, date] | None:
    """For an exit interview held today: (months after the last day, the last day) when
    that is more than the `interview.late_exit_months` setting (0: never late)."""
    from retainkit.core.settings import get_setting

    limit = int(get_setting(db, "interview.late_exit_months"))
    with db.read() as session:
        separation = _open_separation(session, find_person(session, employee_no))
        if separation is None or limit == 0:
            return None
        months = months_after(separation.last_day, today)
        return (months, separation.last_day) if months > limit else None
