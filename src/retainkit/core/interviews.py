"""Use cases for interviews: drafts written answer by answer, completion, declines, files.

Nothing here waits for a person: the terminal layer asks, and calls `save_answer` after
each answer, so every answer is committed the moment it is given and a transaction is
never open while someone types.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound, read_text
from retainkit.base.vocab import INTERVIEW_KINDS, INTERVIEW_MODES, INTERVIEW_STATUSES
from retainkit.core.followups import record_interview
from retainkit.core.library import as_questionnaire, latest
from retainkit.core.lookup import find_person
from retainkit.core.questionnaires import (
    Question,
    Questionnaire,
    check_answer,
    dimension_scores,
)
from retainkit.storage.database import now_of
from retainkit.storage.models import (
    ActionItem,
    Answer,
    Interview,
    InterviewScore,
    Person,
    Separation,
    StatedReason,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database
    from retainkit.storage.models import QuestionnaireVersion

FIRST_FOLLOWUP_UNTIL_DAYS = 120
"""A follow-up interview within 120 days of the last day uses followup-first, later ones
followup-mid (their windows are 30-60 and 180-240 days)."""
RETENTION_DUE_DAYS = 2
ESCALATION_DUE_DAYS = 1
STAY_PLAN_DUE_DAYS = 30


class _Skipped:
    """An answer the interviewee chose to skip: recorded as skipped, not as empty."""

    def __repr__(self) -> str:
        return "SKIPPED"


SKIPPED: Any = _Skipped()


@dataclass
class Subject:
    """Who the interview is with, as its header shows them."""

    employee_no: str
    name: str
    department: str | None
    title: str | None
    hire_date: date | None
    last_day: date | None
    separation_id: int | None
    history: list[str] = field(default_factory=list)
    suggested: str | None = None  # who should hold an exit interview, and why

    def tenure(self, today: date) -> str:
        if self.hire_date is None:
            return "unknown"
        end = self.last_day if self.last_day and self.last_day < today else today
        months = (end.year - self.hire_date.year) * 12 + end.month - self.hire_date.month
        months -= end.day < self.hire_date.day
        years, months = divmod(max(months, 0), 12)
        return f"{years} y {months} m" if years else f"{months} m"


@dataclass
class InterviewPlan:
    interview_id: int
    kind: str
    subject: Subject
    questionnaire: Questionnaire
    answers: dict[str, Any]
    lang: str
    resumed: bool

    def unanswered(self) -> list[Question]:
        return [q for q in self.questionnaire.questions if q.key not in self.answers]


@dataclass
class Completion:
    interview_id: int
    scores: dict[str, float]
    actions: list[str]
    retention_risk: str | None


def check_kind(kind: str) -> str:
    if kind not in INTERVIEW_KINDS:
        raise InputError(f"interview kind must be one of {', '.join(INTERVIEW_KINDS)}")
    return kind


def check_mode(mode: str | None) -> str | None:
    if mode is not None and mode not in INTERVIEW_MODES:
        raise InputError(f"--mode must be one of {', '.join(INTERVIEW_MODES)}")
    return mode


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
            raise InputError(
                f"{person.employee_no} has left; stay interviews are for active people "
                f"(for a former employee: retainkit interview followup {person.employee_no})"
            )
        return None, questionnaire_key or "stay"
    separation = _open_separation(session, person)
    if separation is None:
        raise InputError(
            f"{person.employee_no} has no separation; record it first: retainkit depart "
            f"{person.employee_no} --last-day YYYY-MM-DD --kind voluntary"
        )
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


def _draft(session: Session, person: Person, kind: str) -> Interview | None:
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


def _subject(session: Session, person: Person, separation: Separation | None) -> Subject:
    from sqlalchemy import select

    history: list[str] = []
    for earlier in session.scalars(
        select(Interview)
        .where(Interview.person_id == person.id, Interview.status != "draft")
        .order_by(Interview.started_at)
    ):
        when = (earlier.completed_at or earlier.started_at).date().isoformat()
        line = f"{when}: {earlier.kind} interview {earlier.id}, {earlier.status}"
        if earlier.retention_risk:
            line += f", retention risk {earlier.retention_risk}"
        history.append(line)
    for past in session.scalars(
        select(Separation).where(Separation.person_id == person.id).order_by(Separation.last_day)
    ):
        history.append(
            f"{past.last_day.isoformat()}: separation {past.id}, {past.kind}, {past.status}"
        )
    return Subject(
        employee_no=person.employee_no,
        name=person.name,
        department=separation.department if separation else person.department,
        title=separation.title if separation else person.title,
        hire_date=separation.hire_date if separation else person.hire_date,
        last_day=separation.last_day if separation else None,
        separation_id=separation.id if separation else None,
        history=sorted(history),
        suggested=_suggestion(session, person, separation),
    )


def _suggestion(session: Session, person: Person, separation: Separation | None) -> str | None:
    from retainkit.core.interviewer import suggest_interviewer
    from retainkit.core.settings import load_settings

    if separation is None:
        return None
    role, why = suggest_interviewer(person, separation.level, load_settings(session))
    return f"{role} ({why})"


def _answers_of(interview: Interview) -> dict[str, Any]:
    return {a.question_key: SKIPPED if a.skipped else a.value for a in interview.answers}


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
) -> InterviewPlan:
    """Open a new draft, or with `resume` the person's draft of this kind."""
    check_kind(kind)
    check_mode(mode)
    with db.write() as session:
        if resume:
            person = find_person(session, employee_no, lock=True)
            draft = _draft(session, person, kind)
            if draft is None:
                raise InputError(f"{employee_no} has no draft {kind} interview to resume")
            questionnaire = as_questionnaire(draft.questionnaire)
            separation = (
                session.get(Separation, draft.separation_id) if draft.separation_id else None
            )
            if mode:
                draft.mode = mode
            if interviewer:
                draft.interviewer = interviewer
            if held_by:
                draft.held_by = held_by
            return InterviewPlan(
                interview_id=draft.id,
                kind=kind,
                subject=_subject(session, person, separation),
                questionnaire=questionnaire,
                answers=_answers_of(draft),
                lang=lang,
                resumed=True,
            )
        person, separation, row, questionnaire = _prepare_new(
            session, employee_no, kind, questionnaire_key, today,
            if_draft="continue it with --resume, or discard it",
        )  # fmt: skip
        interview = _new_interview(
            session, person, separation, row, kind, status="draft", mode=mode,
            interviewer=interviewer, held_by=held_by, lang=lang,
        )  # fmt: skip
        return InterviewPlan(
            interview_id=interview.id,
            kind=kind,
            subject=_subject(session, person, separation),
            questionnaire=questionnaire,
            answers={},
            lang=lang,
            resumed=False,
        )


def _prepare_new(
    session: Session,
    employee_no: str,
    kind: str,
    questionnaire_key: str | None,
    today: date,
    *,
    if_draft: str,
) -> tuple[Person, Separation | None, QuestionnaireVersion, Questionnaire]:
    """Everything a new interview needs, or why it cannot be held."""
    person = find_person(session, employee_no, lock=True)
    draft = _draft(session, person, kind)
    if draft is not None:
        raise InputError(
            f"{employee_no} has a draft {kind} interview ({draft.id}); {if_draft}: "
            f"retainkit interview discard {draft.id}"
        )
    separation, key = _eligible(session, person, kind, questionnaire_key, today)
    if kind == "exit":
        _refuse_second_exit(session, separation)
    row = latest(session, key)
    questionnaire = as_questionnaire(row)
    _check_questionnaire_kind(questionnaire, kind)
    return person, separation, row, questionnaire


def _new_interview(
    session: Session,
    person: Person,
    separation: Separation | None,
    questionnaire: QuestionnaireVersion,
    kind: str,
    **fields: Any,
) -> Interview:
    """The interview row of a live, declined or written interview, with its id."""
    interview = Interview(
        person_id=person.id,
        separation_id=separation.id if separation else None,
        questionnaire_id=questionnaire.id,
        kind=kind,
        **fields,
    )
    session.add(interview)
    session.flush()
    return interview


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
        raise InputError(
            f"the exit interview for separation {separation.id} is done already "
            f"(interview {done}); see: retainkit interview show {done}"
        )


def _locked_interview(session: Session, interview_id: int) -> Interview:
    from sqlalchemy import select

    interview = session.scalars(
        select(Interview).where(Interview.id == interview_id).with_for_update()
    ).one_or_none()
    if interview is None:
        raise NotFound(f"no interview {interview_id}; see: retainkit interview list")
    return interview


def save_answer(db: Database, interview_id: int, question: Question, value: Any) -> None:
    """Write one answer (or SKIPPED) to a draft at once, replacing an earlier one."""
    from sqlalchemy import select

    skipped = value is SKIPPED
    if skipped and not question.optional:
        raise InputError(f"question {question.key!r} cannot be skipped")
    stored = None if skipped else check_answer(question, value)
    with db.write() as session:
        interview = _locked_interview(session, interview_id)
        if interview.status != "draft":
            raise InputError(f"interview {interview_id} is {interview.status}, not a draft")
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


def complete(db: Database, interview_id: int, today: date) -> Completion:
    with db.write() as session:
        interview = _locked_interview(session, interview_id)
        if interview.status != "draft":
            raise InputError(f"interview {interview_id} is {interview.status}, not a draft")
        questionnaire = as_questionnaire(interview.questionnaire)
        answers = _answers_of(interview)
        missing = [
            q.key
            for q in questionnaire.questions
            if not q.optional and (q.key not in answers or answers[q.key] is SKIPPED)
        ]
        if missing:
            raise InputError(f"interview {interview_id} still needs: {', '.join(missing)}")
        return _finish(session, interview, questionnaire, answers, today)


def _finish(
    session: Session,
    interview: Interview,
    questionnaire: Questionnaire,
    answers: dict[str, Any],
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
    interview.status = "completed"
    interview.completed_at = now_of(session)
    session.flush()
    record_interview(session, interview, "done", today)
    return Completion(
        interview_id=interview.id,
        scores={dimension: score for dimension, (score, _) in scores.items()},
        actions=[f"{a.id}: {a.title}" for a in actions],
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
    """One action item for the manager per line (or ;-separated item) of a stay plan."""
    actions = []
    for question in questionnaire.questions:
        text = answers.get(question.key)
        if not question.action_items or not isinstance(text, str):
            continue
        for line in text.replace(";", "\n").splitlines():
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


def decline(
    db: Database,
    employee_no: str,
    kind: str,
    *,
    today: date,
    lang: str,
    why: str | None = None,
    questionnaire_key: str | None = None,
    mode: str | None = None,
    interviewer: str | None = None,
) -> Interview:
    """The person declined; for an exit, a written questionnaire is offered instead."""
    from retainkit.core.fields import text_option

    check_kind(kind)
    check_mode(mode)
    reason = text_option(why, "--why")
    with db.write() as session:
        person, separation, row, _ = _prepare_new(
            session, employee_no, kind, questionnaire_key, today, if_draft="discard it first"
        )
        interview = _new_interview(
            session, person, separation, row, kind, status="declined", mode=mode,
            interviewer=interviewer, held_by=None, lang=lang, decline_reason=reason,
            written_offered=kind == "exit", completed_at=now_of(session),
        )  # fmt: skip
        record_interview(session, interview, "declined", today)
    return interview


def read_answers_file(path: Path) -> dict[str, Any]:
    """A written questionnaire's answers: TOML, or JSON for a .json file."""
    text = read_text(path)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path.name} is not valid {_format_name(path)}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path.name} must map question keys to answers")
    return data


def _format_name(path: Path) -> str:
    return "JSON" if path.suffix.lower() == ".json" else "TOML"


def _is_empty(question: Question, raw: Any) -> bool:
    if raw is None or raw == "" or raw == []:
        return True
    return question.type == "reasons" and isinstance(raw, dict) and not raw.get("primary")


def check_written_answers(questionnaire: Questionnaire, data: dict[str, Any]) -> dict[str, Any]:
    """Every answer checked against the questionnaire; every bad key named at once."""
    problems = [
        f"{key}: not a question of {questionnaire.key} version {questionnaire.version}"
        for key in data
        if questionnaire.question(str(key)) is None
    ]
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        raw = data.get(question.key)
        if _is_empty(question, raw):
            if question.optional:
                answers[question.key] = SKIPPED
            else:
                problems.append(f"{question.key}: an answer is needed")
            continue
        try:
            answers[question.key] = check_answer(question, raw)
        except ValueError as exc:
            problems.append(f"{question.key}: {exc}")
    if problems:
        raise InputError(
            f"{len(problems)} problem(s) in the answers; nothing was recorded", details=problems
        )
    return answers


def record_written(
    db: Database,
    employee_no: str,
    kind: str,
    path: Path,
    *,
    today: date,
    lang: str,
    questionnaire_key: str | None = None,
    mode: str | None = "written",
    interviewer: str | None = None,
    held_by: str | None = None,
) -> Completion:
    """A written questionnaire: checked in full first, then recorded in one transaction."""
    check_kind(kind)
    check_mode(mode)
    data = read_answers_file(path)
    with db.write() as session:
        person, separation, row, questionnaire = _prepare_new(
            session, employee_no, kind, questionnaire_key, today,
            if_draft="finish it with --resume or discard it",
        )  # fmt: skip
        answers = check_written_answers(questionnaire, data)
        interview = _new_interview(
            session, person, separation, row, kind, status="draft", mode=mode or "written",
            interviewer=interviewer, held_by=held_by, lang=lang,
        )  # fmt: skip
        for question in questionnaire.questions:
            value = answers[question.key]
            skipped = value is SKIPPED
            interview.answers.append(
                Answer(
                    interview_id=interview.id,
                    question_key=question.key,
                    value=None if skipped else value,
                    skipped=skipped,
                    score=None if skipped else question.score(value),
                )
            )
        return _finish(session, interview, questionnaire, answers, today)


def discard(db: Database, interview_id: int) -> Interview:
    with db.write() as session:
        interview = _locked_interview(session, interview_id)
        if interview.status != "draft":
            raise InputError(
                f"interview {interview_id} is {interview.status}; only drafts can be discarded"
            )
        session.delete(interview)
    return interview


def list_interviews(
    db: Database,
    *,
    person: str | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    from sqlalchemy import func, select

    from retainkit.storage.models import QuestionnaireVersion

    if kind is not None:
        check_kind(kind)
    if status is not None and status not in INTERVIEW_STATUSES:
        raise InputError(f"--status must be one of {', '.join(INTERVIEW_STATUSES)}")
    answered = (
        select(Answer.interview_id, func.count().label("answered"))
        .group_by(Answer.interview_id)
        .subquery()
    )
    query = (
        select(
            Interview.id,
            Person.employee_no,
            Person.name,
            Interview.kind,
            QuestionnaireVersion.key,
            QuestionnaireVersion.version,
            Interview.status,
            Interview.mode,
            Interview.interviewer,
            Interview.started_at,
            Interview.completed_at,
            func.coalesce(answered.c.answered, 0),
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
        rows = session.execute(query).all()
    keys = (
        "id", "employee_no", "name", "kind", "questionnaire", "version", "status", "mode",
        "interviewer", "started_at", "completed_at", "answered", "retention_risk",
    )  # fmt: skip
    return [dict(zip(keys, row, strict=True)) for row in rows]


def interview_detail(db: Database, interview_id: int, lang: str) -> dict[str, Any]:
    from sqlalchemy import select

    with db.read() as session:
        interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f"no interview {interview_id}; see: retainkit interview list")
        questionnaire = as_questionnaire(interview.questionnaire)
        stored = {a.question_key: a for a in interview.answers}
        answers = []
        for question in questionnaire.questions:
            answer = stored.get(question.key)
            answers.append(
                {
                    "key": question.key,
                    "type": question.type,
                    "prompt": question.text(lang),
                    "answered": answer is not None,
                    "skipped": bool(answer and answer.skipped),
                    "value": answer.value if answer else None,
                    "label": question.describe(answer.value, lang)
                    if answer and not answer.skipped
                    else "",
                    "score": answer.score if answer else None,
                    "dimension": question.dimension,
                    "sensitive": question.sensitive,
                }
            )
        actions = session.scalars(
            select(ActionItem).where(ActionItem.interview_id == interview_id)
        ).all()
        return {
            "id": interview.id,
            "employee_no": interview.person.employee_no,
            "name": interview.person.name,
            "kind": interview.kind,
            "status": interview.status,
            "questionnaire": questionnaire.key,
            "version": questionnaire.version,
            "mode": interview.mode,
            "interviewer": interview.interviewer,
            "held_by": interview.held_by,
            "lang": interview.lang,
            "separation_id": interview.separation_id,
            "started_at": interview.started_at,
            "completed_at": interview.completed_at,
            "retention_risk": interview.retention_risk,
            "decline_reason": interview.decline_reason,
            "written_offered": interview.written_offered,
            "scores": {s.dimension: round(s.score, 1) for s in interview.scores},
            "reasons": [
                {"code": r.code, "primary": r.is_primary}
                for r in sorted(interview.reasons, key=lambda r: not r.is_primary)
            ],
            "answers": answers,
            "actions": [
                {
                    "id": a.id,
                    "title": a.title,
                    "urgent": a.urgent,
                    "due_date": a.due_date,
                    "owner": a.owner,
                    "status": a.status,
                }
                for a in actions
            ],
        }
