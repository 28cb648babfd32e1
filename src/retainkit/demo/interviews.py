"""Interviews for the demo organisation, consistent with each person's story.

An exit interview's stated reasons follow the kind of separation (a layoff is stated as
restructuring); a voluntary leaver's primary reason lowers the matching scores (someone who
left over pay rates pay low). Stay interviews go to high performers and core people. The
rows are written in bulk, with the scores, reasons and action items the same functions
compute for a real interview.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.core.interviews.completion import flag_actions, stay_plan_actions
from retainkit.core.interviews.routing import Owners
from retainkit.core.library import as_questionnaire, latest
from retainkit.core.questionnaires.conditions import applies
from retainkit.core.questionnaires.model import Questionnaire, dimension_scores
from retainkit.demo.answers import REASON_DIMENSION, answer
from retainkit.demo.loop import settle_actions

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

STATED_REASON = {
    "involuntary": "involuntary_performance",
    "layoff": "involuntary_restructuring",
    "retirement": "retirement",
    "end_of_contract": "end_of_contract",
}
VOLUNTARY_REASONS = (
    ("compensation", 22), ("career_growth", 20), ("manager", 15), ("workload", 10),
    ("flexibility", 8), ("team_and_culture", 6), ("relocation", 5), ("family", 4),
    ("study", 3), ("working_conditions", 3), ("training", 2), ("performance_appraisal", 2),
    ("health", 2), ("health_and_safety", 1), ("other", 1),
)  # fmt: skip
MODES = (("in_person", 45), ("phone", 25), ("video", 20), ("written", 10))
HEAD_OF_PEOPLE = "Head of People"
"""Who owns the demo's urgent items that no manager may (as its strategic ones)."""


@dataclass(frozen=True)
class DemoInterviews:
    """The rows of the demo's interviews, filled as they are generated."""

    interviews: list[dict[str, Any]] = field(default_factory=list)
    answers: list[list[Any]] = field(default_factory=list)
    scores: list[list[Any]] = field(default_factory=list)
    reasons: list[list[Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def generate_interviews(
    rng: random.Random,
    *,
    people: list[dict[str, Any]],
    separations: list[dict[str, Any]],
    ids: dict[str, int],
    separation_ids: list[int],
    exit_q: tuple[int, Questionnaire],
    stay_q: tuple[int, Questionnaire],
    today: date,
    first_id: int = 1,
) -> DemoInterviews:
    """Interview rows for the demo; `ids` maps employee numbers to person ids."""
    out = DemoInterviews()
    by_number = {p["employee_no"]: p for p in people}
    interviewers = [p["name"] for p in people if p["department"] == "Human Resources"][:6] or ["HR"]
    next_id = first_id
    for separation, separation_id in zip(separations, separation_ids, strict=True):
        person = by_number[separation["employee_no"]]
        roll = rng.random()
        if separation["last_day"] > today + timedelta(days=7) or roll < 0.10:
            continue  # not held (yet)
        status = "declined" if roll < 0.22 else "draft" if roll < 0.25 else "completed"
        kind = separation["kind"]
        primary = STATED_REASON.get(kind) or _weighted(rng, VOLUNTARY_REASONS)
        pool = [code for code in REASON_DIMENSION if code != primary]
        contributing = rng.sample(pool, rng.choice((0, 1, 1, 2))) if kind == "voluntary" else []
        held_on = min(separation["last_day"] - timedelta(days=rng.randint(0, 10)), today)
        if separation["hire_date"] is not None:  # never before that employment began
            held_on = max(held_on, separation["hire_date"])
        _add(
            out, rng, next_id, person, ids, exit_q, status=status, kind="exit",
            separation_id=separation_id, held_on=held_on, interviewers=interviewers,
            primary=primary, contributing=contributing,
            would_stay=separation["regrettable"] and rng.random() < 0.2,
            regrettable=separation["regrettable"], today=today,
        )  # fmt: skip
        next_id += 1
    for person in people:
        if person["status"] != "active" or not (
            person["high_performer"] or person["level"] == "core"
        ):
            continue
        if rng.random() < 0.1:
            continue  # newly eligible, or missed: their stay interview is due
        held_on = today - timedelta(days=rng.randint(5, 330))
        hired = person["hire_date"]
        if hired is not None and held_on < hired + timedelta(days=30):
            if hired + timedelta(days=30) > today - timedelta(days=5):
                continue  # too new for a stay interview yet
            held_on = hired + timedelta(days=rng.randint(30, (today - hired).days - 5))
        _add(
            out, rng, next_id, person, ids, stay_q, status="completed", kind="stay",
            separation_id=None, held_on=held_on, interviewers=interviewers, primary="",
            contributing=[], would_stay=False, regrettable=True, today=today,
        )  # fmt: skip
        next_id += 1
    return out


def _add(
    out: DemoInterviews,
    rng: random.Random,
    interview_id: int,
    person: dict[str, Any],
    ids: dict[str, int],
    questionnaire: tuple[int, Questionnaire],
    *,
    status: str,
    kind: str,
    separation_id: int | None,
    held_on: date,
    interviewers: list[str],
    primary: str,
    contributing: list[str],
    would_stay: bool,
    regrettable: bool,
    today: date,
) -> None:
    questionnaire_id, definition = questionnaire
    lang = "zh" if person["location"] == "Shanghai" else "en"
    mode = "written" if status == "declined" else _weighted(rng, MODES)
    interviewer = rng.choice(interviewers)
    mood = rng.gauss(3.5 if kind == "stay" else 3.1, 0.5)
    answers: dict[str, Any] = {}
    questions = definition.questions
    if status == "draft":
        questions = questions[: rng.randint(1, len(questions) // 2)]
    if status != "declined":
        for question in questions:
            if not applies(question, answers):  # a follow-up of an answer not given
                out.answers.append(
                    [interview_id, question.key, None, False, None, _at(held_on, 10), True]
                )
                continue
            value = answer(
                rng, question, mood=mood, primary=primary, contributing=contributing,
                lang=lang, would_stay=would_stay, regrettable=regrettable,
            )  # fmt: skip
            answers[question.key] = value
            out.answers.append(
                [interview_id, question.key, value, value is None, question.score(value),
                 _at(held_on, 10), False]
            )  # fmt: skip
    completed = status == "completed"
    given = {k: v for k, v in answers.items() if v is not None}
    out.interviews.append(
        {
            "id": interview_id,
            "person_id": ids[person["employee_no"]],
            "separation_id": separation_id,
            "questionnaire_id": questionnaire_id,
            "kind": kind,
            "status": status,
            "mode": mode if status != "declined" else None,
            "interviewer": interviewer,
            "held_by": "hr" if status in ("completed", "draft") else None,  # HR interviewers
            "lang": lang,
            "retention_risk": given.get("retention_risk") if completed else None,
            "decline_reason": "Prefers not to meet" if status == "declined" else None,
            "written_offered": status == "declined" and kind == "exit",
            "started_at": _at(held_on, 10),
            "updated_at": _at(held_on, 11),
            "completed_at": _at(held_on, 11) if status != "draft" else None,
        }
    )
    if not completed:
        return
    for dimension, (score, count) in dimension_scores(definition, given).items():
        out.scores.append([interview_id, dimension, score, count])
    reasons = given.get("reasons")
    if reasons:
        out.reasons.append([interview_id, reasons["primary"], True])
        out.reasons.extend([interview_id, code, False] for code in reasons["contributing"])
    common = {
        "interview_id": interview_id,
        "employee_no": person["employee_no"],
        "manager_no": person["manager_no"],
        "today": min(held_on, today),
    }
    owners = Owners(interviewer, person["manager_no"], HEAD_OF_PEOPLE, HEAD_OF_PEOPLE)
    flags = flag_actions(
        definition, given, interview_kind=kind, interviewer=interviewer,
        separation_id=separation_id, owners=owners, **common,
    )  # fmt: skip
    out.actions.extend(flags)
    out.actions.extend(stay_plan_actions(definition, given, owners=owners, **common))


def write_interviews(
    session: Session,
    connection: Connection,
    rng: random.Random,
    *,
    people: list[dict[str, Any]],
    separations: list[dict[str, Any]],
    ids: dict[str, int],
    separation_ids: list[int],
    today: date,
) -> DemoInterviews:
    from sqlalchemy import func, insert, select

    from retainkit.storage.bulk import advance_sequence, executemany
    from retainkit.storage.models import (
        ActionItem,
        Answer,
        Interview,
        InterviewScore,
        StatedReason,
        table_of,
    )

    exit_row, stay_row = latest(session, "exit"), latest(session, "stay")
    first_id = (connection.scalar(select(func.max(Interview.id))) or 0) + 1
    made = generate_interviews(
        rng, people=people, separations=separations, ids=ids, separation_ids=separation_ids,
        exit_q=(exit_row.id, as_questionnaire(exit_row)),
        stay_q=(stay_row.id, as_questionnaire(stay_row)), today=today, first_id=first_id,
    )  # fmt: skip
    if made.interviews:
        keys = list(made.interviews[0])
        executemany(
            connection,
            insert(table_of(Interview)),
            keys,
            ([i[k] for k in keys] for i in made.interviews),
        )
        advance_sequence(connection, table_of(Interview))
    executemany(
        connection,
        insert(table_of(Answer)),
        ["interview_id", "question_key", "value", "skipped", "score", "answered_at", "not_asked"],
        made.answers,
    )
    executemany(
        connection,
        insert(table_of(InterviewScore)),
        ["interview_id", "dimension", "score", "answers"],
        made.scores,
    )
    executemany(
        connection,
        insert(table_of(StatedReason)),
        ["interview_id", "code", "is_primary"],
        made.reasons,
    )
    departments = sorted({p["department"] for p in people if p["department"]})
    settle_actions(rng, made.actions, today, departments)
    if made.actions:
        keys = list(made.actions[0])
        executemany(
            connection,
            insert(table_of(ActionItem)),
            keys,
            ([a[k] for k in keys] for a in made.actions),
            {"created_at": _at(today, 12), "updated_at": _at(today, 12)},
        )
    return made
