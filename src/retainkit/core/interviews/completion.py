"""Finishing an interview: scores per dimension, the stated reasons, the retention risk,
and the action items its answers call for (a flag raised, a stay plan written down)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.channels.outbox import queue_urgent
from retainkit.core.followups import record_interview
from retainkit.core.interviews.answering import answers_of, locked_draft
from retainkit.core.interviews.lease import check
from retainkit.core.library import as_questionnaire
from retainkit.core.questionnaires.answers import SKIPPED
from retainkit.core.questionnaires.model import Questionnaire, dimension_scores
from retainkit.storage.database import now_of
from retainkit.storage.models import ActionItem, Interview, InterviewScore, Person, StatedReason

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

RETENTION_DUE_DAYS = 2
ESCALATION_DUE_DAYS = 1
STAY_PLAN_DUE_DAYS = 30


@dataclass(frozen=True)
class RaisedActionItem:
    """An action item a completed interview raised."""

    id: int
    title: str


@dataclass(frozen=True)
class Completion:
    """A completed interview: its scores (0-100 per dimension), risk and action items."""

    interview_id: int
    scores: Mapping[str, float]
    actions: tuple[RaisedActionItem, ...]
    retention_risk: str | None


def complete(db: Database, interview_id: int, today: date, holder: str | None = None) -> Completion:
    """Complete a draft whose required questions (if any) are answered; an unanswered
    question that may be skipped is stored as skipped."""
    with db.write() as session:
        interview = locked_draft(session, interview_id)
        check(interview, holder)
        interview.lease_holder = interview.lease_seen = None
        questionnaire = as_questionnaire(interview.questionnaire)
        answers = answers_of(interview)
        missing = [
            q.key
            for q in questionnaire.required
            if q.key not in answers or answers[q.key] is SKIPPED
        ]
        if missing:
            raise InputError(f"interview {interview_id} still needs: {', '.join(missing)}")
        return finish(session, interview, questionnaire, answers, today)


def finish(
    session: Session,
    interview: Interview,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    today: date,
) -> Completion:
    """Score, record reasons and risk, raise the flags' action items, mark completed."""
    given = {k: v for k, v in answers.items() if v is not SKIPPED}
    scores = dimension_scores(questionnaire, given)
    for dimension, (score, count) in scores.items():
        session.add(
            InterviewScore(
                interview_id=interview.id, dimension=dimension, score=score, answers=count
            )
        )
    for question in questionnaire.questions:
        value = given.get(question.key)
        if value is None:
            continue
        if question.type == "reasons" and not any(r.is_primary for r in interview.reasons):
            interview.reasons.append(
                StatedReason(interview_id=interview.id, code=value["primary"], is_primary=True)
            )
            for code in value["contributing"]:
                interview.reasons.append(
                    StatedReason(interview_id=interview.id, code=code, is_primary=False)
                )
        if question.records == "retention_risk":
            interview.retention_risk = value
    person = session.get(Person, interview.person_id)
    assert person is not None
    rows = flag_actions(
        questionnaire, given, interview_id=interview.id, interview_kind=interview.kind,
        employee_no=person.employee_no, manager_no=person.manager_no,
        interviewer=interview.interviewer, today=today,
    ) + stay_plan_actions(
        questionnaire, given, interview_id=interview.id, employee_no=person.employee_no,
        manager_no=person.manager_no, today=today,
    )  # fmt: skip
    actions = [ActionItem(**row) for row in rows]
    session.add_all(actions)
    queue_urgent(session, actions)  # chat channels: the outbox, in this same transaction
    interview.status = "completed"
    interview.completed_at = now_of(session)
    session.flush()
    record_interview(session, interview, "done", today)
    return Completion(
        interview_id=interview.id,
        scores={dimension: score for dimension, (score, _) in scores.items()},
        actions=tuple(RaisedActionItem(a.id, a.title) for a in actions),
        retention_risk=interview.retention_risk,
    )


def flag_actions(
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    *,
    interview_id: int,
    interview_kind: str,
    employee_no: str,
    manager_no: str | None,
    interviewer: str | None,
    today: date,
) -> list[dict[str, Any]]:
    """Action items the answers' flags call for, at most one per kind of flag."""
    raised: dict[tuple[str, str | None], list[str]] = {}
    for question in questionnaire.questions:
        value = answers.get(question.key)
        if question.flag is not None and question.flag.raised_by(value):
            raised.setdefault((question.flag.kind, question.flag.escalation), []).append(
                f"{question.text('en')} -> {question.describe(value, 'en')}"
            )
    where = f"{interview_kind} interview {interview_id} with {employee_no}"
    actions = []
    for (kind, escalation), evidence in raised.items():
        retention = kind == "retention_chance"
        actions.append(
            {
                "title": f"Retention chance: act on {where}"
                if retention
                else f"Escalate a {escalation} concern raised in {where}",
                "detail": "\n".join(evidence),
                "kind": "remedial",
                "owner": manager_no if retention else interviewer,
                "due_date": today
                + timedelta(days=RETENTION_DUE_DAYS if retention else ESCALATION_DUE_DAYS),
                "urgent": True,
                "escalation": "retention" if retention else escalation,
                "interview_id": interview_id,
            }
        )
    return actions


def stay_plan_actions(
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    *,
    interview_id: int,
    employee_no: str,
    manager_no: str | None,
    today: date,
) -> list[dict[str, Any]]:
    """One action item for the manager per line (or item separated by ; or ；) of a stay
    plan."""
    actions = []
    for question in questionnaire.questions:
        text = answers.get(question.key)
        if not question.action_items or not isinstance(text, str):
            continue
        for line in text.replace(";", "\n").replace("；", "\n").splitlines():
            item = line.strip(" -*\t")
            if item:
                actions.append(
                    {
                        "title": item[:200],
                        "detail": f"Stay plan from interview {interview_id} with {employee_no}",
                        "kind": "preventive",
                        "owner": manager_no,
                        "due_date": today + timedelta(days=STAY_PLAN_DUE_DAYS),
                        "urgent": False,
                        "escalation": None,
                        "interview_id": interview_id,
                    }
                )
    return actions
