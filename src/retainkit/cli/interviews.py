"""`retainkit interview`: run exit, stay and follow-up interviews; list, show, discard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from retainkit.base.errors import INTERRUPTED, InputError
from retainkit.base.vocab import INTERVIEW_KINDS, INTERVIEW_MODES, INTERVIEW_STATUSES
from retainkit.cli import context
from retainkit.cli.context import database, today_of
from retainkit.cli.forms import add_commands as add_form_commands
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of
from retainkit.cli.params import IdArgument, YesOption, choice_option, confirmed
from retainkit.cli.rows import row
from retainkit.core.reasons import LANGUAGES

if TYPE_CHECKING:
    from retainkit.storage.database import Database

interview_app = typer.Typer(
    help="Interviews: run exit, stay and follow-up interviews, or mail a written form and "
    "collect it; list, show, discard drafts.",
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
    from retainkit.cli.asking import word
    from retainkit.cli.forms import record_form_file
    from retainkit.cli.live_interview import (
        converse,
        holder_alive,
        let_go,
        report_completion,
        terminal_holder,
    )
    from retainkit.cli.notify import after_interviews
    from retainkit.core.interviewer import check_role
    from retainkit.core.interviews.form_return import is_form_file
    from retainkit.core.interviews.planning import start
    from retainkit.core.interviews.refusal import Refusal
    from retainkit.core.interviews.routing import no_owner_set
    from retainkit.core.interviews.written import decline as record_decline
    from retainkit.core.interviews.written import record_written

    out = Output()
    held_by = check_role(held_by)

    mode = choice_option(mode, INTERVIEW_MODES, "--mode")
    if why is not None and not decline:
        raise InputError("--why goes with --decline")
    if sum((resume, answers is not None, decline)) > 1:
        raise InputError("choose one of --resume, --answers and --decline")
    if answers is None and not decline and not context.can_prompt():
        # before the database is opened, so in the language given (the setting is in it)
        said = "zh" if lang == "zh" else "en"
        raise InputError(word("no_terminal", said).format(kind=kind))
    db = database(ctx)
    language = resolve_lang(db, lang)
    today = today_of(ctx)
    if decline:
        try:
            declined = record_decline(
                db, employee_no, kind, today=today, lang=language, why=why,
                questionnaire_key=questionnaire, mode=mode, interviewer=interviewer,
            )  # fmt: skip
        except Refusal as refused:
            raise InputError(refused.said_in(language)) from None
        out.message(
            word("declined_recorded", language).format(
                person=employee_no, kind=word(kind, language), id=declined.interview_id
            )
        )
        if declined.written_offered:
            out.message(word("offer_written", language).format(person=employee_no))
        return
    if answers is not None and is_form_file(answers):
        if mode not in (None, "written") or questionnaire is not None:
            raise InputError(
                "a returned form is a written interview with the questionnaire it was issued "
                "with; leave out --mode and --questionnaire"
            )
        completion = record_form_file(
            db, answers, employee_no, kind, today=today, interviewer=interviewer,
            held_by=held_by,
        )  # fmt: skip
        report_completion(completion, out, language)
        after_interviews(ctx, db, out, [completion])
        return
    if answers is not None:
        try:
            completion = record_written(
                db, employee_no, kind, answers, today=today, lang=language,
                questionnaire_key=questionnaire, mode=mode or "written",
                interviewer=interviewer, held_by=held_by,
            )  # fmt: skip
        except Refusal as refused:
            raise InputError(refused.said_in(language)) from None
        if kind == "exit":
            _warn_if_late(db, employee_no, today, out, language)
        report_completion(completion, out, language)
        after_interviews(ctx, db, out, [completion])
        return
    holder = terminal_holder()
    try:
        plan = start(
            db, employee_no, kind, today=today, lang=language, questionnaire_key=questionnaire,
            mode=mode, interviewer=interviewer, resume=resume, held_by=held_by, holder=holder,
            alive=holder_alive,
        )  # fmt: skip
    except Refusal as held:
        raise InputError(held.said_in(language)) from None
    if kind == "exit":
        _warn_if_late(db, employee_no, today, out, language)
    if no_owner_set(db, plan.interview_id):  # said now, not after the last question
        out.message(word("owner_unset", language))
    try:
        completion = converse(db, plan, today, out, holder)
    except Refusal as taken:
        raise InputError(taken.said_in(language)) from None
    except (KeyboardInterrupt, EOFError):
        let_go(db, plan.interview_id, holder)
        out.message(
            word("saved_draft", plan.lang).format(
                id=plan.interview_id, kind=kind, person=employee_no
            )
        )
        raise typer.Exit(INTERRUPTED) from None
    after_interviews(ctx, db, out, [completion])


def _warn_if_late(db: Database, employee_no: str, today: Any, out: Output, lang: str) -> None:
    from retainkit.cli.asking import word
    from retainkit.core.interviews.planning import late_exit

    late = late_exit(db, employee_no, today)
    if late is not None:
        months, last_day = late
        out.message(
            word("late_exit", lang).format(
                months=months, day=last_day.isoformat(), person=employee_no
            )
        )


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
            typer.Option(
                help="Record a written questionnaire: a TOML or JSON answers file, or a "
                "returned form (XLSX, from interview form)."
            ),
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
add_form_commands(interview_app)


def _number(raw: str) -> int:
    from retainkit.core.fields import number_argument

    return number_argument(raw, "an interview number", "retainkit interview list")


INTERVIEW_COLUMNS = (
    Col("id", numeric=True, keep=None),
    Col("employee_no", keep=None),
    Col("name", keep=4),
    Col("kind", keep=5),
    Col("questionnaire", keep=0),
    Col("status", keep=5),
    Col("answered", numeric=True, keep=1),
    Col("started_at", keep=3),
    Col("completed_at", keep=2),
)
"""The interview list as a table; on a narrow terminal the questionnaire, the count of
answers and the dates are left out before who, which kind and where it stands."""


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
    from retainkit.core.interviews.records import InterviewRow, list_interviews

    listed = list_interviews(
        database(ctx),
        person=person,
        kind=choice_option(kind, INTERVIEW_KINDS, "--kind"),
        status=choice_option(status, INTERVIEW_STATUSES, "--status"),
    )
    Output(fmt).rows(
        listed,
        keys=keys_of(InterviewRow),
        table=INTERVIEW_COLUMNS,
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
    from dataclasses import asdict

    from retainkit.core.interviews.records import StoredAnswer, interview_detail

    out = Output(fmt)
    db = database(ctx)
    interview = interview_detail(db, _number(number), resolve_lang(db, lang))
    if fmt is Format.json:
        out.record(asdict(interview))
        return
    if fmt is not Format.table:
        out.rows(interview.answers, keys=keys_of(StoredAnswer))
        return
    summary = {
        k: v
        for k, v in asdict(interview).items()
        if k not in ("answers", "actions", "scores", "reasons", "notes") and v not in (None, "")
    }
    if interview.scores:
        summary["scores"] = ", ".join(f"{d} {s:.0f}" for d, s in sorted(interview.scores.items()))
    if interview.reasons:
        summary["reasons"] = ", ".join(
            r.code + (" (primary)" if r.primary else "") for r in interview.reasons
        )
    out.record(summary, title=f"Interview {interview.id}")
    answered = [a for a in interview.answers if a.answered or a.not_asked]
    if answered:
        out.rows(
            [
                {
                    "question": a.prompt,
                    "answer": a.label or ("(not asked)" if a.not_asked else "(skipped)"),
                    "score": "" if a.score is None else f"{a.score:.0f}",
                }
                for a in answered
            ],
            table=(
                Col("question", keep=None),
                Col("answer", keep=None),
                Col("score", numeric=True, keep=None),
            ),
            title="Answers",
        )
    if interview.notes:
        out.rows(
            [{"number": n.number, "question": n.question, "note": n.text} for n in interview.notes],
            table=(
                Col("number", "#", numeric=True, keep=None),
                Col("question", keep=1),
                Col("note", keep=None),
            ),
            title="Interviewer's notes (private)",
        )
    if interview.actions:
        out.rows(
            [row(a) | {"owner": a.owner_name} for a in interview.actions],
            table=(
                Col("id", numeric=True, keep=None),
                Col("title", keep=None),
                Col("urgent", keep=1),
                Col("due_date", keep=2),
                Col("owner", keep=1),
                Col("status", keep=2),
            ),
            title="Action items",
        )


@interview_app.command("discard")
def discard_(
    ctx: typer.Context, number: NumberArgument, yes: YesOption = False, lang: LangOption = None
) -> None:
    """Remove a draft interview, its answers and notes, after asking (or with --yes). Its
    number is never given to another interview."""
    from retainkit.cli.asking import word
    from retainkit.cli.live_interview import holder_alive
    from retainkit.core.interviews.records import discard, interview_detail
    from retainkit.core.interviews.refusal import Refusal

    interview_id = _number(number)
    db = database(ctx)
    language = resolve_lang(db, lang)
    draft = interview_detail(db, interview_id, language)
    if draft.status != "draft":
        raise InputError(
            f"interview {interview_id} is {draft.status}; only drafts can be discarded"
        )
    answered = sum(a.answered for a in draft.answers)
    question = word("discard_ask_one" if answered == 1 else "discard_ask", language)
    kind = word(draft.kind, language)
    asked = question.format(id=interview_id, kind=kind, person=draft.employee_no, n=answered)
    confirmed(yes, asked, language)
    try:
        discard(db, interview_id, holder_alive)
    except Refusal as held:
        raise InputError(held.said_in(language)) from None
    Output().message(word("discarded", language).format(id=interview_id))
