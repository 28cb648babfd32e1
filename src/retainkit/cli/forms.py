"""`retainkit interview form` and `interview collect`: written questionnaires as signed
spreadsheet forms, issued (written to a file or mailed to the person) and recorded when
they come back. Added to the interview group by cli/interviews.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from retainkit.base.errors import USAGE, InputError
from retainkit.cli.context import database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output
from retainkit.cli.params import IdArgument

if TYPE_CHECKING:
    from datetime import date

    from retainkit.core.interviews.completion import Completion
    from retainkit.storage.database import Database

COLLECT_COLUMNS = (
    Col("file", keep=None),
    Col("result", keep=None),
    Col("employee_no", "employee no", keep=2),
    Col("interview_id", "interview", numeric=True, keep=1),
    Col("message", keep=None, min_width=30),
)


def add_commands(app: typer.Typer) -> None:
    app.command("form")(form)
    app.command("collect")(collect)


def form(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="exit, stay or followup.")],
    employee_no: IdArgument,
    lang: Annotated[
        str | None, typer.Option("--lang", help="en or zh (default: the lang setting).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write the form here (default: form-N.xlsx, unless --send)."
        ),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Email it to the person through the smtp settings, logged as a contact.",
        ),
    ] = False,
    questionnaire: Annotated[
        str | None, typer.Option(help="Use this questionnaire instead of the default.")
    ] = None,
) -> None:
    """Issue a written questionnaire: a spreadsheet form for the person to fill in Excel,
    LibreOffice or WPS and return; record it with: retainkit interview collect FILE."""
    from retainkit.base.files import refuse_link
    from retainkit.cli.interviews import resolve_lang
    from retainkit.core.interviews.forms import (
        FIELDS_SHEET,
        LISTS_SHEET,
        issue_form,
        send_form,
        withdraw,
    )
    from retainkit.core.interviews.planning import check_kind
    from retainkit.core.settings import read_settings
    from retainkit.reports.form_book import form_workbook

    check_kind(kind)
    out = Output()
    if output is not None:
        refuse_link(output)
        if output.suffix.lower() != ".xlsx":
            raise InputError(f"{output}: the form is a workbook, so its name must end in .xlsx")
        if not output.parent.is_dir():
            raise InputError(
                f"the folder {output.parent} does not exist; create it first or choose another"
            )
        if output.exists():
            raise InputError(f"{output} exists already; choose another file name")
    db = database(ctx)
    language = resolve_lang(db, lang)
    today = today_of(ctx)
    smtp = read_settings(db).smtp if send else None
    if smtp is not None and not smtp.host:
        raise InputError("set the mail server first: retainkit config set smtp.host HOST")
    if smtp is not None and not smtp.sender:
        raise InputError("set the sender first: retainkit config set smtp.from ADDRESS")
    issued = issue_form(
        db, employee_no, kind, today=today, lang=language, questionnaire_key=questionnaire,
        to_send=send,
    )  # fmt: skip
    name = f"form-{issued.form_id}.xlsx"
    try:
        workbook = form_workbook(issued.sheet, fields_sheet=FIELDS_SHEET, lists_sheet=LISTS_SHEET)
    except BaseException:
        withdraw(db, issued.form_id)
        raise
    what = f"{kind} form {issued.form_id} ({issued.questionnaire_key} version " \
        f"{issued.questionnaire_version}) for {issued.employee_no}"  # fmt: skip
    if smtp is not None:
        contact = send_form(db, issued, workbook, smtp, today=today, filename=name)
        _audit(db, f"mail of form {issued.form_id}", issued.form_id)
        out.message(f"sent {what} by email; logged as contact {contact}")
    if output is not None or smtp is None:
        target = output or Path(name)
        try:
            _write(db, target, workbook, issued.form_id)
        except BaseException:
            if smtp is None:
                withdraw(db, issued.form_id)
            raise
        out.message(f"wrote {what} to {target}")
        out.value(str(target))


def _audit(db: Database, target: str, form_id: int) -> None:
    from retainkit.core.audit import record

    record(db, "export", target, 1, f"written questionnaire form {form_id}")


def _write(db: Database, target: Path, workbook: bytes, form_id: int) -> None:
    from retainkit.base.files import replaced_privately

    with replaced_privately(target, replace=False) as handle:
        handle.write(workbook)
        _audit(db, str(target.absolute()), form_id)


def collect(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Returned forms (XLSX).")],
    fmt: FormatOption = Format.table,
) -> None:
    """Record returned forms, each matched to its person and questionnaire by its
    signature and checked in full first. One line per file; a refused file changes nothing
    and the others go on. Exit 0 when every file was recorded, 2 when any was refused."""
    from retainkit.cli.notify import after_interviews
    from retainkit.core.interviews.form_return import collect as collect_forms

    out = Output(fmt)
    db = database(ctx)
    results = collect_forms(db, files, today=today_of(ctx))
    out.rows(
        [
            {
                "file": r.file, "result": "recorded" if r.recorded else "refused",
                "form_id": r.form_id, "employee_no": r.employee_no,
                "interview_id": r.interview_id, "message": r.message,
            }
            for r in results
        ],
        keys=["file", "result", "form_id", "employee_no", "interview_id", "message"],
        table=COLLECT_COLUMNS,
    )  # fmt: skip
    after_interviews(ctx, db, out, [r.completion for r in results if r.completion is not None])
    refused = sum(not r.recorded for r in results)
    if refused:
        out.message(
            f"{refused} of {len(results)} file(s) refused, nothing recorded from them; "
            f"{len(results) - refused} recorded"
        )
        raise typer.Exit(USAGE)
    out.message(f"recorded {len(results)} form(s)")


def record_form_file(
    db: Database,
    path: Path,
    employee_no: str,
    kind: str,
    *,
    today: date,
    interviewer: str | None,
    held_by: str | None,
) -> Completion:
    """`interview KIND PERSON --answers form.xlsx`: the form must be this person's and
    this kind's."""
    from retainkit.core.interviews.form_return import read_returned, record_returned

    returned = read_returned(db, path)
    return record_returned(
        db, returned, today=today, employee_no=employee_no, kind=kind,
        interviewer=interviewer, held_by=held_by,
    )  # fmt: skip
