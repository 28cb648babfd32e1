"""Returned forms: read with python-calamine, matched to their person and questionnaire
version by the signature, checked in full, then recorded as a written interview in one
transaction; or many at once, each on its own, one result per file.

A form is refused, with one line and nothing recorded, when it is not a retainkit form,
was made by another database, has altered fields (the signature does not match), is not
on record here, was recorded already, is for someone or something else than the command
says, or holds an answer that cannot be read.
"""

from __future__ import annotations

import hmac
import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.import_limits import scan_workbook, workbook_bytes
from retainkit.core.interviews.completion import Completion
from retainkit.core.interviews.form_layout import FormCell, form_rows, nothing_filled, read_answers
from retainkit.core.interviews.forms import (
    FIELD_NAMES,
    FIELDS_SHEET,
    SIGNATURE,
    database_mark,
    form_secret,
    signature,
)
from retainkit.core.interviews.planning import prepare_new
from retainkit.core.interviews.written import check_written_answers, store_written
from retainkit.core.library import as_questionnaire, version
from retainkit.core.questionnaires.model import Questionnaire
from retainkit.storage.models import FormIssue, Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

KEY_COLUMN = 0
ANSWER_COLUMN = 3
ANSWER_LETTER = "D"


@dataclass(frozen=True)
class ReturnedForm:
    """A returned form, verified and its answers read, not yet recorded."""

    name: str
    form_id: int
    person_id: int
    employee_no: str
    kind: str
    questionnaire_key: str
    questionnaire_version: int
    lang: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Collected:
    """What became of one file of `interview collect`."""

    file: str
    recorded: bool
    message: str
    form_id: int | None = None
    employee_no: str | None = None
    interview_id: int | None = None
    completion: Completion | None = None
    """The interview recorded (its action items: the urgent flags to post)."""


def is_form_file(path: Path) -> bool:
    """Whether the file is a workbook (an XLSX form) rather than a TOML or JSON answers
    file, by its content."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
    except OSError:
        return False  # the answers-file reader says what is wrong with the path
    return True


def _sheets(path: Path) -> tuple[list[list[Any]], list[list[Any]]]:
    """The form sheet's rows and the fields sheet's rows."""
    from python_calamine import CalamineWorkbook

    name = path.name
    data = workbook_bytes(path)  # checked and read from the same bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(f"{name} is not an XLSX workbook; give the returned form") from None
    if "xl/workbook.xml" not in names:
        raise InputError(f"{name} is not an XLSX workbook; give the returned form")
    scan = scan_workbook(path, data)
    if scan.formulas or scan.formulas_unplaced:
        raise InputError(
            f"{name} holds formulas; type the answers as plain values, or choose them from "
            "the lists"
        )
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if FIELDS_SHEET not in workbook.sheet_names:
            raise InputError(
                f"{name} is not a retainkit form (it has no form fields; answers copied into "
                "another file cannot be matched): return the form that was issued"
            )
        form = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        fields = workbook.get_sheet_by_name(FIELDS_SHEET).to_python()
    except InputError:
        raise
    except Exception as exc:  # calamine's errors, and a panic in its Rust code
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InputError(f"cannot read {name} as an XLSX workbook: {detail}") from None
    return form, fields


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _fields(name: str, rows: list[list[Any]]) -> dict[str, str]:
    fields = {_text(row[0]): _text(row[1]) for row in rows if len(row) >= 2}
    lacking = [n for n in (*FIELD_NAMES, SIGNATURE) if not fields.get(n)]
    if lacking:
        raise InputError(
            f"{name} was altered: its form fields lack {', '.join(lacking)}; "
            "ask for a new form (retainkit interview form)"
        )
    return fields


def _verified(session: Session, name: str, fields: dict[str, str]) -> FormIssue:
    """The issued form the fields name, once the signature shows this database made them
    and nobody changed them."""
    secret = form_secret(session, create=False)
    if secret is None or fields["database"] != database_mark(secret):
        raise InputError(
            f"{name} was made by another retainkit database; record it with the database "
            "that issued it (--db)"
        )
    given = fields[SIGNATURE].lower().encode("utf-8")  # any text a person put there
    if not hmac.compare_digest(signature(secret, fields).encode("ascii"), given):
        raise InputError(
            f"{name} was altered: its form fields do not match their signature; record "
            "the answers from the copy that was returned unchanged, or issue a new form"
        )
    issue = session.get(FormIssue, int(fields["form"]))
    if issue is None:
        raise InputError(
            f"{name}: form {fields['form']} is not on record (it was withdrawn when its mail "
            "failed); issue a new form"
        )
    if issue.interview_id is not None:
        raise InputError(
            f"{name}: form {issue.id} was recorded already, as interview {issue.interview_id}"
            f"; see: retainkit interview show {issue.interview_id}"
        )
    return issue


def _cells(rows: list[list[Any]]) -> dict[str, FormCell]:
    cells = {}
    for number, row in enumerate(rows, 1):
        key = _text(row[KEY_COLUMN]) if row else ""
        if key:
            value = row[ANSWER_COLUMN] if len(row) > ANSWER_COLUMN else None
            cells[key] = FormCell(value, f"{ANSWER_LETTER}{number}")
    return cells


def read_returned(db: Database, path: Path) -> ReturnedForm:
    """A returned form, verified and read in full; InputError (nothing changes) if not."""
    name = path.name
    if not path.is_file():
        raise InputError(f"{path} does not exist" if not path.exists() else f"{path} is a folder")
    form_rows, field_rows = _sheets(path)
    fields = _fields(name, field_rows)
    with db.write() as session:  # stores the built-in questionnaires on first use
        issue = _verified(session, name, fields)
        person = session.get(Person, issue.person_id)
        assert person is not None  # a foreign key
        if person.forgotten_at is not None:
            raise InputError(
                f"{name}: the person form {issue.id} was for has been forgotten (people "
                "forget); nothing was recorded: delete the file"
            )
        questionnaire = as_questionnaire(
            version(session, issue.questionnaire_key, issue.questionnaire_version)
        )
        returned = ReturnedForm(
            name=name, form_id=issue.id, person_id=person.id, employee_no=person.employee_no,
            kind=issue.kind, questionnaire_key=issue.questionnaire_key,
            questionnaire_version=issue.questionnaire_version, lang=issue.lang, data={},
        )  # fmt: skip
    data = _answers(name, questionnaire, _cells(form_rows))
    return replace(returned, data=data)


def _answers(name: str, questionnaire: Questionnaire, cells: dict[str, FormCell]) -> dict[str, Any]:
    if nothing_filled(cells):
        raise InputError(
            f"{name}: nothing was filled in; nothing was recorded. If the person declined "
            "to answer, record that: retainkit interview KIND PERSON --decline (for "
            "instance: retainkit interview exit E1 --decline)"
        )
    data, problems = read_answers(questionnaire, cells)
    if problems:
        raise InputError(
            f"{name}: {len(problems)} problem(s) in the answers; nothing was recorded",
            details=problems,
        )
    try:
        check_written_answers(questionnaire, data)
    except InputError as exc:
        details = [_on_the_form(questionnaire, cells, d) for d in exc.details]
        raise InputError(f"{name}: {exc.message}", details=details) from None
    return data


def _on_the_form(questionnaire: Questionnaire, cells: dict[str, FormCell], problem: str) -> str:
    """A problem of the answers ("enps: an answer is needed") as the form shows it: the
    question's number and its answer cell."""
    key, colon, rest = problem.partition(": ")
    rows = [row for row in form_rows(questionnaire, "en") if row.question_key == key]
    if not colon or not rows:
        return problem
    number = next(row.number for row in rows if row.number)
    cell = next((cells[row.cell_key] for row in rows if not row.heading), None)
    where = f"question {number}" + (f" ({cell.address})" if cell else "")
    return f"{where}: {rest}"


def record_returned(
    db: Database,
    form: ReturnedForm,
    *,
    today: date,
    employee_no: str | None = None,
    kind: str | None = None,
    interviewer: str | None = None,
    held_by: str | None = None,
) -> Completion:
    """Record a verified form as a written interview of its person, with the questionnaire
    version it was issued with. `employee_no` and `kind`: what the command said it is; a
    form for someone or something else is refused."""
    if kind is not None and kind != form.kind:
        raise InputError(
            f"{form.name} is a {form.kind} form, not {kind}; record it with: retainkit "
            f"interview collect {form.name}"
        )
    with db.write() as session:
        issue = session.get(FormIssue, form.form_id, with_for_update=True)
        person = session.get(Person, form.person_id)
        assert person is not None
        if issue is None or issue.interview_id is not None:
            raise InputError(f"{form.name}: form {form.form_id} was recorded already")
        if employee_no is not None and employee_no.strip() != person.employee_no:
            raise InputError(
                f"{form.name} is the form of {person.employee_no}, not of {employee_no}; "
                f"record it with: retainkit interview collect {form.name}"
            )
        new = prepare_new(
            session, person.employee_no, form.kind, form.questionnaire_key, today,
            if_draft="draft_finish_before_form",
            version_number=form.questionnaire_version,
        )  # fmt: skip
        completion = store_written(
            session, new, form.kind, form.data, today=today, lang=form.lang, mode="written",
            interviewer=interviewer, held_by=held_by,
        )  # fmt: skip
        issue.returned_on = today
        issue.interview_id = completion.interview_id
        return completion


def collect(db: Database, paths: list[Path], *, today: date) -> list[Collected]:
    """Record many returned forms, each checked in full and recorded on its own: a bad
    file is refused and changes nothing, and the others go on."""
    results = []
    for path in paths:
        try:
            form = read_returned(db, path)
            completion = record_returned(db, form, today=today)
        except InputError as exc:
            details = f": {'; '.join(exc.details)}" if exc.details else ""
            results.append(Collected(path.name, False, exc.message + details))
            continue
        results.append(
            Collected(
                path.name, True, f"recorded as interview {completion.interview_id}",
                form.form_id, form.employee_no, completion.interview_id, completion,
            )
        )  # fmt: skip
    return results
