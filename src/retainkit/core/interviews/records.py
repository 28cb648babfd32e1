"""The interviews on record: a list to filter, one interview shown in full, a draft discarded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.base.vocab import INTERVIEW_STATUSES
from retainkit.core.interviews.answering import locked_interview
from retainkit.core.interviews.lease import Alive, take
from retainkit.core.interviews.notes import notes_of
from retainkit.core.interviews.planning import check_kind
from retainkit.core.library import as_questionnaire
from retainkit.core.lookup import find_person, names_by_number
from retainkit.core.questionnaires.model import Question, Questionnaire
from retainkit.storage.models import ActionItem, Answer, Interview, Person

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass(frozen=True)
class InterviewRow:
    """One interview in a list."""

    id: int
    employee_no: str
    name: str
    kind: str
    questionnaire: str
    version: int
    status: str
    mode: str | None
    interviewer: str | None
    started_at: datetime
    completed_at: datetime | None
    answered: int
    retention_risk: str | None


@dataclass(frozen=True)
class StoredAnswer:
    """A question of the interview's questionnaire, and its answer if one was given."""

    key: str
    type: str
    prompt: str
    answered: bool
    skipped: bool
    not_asked: bool
    """An earlier answer made it irrelevant: neither answered nor skipped."""
    value: Any
    label: str
    score: float | None
    dimension: str | None
    sensitive: bool


@dataclass(frozen=True)
class StoredReason:
    code: str
    primary: bool


@dataclass(frozen=True)
class StoredActionItem:
    id: int
    title: str
    urgent: bool
    due_date: date | None
    owner: str | None
    status: str
    owner_name: str | None = None
    """The owner by name (the owner is stored as an employee number for someone on file)."""


@dataclass(frozen=True)
class StoredNote:
    """The interviewer's note at a question (its number in the questionnaire)."""

    number: int
    question_key: str
    question: str
    text: str
    noted_at: datetime


@dataclass(frozen=True)
class StoredInterview:
    """An interview in full: who, how, its answers, scores, reasons and action items."""

    id: int
    employee_no: str
    name: str
    kind: str
    status: str
    questionnaire: str
    version: int
    mode: str | None
    interviewer: str | None
    held_by: str | None
    lang: str
    separation_id: int | None
    started_at: datetime
    completed_at: datetime | None
    retention_risk: str | None
    decline_reason: str | None
    written_offered: bool
    scores: dict[str, float]
    reasons: tuple[StoredReason, ...]
    answers: tuple[StoredAnswer, ...]
    actions: tuple[StoredActionItem, ...]
    notes: tuple[StoredNote, ...] = ()
    """The interviewer's private notes: shown here, never in a workbook."""


def list_interviews(
    db: Database,
    *,
    person: str | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> list[InterviewRow]:
    from sqlalchemy import func, select

    from retainkit.storage.models import QuestionnaireVersion

    if kind is not None:
        check_kind(kind)
    if status is not None and status not in INTERVIEW_STATUSES:
        raise InputError(f"--status must be one of {', '.join(INTERVIEW_STATUSES)}")
    answered = (
        select(Answer.interview_id, func.count().label("answered"))
        .where(Answer.not_asked.is_(False))
        .group_by(Answer.interview_id)
        .subquery()
    )
    query = (
        select(
            Interview.id,
            Person.employee_no,
            Person.name,
            Interview.kind,
            QuestionnaireVersion.key.label("questionnaire"),
            QuestionnaireVersion.version,
            Interview.status,
            Interview.mode,
            Interview.interviewer,
            Interview.started_at,
            Interview.completed_at,
            func.coalesce(answered.c.answered, 0).label("answered"),
            Interview.retention_risk,
        )
        .join(Person, Person.id == Interview.person_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Interview.questionnaire_id)
        .outerjoin(answered, answered.c.interview_id == Interview.id)
        .order_by(Interview.id)
    )
    with db.read() as session:
        if person is not None:
            query = query.where(Interview.person_id == find_person(session, person).id)
        if kind:
            query = query.where(Interview.kind == kind)
        if status:
            query = query.where(Interview.status == status)
        return [InterviewRow(**row._mapping) for row in session.execute(query)]


def interview_detail(db: Database, interview_id: int, lang: str) -> StoredInterview:
    from sqlalchemy import select

    with db.read() as session:
        interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"no interview {interview_id}; see: retainkit interview list")
        questionnaire = as_questionnaire(interview.questionnaire)
        actions = session.scalars(
            select(ActionItem).where(ActionItem.interview_id == interview_id)
        ).all()
        names = names_by_number(session, [a.owner for a in actions])
        return StoredInterview(
            id=interview.id,
            employee_no=interview.person.employee_no,
            name=interview.person.name,
            kind=interview.kind,
            status=interview.status,
            questionnaire=questionnaire.key,
            version=questionnaire.version,
            mode=interview.mode,
            interviewer=interview.interviewer,
            held_by=interview.held_by,
            lang=interview.lang,
            separation_id=interview.separation_id,
            started_at=interview.started_at,
            completed_at=interview.completed_at,
            retention_risk=interview.retention_risk,
            decline_reason=interview.decline_reason,
            written_offered=interview.written_offered,
            scores={s.dimension: round(s.score, 1) for s in interview.scores},
            reasons=tuple(
                StoredReason(r.code, r.is_primary)
                for r in sorted(interview.reasons, key=lambda r: not r.is_primary)
            ),
            answers=_stored_answers(interview, questionnaire, lang),
            actions=tuple(
                StoredActionItem(a.id, a.title, a.urgent, a.due_date, a.owner, a.status, name)
                for a in actions
                for name in [names.get(a.owner, a.owner) if a.owner else None]
            ),
            notes=_stored_notes(interview, questionnaire, lang),
        )


def _stored_answers(
    interview: Interview, questionnaire: Questionnaire, lang: str
) -> tuple[StoredAnswer, ...]:
    stored = {a.question_key: a for a in interview.answers}
    return tuple(_stored_answer(q, stored.get(q.key), lang) for q in questionnaire.questions)


def _stored_notes(
    interview: Interview, questionnaire: Questionnaire, lang: str
) -> tuple[StoredNote, ...]:
    """The notes in the order of the questions they were taken at."""
    position = {q.key: n for n, q in enumerate(questionnaire.questions, start=1)}
    notes = sorted(notes_of(interview), key=lambda n: position.get(n.question_key, 0))
    return tuple(
        StoredNote(
            number=position.get(note.question_key, 0),
            question_key=note.question_key,
            question=_prompt(questionnaire, note.question_key, lang),
            text=note.text,
            noted_at=note.noted_at,
        )
        for note in notes
    )


def _prompt(questionnaire: Questionnaire, key: str, lang: str) -> str:
    question = questionnaire.question(key)
    return question.text(lang) if question else key


def _stored_answer(question: Question, answer: Answer | None, lang: str) -> StoredAnswer:
    return StoredAnswer(
        key=question.key,
        type=question.type,
        prompt=question.text(lang),
        answered=answer is not None and not answer.not_asked,
        skipped=bool(answer and answer.skipped),
        not_asked=bool(answer and answer.not_asked),
        value=answer.value if answer else None,
        label=question.describe(answer.value, lang)
        if answer and not (answer.skipped or answer.not_asked)
        else "",
        score=answer.score if answer else None,
        dimension=question.dimension,
        sensitive=question.sensitive,
    )


def discard(db: Database, interview_id: int, alive: Alive = lambda _: True) -> None:
    """Remove a draft interview and its answers; not while a terminal has it open."""
    with db.write() as session:
        interview = locked_interview(session, interview_id)
        if interview.status != "draft":
            raise InputError(
                f"interview {interview_id} is {interview.status}; only drafts can be discarded"
            )
        take(interview, "discard", alive)  # InputError while another terminal holds it
        session.delete(interview)
