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
from retainkit.core.interviews.refusal import Refusal
from retainkit.core.interviews.routing import Owners, about_manager, owners_for
from retainkit.core.library import as_questionnaire
from retainkit.core.questionnaires.answers import NOT_ASKED, SKIPPED
from retainkit.core.questionnaires.conditions import given_answers, not_asked
from retainkit.core.questionnaires.model import Question, Questionnaire, dimension_scores
from retainkit.core.settings import load_settings
from retainkit.storage.database import now_of
from retainkit.storage.models import (
    ActionItem,
    Answer,
    Interview,
    InterviewScore,
    Person,
    StatedReason,
)

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
    question that may be skipped is stored as skipped, one whose condition did not hold as
    not asked. Nothing changes when an action item it raises has no one to own it."""
    with db.write() as session:
        interview = locked_draft(session, interview_id)
        check(interview, holder)
        interview.lease_holder = interview.lease_seen = None
        questionnaire = as_questionnaire(interview.questionnaire)
        answers = given_answers(questionnaire, answers_of(interview))
        skipped_out = set(not_asked(questionnaire, answers))
        missing = [
            q.key
            for q in questionnaire.required
            if q.key not in skipped_out and (q.key not in answers or answers[q.key] is SKIPPED)
        ]
        if missing:
            raise InputError(f"interview {interview_id} still needs: {', '.join(missing)}")
        try:
            return finish(session, interview, questionnaire, answers, today)
        except Refusal as refused:  # no one to own an item: said in the interview's language
            person = session.get(Person, interview.person_id)
            assert person is not None
            raise Refusal(
                "draft_kept", because=refused.key, command=interview.kind,
                person=person.employee_no,
            ) from None  # fmt: skip
        except InputError as exc:
            person = session.get(Person, interview.person_id)
            assert person is not None
            raise InputError(
                f"{exc}; every answer is kept in the draft: finish it with retainkit interview "
                f"{interview.kind} {person.employee_no} --resume"
            ) from None


def finish(
    session: Session,
    interview: Interview,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    today: date,
) -> Completion:
    """Score, record reasons and risk, raise the flags' action items, mark completed."""
    answers = given_answers(questionnaire, answers)
    mark_not_asked(interview, not_asked(questionnaire, answers))
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
    actions = raise_action_items(session, interview, questionnaire, given, today)
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


def mark_not_asked(interview: Interview, keys: list[str]) -> None:
    """Store the questions whose conditions did not hold as not asked (an answer left from
    before an earlier answer changed is dropped)."""
    stored = {a.question_key: a for a in interview.answers}
    for key in keys:
        answer = stored.get(key)
        if answer is None:
            answer = Answer(interview_id=interview.id, question_key=key)
            interview.answers.append(answer)
        answer.value, answer.skipped, answer.not_asked, answer.score = None, False, True, None


def raise_action_items(
    session: Session,
    interview: Interview,
    questionnaire: Questionnaire,
    given: dict[str, Any],
    today: date,
) -> list[ActionItem]:
    """The action items a finished interview raises, stored: its flags' urgent items and
    its stay plan, each with an owner (routing.py); an InputError when one has none."""
    person = session.get(Person, interview.person_id)
    assert person is not None
    owners = owners_for(
        session, load_settings(session), interviewer=interview.interviewer,
        manager_no=person.manager_no, held_by=interview.held_by,
    )  # fmt: skip
    rows = flag_actions(
        questionnaire, given, interview_id=interview.id, interview_kind=interview.kind,
        employee_no=person.employee_no, manager_no=person.manager_no,
        interviewer=interview.interviewer, today=today, separation_id=interview.separation_id,
        owners=owners,
    ) + stay_plan_actions(
        questionnaire, given, interview_id=interview.id, employee_no=person.employee_no,
        manager_no=person.manager_no, today=today, owners=owners,
    )  # fmt: skip
    actions = [ActionItem(**row) for row in rows]
    session.add_all(actions)
    return actions


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
    separation_id: int | None = None,
    owners: Owners | None = None,
) -> list[dict[str, Any]]:
    """Action items the answers' flags call for, at most one per kind of flag: what was
    answered, the leaver's own words, the separation, and an owner who is never the
    manager the leaver complains about."""
    owners = owners or Owners(interviewer, manager_no, None, None)
    complaint = about_manager(questionnaire, answers)
    raised: dict[tuple[str, str | None], list[str]] = {}
    for question in questionnaire.questions:
        value = answers.get(question.key)
        flag = question.flag
        if flag is not None and flag.kind != "about_manager" and flag.raised_by(value):
            evidence = raised.setdefault((flag.kind, flag.escalation), [])
            evidence.append(f"{question.text('en')} -> {question.describe(value, 'en')}")
            evidence += own_words(questionnaire, question, answers, evidence)
    where = f"{interview_kind} interview {interview_id} with {employee_no}"
    actions = []
    for (kind, escalation), evidence in raised.items():
        retention = kind == "retention_chance"
        if complaint:
            evidence.append(
                "The leaver complains about their manager: routed to HR or leadership, "
                "not to the manager."
            )
        actions.append(
            {
                "title": f"Retention chance: act on {where}"
                if retention
                else f"Escalate a {escalation} concern raised in {where}",
                "detail": "\n".join(evidence),
                "kind": "remedial",
                "owner": owners.retention(complaint) if retention else owners.escalation(complaint),
                "due_date": today
                + timedelta(days=RETENTION_DUE_DAYS if retention else ESCALATION_DUE_DAYS),
                "urgent": True,
                "escalation": "retention" if retention else escalation,
                "interview_id": interview_id,
                "separation_id": separation_id,
            }
        )
    return actions


def own_words(
    questionnaire: Questionnaire, flagged: Question, answers: Mapping[str, Any], shown: list[str]
) -> list[str]:
    """The answers that say in the leaver's words what a flag is about: the follow-ups
    asked because of the flagged answer, and the questions its flag quotes."""
    assert flagged.flag is not None
    lines = []
    for question in questionnaire.questions:
        follows = any(c.question == flagged.key for c in question.when)
        if not (follows or question.key in flagged.flag.quote):
            continue
        value = answers.get(question.key)
        if value is None or value is SKIPPED or value is NOT_ASKED:
            continue
        line = (
            f'{question.text("en")} -> "{value}"'
            if question.type == "text"
            else f"{question.text('en')} -> {question.describe(value, 'en')}"
        )
        if line not in shown:
            lines.append(line)
    return lines


def stay_plan_actions(
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    *,
    interview_id: int,
    employee_no: str,
    manager_no: str | None,
    today: date,
    owners: Owners | None = None,
) -> list[dict[str, Any]]:
    """One action item for the manager per line (or item separated by ; or ；) of a stay
    plan; without a manager, for whoever owns a retention chance."""
    owner = manager_no
    actions = []
    for question in questionnaire.questions:
        text = answers.get(question.key)
        if not question.action_items or not isinstance(text, str):
            continue
        for line in text.replace(";", "\n").replace("；", "\n").splitlines():
            item = line.strip(" -*\t")
            if item and owner is None:
                owner = (owners or Owners(None, None, None, None)).retention(False)
            if item:
                actions.append(
                    {
                        "title": item[:200],
                        "detail": f"Stay plan from interview {interview_id} with {employee_no}",
                        "kind": "preventive",
                        "owner": owner,
                        "due_date": today + timedelta(days=STAY_PLAN_DUE_DAYS),
                        "urgent": False,
                        "escalation": None,
                        "interview_id": interview_id,
                        "separation_id": None,
                    }
                )
    return actions
