"""`retainkit interview`: run exit, stay and follow-up interviews; list, show, discard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from retainkit.base.errors import INTERRUPTED, InputError
from retainkit.base.vocab import INTERVIEW_KINDS, INTERVIEW_MODES, INTERVIEW_STATUSES
from retainkit.cli import context
from retainkit.cli.context import database, today_of
from retainkit.cli.output import Format, FormatOption, console, emit_record, emit_rows, message
from retainkit.cli.params import IdArgument, choice_option
from retainkit.core.reasons import LANGUAGES

if TYPE_CHECKING:
    from retainkit.core.interviews import Completion, InterviewPlan
    from retainkit.storage.database import Database

interview_app = typer.Typer(
    help="Interviews: run exit, stay and follow-up interviews; list, show, discard drafts.",
    no_args_is_help=True,
)
NumberArgument = Annotated[str, typer.Argument(metavar="N", help="Interview number.")]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="en or zh (default: the lang setting).")
]


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(interview_app, name="interview")


def resolve_lang(db: Database, lang: str | None) -> str:
    if lang is not None:
        return choice_option(lang, LANGUAGES, "--lang") or "en"
    from retainkit.core.settings import get_setting

    return get_setting(db, "lang")


def _run(
    ctx: typer.Context,
    kind: str,
    employee_no: str,
    *,
    mode: str | None,
    interviewer: str | None,
    lang: str | None,
    resume: bool,
    answers: Path | None,
    decline: bool,
    why: str | None,
    questionnaire: str | None,
    held_by: str | None = None,
) -> None:
    from retainkit.core import interviews
    from retainkit.core.interviewer import check_role

    held_by = check_role(held_by)

    mode = choice_option(mode, INTERVIEW_MODES, "--mode")
    if why is not None and not decline:
        raise InputError("--why goes with --decline")
    if sum((resume, answers is not None, decline)) > 1:
        raise InputError("choose one of --resume, --answers and --decline")
    if answers is None and not decline and not context.can_prompt():
        raise InputError(
            "no terminal to ask the questions on; record a written questionnaire with "
            f"--answers FILE (a template: retainkit questionnaire template {kind})"
        )
    db = database(ctx)
    language = resolve_lang(db, lang)
    today = today_of(ctx)
    if decline:
        declined = interviews.decline(
            db, employee_no, kind, today=today, lang=language, why=why,
            questionnaire_key=questionnaire, mode=mode, interviewer=interviewer,
        )  # fmt: skip
        message(f"recorded that {employee_no} declined the {kind} interview ({declined.id})")
        if declined.written_offered:
            message(
                "offer the written questionnaire: retainkit questionnaire template exit "
                f"> {employee_no}-exit.toml; record it with --answers"
            )
        return
    if answers is not None:
        completion = interviews.record_written(
            db, employee_no, kind, answers, today=today, lang=language,
            questionnaire_key=questionnaire, mode=mode or "written", interviewer=interviewer,
            held_by=held_by,
        )  # fmt: skip
        _report(completion)
        return
    plan = interviews.start(
        db, employee_no, kind, today=today, lang=language, questionnaire_key=questionnaire,
        mode=mode, interviewer=interviewer, resume=resume, held_by=held_by,
    )  # fmt: skip
    try:
        _converse(db, plan, today)
    except (KeyboardInterrupt, EOFError):
        message(
            f"saved as draft {plan.interview_id}; continue with: "
            f"retainkit interview {kind} {employee_no} --resume"
        )
        raise typer.Exit(INTERRUPTED) from None


def _converse(db: Database, plan: InterviewPlan, today: date) -> None:
    from retainkit.cli.asking import ask, choose_to_change
    from retainkit.core.interviews import complete, save_answer

    _header(plan, today)
    for question in plan.unanswered():
        value = ask(question, plan.lang)
        save_answer(db, plan.interview_id, question, value)
        plan.answers[question.key] = value
    questions = list(plan.questionnaire.questions)
    while True:
        labels = _answer_labels(plan)
        _review_table(plan, labels)
        key = choose_to_change(questions, labels, plan.lang)
        if key is None:
            break
        question = next(q for q in questions if q.key == key)
        value = ask(question, plan.lang, plan.answers.get(key))
        save_answer(db, plan.interview_id, question, value)
        plan.answers[key] = value
    _report(complete(db, plan.interview_id, today))


def _answer_labels(plan: InterviewPlan) -> dict[str, str]:
    from retainkit.cli.asking import word
    from retainkit.core.interviews import SKIPPED

    labels = {}
    for question in plan.questionnaire.questions:
        value = plan.answers.get(question.key)
        if value is SKIPPED:
            labels[question.key] = word("skipped", plan.lang)
        elif value is not None:
            labels[question.key] = question.describe(value, plan.lang)
    return labels


def _header(plan: InterviewPlan, today: date) -> None:
    from rich.panel import Panel

    subject = plan.subject
    questionnaire = plan.questionnaire
    lines = [
        f"[bold]{subject.name}[/bold] ({subject.employee_no})",
        " · ".join(
            part
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
        lines.append(f"Suggested interviewer: {subject.suggested}")
    if subject.history:
        lines += ["", "[bold]Earlier[/bold]", *subject.history]
    if plan.resumed:
        lines += ["", f"Resuming draft {plan.interview_id}: {len(plan.answers)} answers kept."]
    out = console()
    title = f"{questionnaire.label(plan.lang)} · {questionnaire.key} v{questionnaire.version}"
    out.print(Panel("\n".join(lines), title=title, title_align="left"))
    if questionnaire.purpose and not plan.resumed:
        out.print(Panel(questionnaire.purpose[plan.lang], title="Purpose", title_align="left"))


def _review_table(plan: InterviewPlan, labels: dict[str, str]) -> None:
    from rich.table import Table

    table = Table(title=f"Interview {plan.interview_id}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("question", overflow="fold")
    table.add_column("answer", overflow="fold")
    for number, question in enumerate(plan.questionnaire.questions, start=1):
        table.add_row(str(number), question.text(plan.lang), labels.get(question.key, ""))
    console().print(table)


def _report(completion: Completion) -> None:
    scores = ", ".join(f"{d} {s:.0f}" for d, s in sorted(completion.scores.items()))
    message(
        f"interview {completion.interview_id} completed" + (f"; scores: {scores}" if scores else "")
    )
    if completion.retention_risk:
        message(f"retention risk: {completion.retention_risk}")
    for action in completion.actions:
        message(f"action item {action}")


def _interview_command(kind: str) -> Any:
    def command(
        ctx: typer.Context,
        employee_no: IdArgument,
        mode: Annotated[
            str | None, typer.Option(help=f"How it is held: {', '.join(INTERVIEW_MODES)}.")
        ] = None,
        interviewer: Annotated[str | None, typer.Option(help="Who holds the interview.")] = None,
        lang: LangOption = None,
        resume: Annotated[
            bool,
            typer.Option("--resume", help="Continue the draft at its first unanswered question."),
        ] = False,
        answers: Annotated[
            Path | None,
            typer.Option(help="Record a written questionnaire from a TOML or JSON file."),
        ] = None,
        decline: Annotated[
            bool, typer.Option("--decline", help="Record that the person declined.")
        ] = False,
        why: Annotated[str | None, typer.Option(help="With --decline: the reason given.")] = None,
        questionnaire: Annotated[
            str | None, typer.Option(help="Use this questionnaire instead of the default.")
        ] = None,
        held_by: Annotated[
            str | None,
            typer.Option(help="Who held it: manager, hr or leadership (the header suggests one)."),
        ] = None,
    ) -> None:
        _run(
            ctx, kind, employee_no, mode=mode, interviewer=interviewer, lang=lang,
            resume=resume, answers=answers, decline=decline, why=why,
            questionnaire=questionnaire, held_by=held_by,
        )  # fmt: skip

    command.__doc__ = {
        "exit": "Run an exit interview with someone who is leaving (needs a separation).",
        "stay": "Run a stay interview with someone the organisation wants to keep.",
        "followup": "Run a follow-up interview with a former employee (first or mid, by the "
        "time since the last day).",
    }[kind]
    command.__name__ = f"interview_{kind}"
    return command


for _kind in INTERVIEW_KINDS:
    interview_app.command(_kind)(_interview_command(_kind))


def _number(raw: str) -> int:
    from retainkit.core.fields import number_argument

    return number_argument(raw, "an interview number", "retainkit interview list")


@interview_app.command("list")
def list_(
    ctx: typer.Context,
    person: Annotated[str | None, typer.Option(help="Only this employee number.")] = None,
    kind: Annotated[
        str | None, typer.Option(help=f"Only {', '.join(INTERVIEW_KINDS)} interviews.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help=f"Only {', '.join(INTERVIEW_STATUSES)} ones.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List interviews."""
    from retainkit.core.interviews import list_interviews

    rows = list_interviews(
        database(ctx),
        person=person,
        kind=choice_option(kind, INTERVIEW_KINDS, "--kind"),
        status=choice_option(status, INTERVIEW_STATUSES, "--status"),
    )
    emit_rows(
        rows,
        fmt,
        columns=(
            "id",
            "employee_no",
            "name",
            "kind",
            "questionnaire",
            "status",
            "answered",
            "started_at",
            "completed_at",
        ),
        empty="no interviews match",
    )


@interview_app.command("show")
def show(
    ctx: typer.Context,
    number: NumberArgument,
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show an interview: its answers with their labels, scores and action items."""
    from retainkit.core.interviews import interview_detail

    db = database(ctx)
    detail = interview_detail(db, _number(number), resolve_lang(db, lang))
    if fmt is not Format.table:
        emit_record(detail, Format.json) if fmt is Format.json else emit_rows(
            detail["answers"], fmt
        )
        return
    summary = {
        k: v
        for k, v in detail.items()
        if k not in ("answers", "actions", "scores", "reasons") and v not in (None, "")
    }
    if detail["scores"]:
        summary["scores"] = ", ".join(f"{d} {s:.0f}" for d, s in sorted(detail["scores"].items()))
    if detail["reasons"]:
        summary["reasons"] = ", ".join(
            r["code"] + (" (primary)" if r["primary"] else "") for r in detail["reasons"]
        )
    emit_record(summary, fmt, title=f"Interview {detail['id']}")
    answered = [a for a in detail["answers"] if a["answered"]]
    if answered:
        emit_rows(
            [
                {
                    "question": a["prompt"],
                    "answer": "(skipped)" if a["skipped"] else a["label"],
                    "score": "" if a["score"] is None else f"{a['score']:.0f}",
                }
                for a in answered
            ],
            fmt,
            title="Answers",
        )
    if detail["actions"]:
        emit_rows(detail["actions"], fmt, title="Action items")


@interview_app.command("discard")
def discard_(ctx: typer.Context, number: NumberArgument) -> None:
    """Remove a draft interview and its answers."""
    from retainkit.core.interviews import discard

    interview = discard(database(ctx), _number(number))
    message(f"discarded draft interview {interview.id}")
