"""Interviews not held live: a written questionnaire recorded from an answers file, checked
in full before anything is stored; and an interview the person declined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.fields import text_option
from retainkit.core.followups import record_interview
from retainkit.core.interviews.completion import Completion, finish
from retainkit.core.interviews.planning import (
    check_interviewer,
    check_kind,
    check_mode,
    new_interview,
    prepare_new,
)
from retainkit.core.questionnaires.answers import NOT_ASKED, SKIPPED, check_answer
from retainkit.core.questionnaires.conditions import applies
from retainkit.core.questionnaires.loading import parse_data, read_limited
from retainkit.core.questionnaires.model import Question, Questionnaire, describe_condition
from retainkit.storage.database import now_of
from retainkit.storage.models import Answer

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass(frozen=True)
class Declined:
    """A declined interview; for an exit, a written questionnaire is to be offered."""

    interview_id: int
    written_offered: bool


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
) -> Declined:
    """The person declined; for an exit, a written questionnaire is offered instead."""
    check_kind(kind)
    check_mode(mode)
    interviewer = check_interviewer(interviewer)
    reason = text_option(why, "--why")
    with db.write() as session:
        new = prepare_new(
            session, employee_no, kind, questionnaire_key, today, if_draft="draft_discard_first"
        )
        interview = new_interview(
            session, new, kind, status="declined", mode=mode, interviewer=interviewer,
            held_by=None, lang=lang, decline_reason=reason, written_offered=kind == "exit",
            completed_at=now_of(session),
        )  # fmt: skip
        record_interview(session, interview, "declined", today)
        return Declined(interview.id, interview.written_offered)


MAX_ANSWERS_BYTES = 16_000_000
"""An answers file holds at most 200 answers of at most 10,000 characters each: even written
as JSON escapes that is under 16 MB."""


def read_answers_file(path: Path) -> dict[str, Any]:
    """A written questionnaire's answers: TOML, or JSON for a .json file."""
    text = read_limited(path, MAX_ANSWERS_BYTES, "an answers file")
    data = parse_data(text, path.name, json_format=path.suffix.lower() == ".json")
    if not isinstance(data, dict):
        raise InputError(f"{path.name} must map question keys to answers")
    return data


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
    counted: dict[str, Any] = {}  # the answers conditions look at: none that failed
    for question in questionnaire.questions:
        raw = data.get(question.key)
        if not applies(question, counted):
            answers[question.key] = NOT_ASKED
            if not _is_empty(question, raw):
                when = describe_condition(questionnaire, question, "en", as_written=True)
                problems.append(f"{question.key}: answered, but it is {when}; leave it empty")
            continue
        if _is_empty(question, raw):
            if not question.required:
                answers[question.key] = SKIPPED
            else:
                problems.append(f"{question.key}: an answer is needed")
            continue
        try:
            answers[question.key] = counted[question.key] = check_answer(question, raw)
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
    interviewer = check_interviewer(interviewer)
    data = read_answers_file(path)
    if not data:  # every question may be skipped, but a file without a key is a mistake
        raise InputError(
            f"{path} holds no answers; fill in the template (retainkit questionnaire template "
            f"{kind}), leaving empty what was skipped, or record a refusal with --decline"
        )
    with db.write() as session:
        new = prepare_new(
            session, employee_no, kind, questionnaire_key, today,
            if_draft="draft_finish_or_discard",
        )  # fmt: skip
        questionnaire = new.questionnaire
        answers = check_written_answers(questionnaire, data)
        interview = new_interview(
            session, new, kind, status="draft", mode=mode or "written",
            interviewer=interviewer, held_by=held_by, lang=lang,
        )  # fmt: skip
        for question in questionnaire.questions:
            value = answers[question.key]
            unset = value is SKIPPED or value is NOT_ASKED
            interview.answers.append(
                Answer(
                    interview_id=interview.id,
                    question_key=question.key,
                    value=None if unset else value,
                    skipped=value is SKIPPED,
                    not_asked=value is NOT_ASKED,
                    score=None if unset else question.score(value),
                )
            )
        return finish(session, interview, questionnaire, answers, today)
