"""A live interview in the terminal: the header, each question in turn, the review screen
where any answer can be changed, and what completing it recorded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from retainkit.cli.output import Col, Output, console
from retainkit.cli.terminal import plain, visible

if TYPE_CHECKING:
    from retainkit.core.interviews.completion import Completion
    from retainkit.core.interviews.planning import InterviewPlan
    from retainkit.storage.database import Database


def converse(db: Database, plan: InterviewPlan, today: date, out: Output) -> None:
    """Ask each unanswered question, then review until the answers are saved as they are.

    Every answer is saved the moment it is given: Ctrl-C or Ctrl-D (KeyboardInterrupt,
    EOFError, for the caller to handle) leaves a draft with all of them.
    """
    from retainkit.cli.asking import ask, choose_to_change
    from retainkit.core.interviews.answering import save_answer
    from retainkit.core.interviews.completion import complete

    _header(plan, today)
    answers = dict(plan.answers)
    for question in plan.unanswered():
        value = ask(question, plan.lang)
        save_answer(db, plan.interview_id, question, value)
        answers[question.key] = value
    questions = list(plan.questionnaire.questions)
    while True:
        labels = _answer_labels(plan, answers)
        _review_table(plan, labels, out)
        key = choose_to_change(questions, labels, plan.lang)
        if key is None:
            break
        question = next(q for q in questions if q.key == key)
        value = ask(question, plan.lang, answers.get(key))
        save_answer(db, plan.interview_id, question, value)
        answers[key] = value
    report_completion(complete(db, plan.interview_id, today), out)


def _answer_labels(plan: InterviewPlan, answers: dict[str, Any]) -> dict[str, str]:
    from retainkit.cli.asking import word
    from retainkit.core.questionnaires.answers import SKIPPED

    labels = {}
    for question in plan.questionnaire.questions:
        value = answers.get(question.key)
        if value is SKIPPED:
            labels[question.key] = word("skipped", plan.lang)
        elif value is not None:
            labels[question.key] = question.describe(value, plan.lang)
    return labels


def _header(plan: InterviewPlan, today: date) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    def safe(text: str) -> str:  # stored text inside markup: shown as it is, never run
        return escape(visible(text))

    subject = plan.subject
    questionnaire = plan.questionnaire
    lines = [
        f"[bold]{safe(subject.name)}[/bold] ({safe(subject.employee_no)})",
        " · ".join(
            safe(part)
            for part in (
                subject.department,
                subject.title,
                f"tenure {subject.tenure(today)}",
                f"last day {subject.last_day.isoformat()}" if subject.last_day else None,
            )
            if part
        ),
    ]
    if subject.suggested and plan.kind == "exit":
        lines.append(f"Suggested interviewer: {safe(subject.suggested)}")
    if subject.history:
        lines += ["", "[bold]Earlier[/bold]", *map(safe, subject.history)]
    if plan.resumed:
        lines += ["", f"Resuming draft {plan.interview_id}: {len(plan.answers)} answers kept."]
    screen = console()
    title = f"{questionnaire.label(plan.lang)} · {questionnaire.key} v{questionnaire.version}"
    screen.print(Panel("\n".join(lines), title=plain(title), title_align="left"))
    if questionnaire.purpose and not plan.resumed:
        purpose = plain(questionnaire.purpose[plan.lang])
        screen.print(Panel(purpose, title="Purpose", title_align="left"))


REVIEW_COLUMNS = (
    Col("number", "#", numeric=True, keep=None),
    Col("question", keep=None),
    Col("answer", keep=None),
)


def _review_table(plan: InterviewPlan, labels: dict[str, str], out: Output) -> None:
    rows = [
        {
            "number": number,
            "question": question.text(plan.lang),
            "answer": labels.get(question.key, ""),
        }
        for number, question in enumerate(plan.questionnaire.questions, start=1)
    ]
    out.rows(rows, table=REVIEW_COLUMNS, title=f"Interview {plan.interview_id}")


def report_completion(completion: Completion, out: Output) -> None:
    scores = ", ".join(f"{d} {s:.0f}" for d, s in sorted(completion.scores.items()))
    out.message(
        f"interview {completion.interview_id} completed" + (f"; scores: {scores}" if scores else "")
    )
    if completion.retention_risk:
        out.message(f"retention risk: {completion.retention_risk}")
    for action in completion.actions:
        out.message(f"action item {action.id}: {action.title}")
