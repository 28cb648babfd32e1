"""Answers given one by one: each is written to the draft the moment it is given, so an
interrupted interview keeps every answer and resumes at the first unanswered question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.core.questionnaires.answers import NOT_ASKED, SKIPPED, check_answer
from retainkit.core.questionnaires.model import Question
from retainkit.storage.database import now_of
from retainkit.storage.models import Answer, Interview, Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


def answers_of(interview: Interview) -> dict[str, Any]:
    """The answers stored so far, by question key; a skipped one is SKIPPED, one whose
    condition did not hold NOT_ASKED."""
    return {
        a.question_key: NOT_ASKED if a.not_asked else SKIPPED if a.skipped else a.value
        for a in interview.answers
    }


def find_draft(session: Session, person: Person, kind: str) -> Interview | None:
    """The person's newest draft interview of this kind, if any."""
    from sqlalchemy import select

    return session.scalars(
        select(Interview)
        .where(
            Interview.person_id == person.id,
            Interview.kind == kind,
            Interview.status == "draft",
        )
        .order_by(Interview.id.desc())
    ).first()


def locked_interview(session: Session, interview_id: int) -> Interview:
    """An interview by number, locked for this transaction; or NotFound."""
    from sqlalchemy import select

    interview = session.scalars(
        select(Interview).where(Interview.id == interview_id).with_for_update()
    ).one_or_none()
    if interview is None:
        raise NotFound(f"no interview {interview_id}; see: retainkit interview list")
    return interview


def locked_draft(session: Session, interview_id: int) -> Interview:
    """A draft interview by number, locked; an interview past its draft cannot change."""
    interview = locked_interview(session, interview_id)
    if interview.status != "draft":
        raise InputError(f"interview {interview_id} is {interview.status}, not a draft")
    return interview


def save_answer(
    db: Database, interview_id: int, question: Question, value: Any, holder: str | None = None
) -> None:
    """Write one answer (or SKIPPED) to a draft at once, replacing an earlier one; with a
    `holder`, only while that terminal holds the draft (lease.py). Answers to follow-up
    questions it makes irrelevant (their conditions no longer hold) are removed with it."""
    from sqlalchemy import select

    from retainkit.core.interviews.lease import check
    from retainkit.core.library import as_questionnaire
    from retainkit.core.questionnaires.conditions import no_longer_asked

    skipped = value is SKIPPED
    if skipped and question.required:
        raise InputError(f"question {question.key!r} cannot be skipped")
    stored = None if skipped else check_answer(question, value)
    with db.write() as session:
        interview = locked_draft(session, interview_id)
        check(interview, holder)
        answer = session.scalars(
            select(Answer).where(
                Answer.interview_id == interview_id, Answer.question_key == question.key
            )
        ).one_or_none()
        if answer is None:
            answer = Answer(interview_id=interview_id, question_key=question.key)
            session.add(answer)
        answer.value = stored
        answer.skipped = skipped
        answer.score = question.score(stored)
        answer.answered_at = now_of(session)
        interview.updated_at = now_of(session)
        if interview.unsaved_key == question.key:
            interview.unsaved_key = interview.unsaved_text = None
        session.flush()
        session.refresh(interview, ["answers"])
        dropped = no_longer_asked(as_questionnaire(interview.questionnaire), answers_of(interview))
        for stale in [a for a in interview.answers if a.question_key in dropped]:
            interview.answers.remove(stale)  # delete-orphan: the row goes


UNSAVED_LIMIT = 100_000
"""The most of an interrupted answer kept: ten times what an answer may hold, so a long
paste being trimmed is kept whole for the interviewer to shorten."""


def keep_unsaved_text(db: Database, interview_id: int, question: Question, text: str) -> bool:
    """Keep the text being typed when the interview stopped, to offer it on --resume.

    Control characters (a stray Ctrl-Z, a form feed) are left out, line breaks and tabs
    kept; False when there was nothing to keep."""
    import re

    kept = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", "", text)[:UNSAVED_LIMIT]
    if not kept.strip():
        return False
    with db.write() as session:
        interview = locked_draft(session, interview_id)
        interview.unsaved_key = question.key
        interview.unsaved_text = kept
    return True


def stored_answers(db: Database, interview_id: int) -> dict[str, Any]:
    """The answers a draft holds in the database now, by question key."""
    with db.read() as session:
        interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"no interview {interview_id}; see: retainkit interview list")
        return answers_of(interview)
