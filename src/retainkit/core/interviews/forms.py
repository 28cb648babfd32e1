"""Written questionnaires as spreadsheet forms: issuing a form to one person, the signature
that ties a returned form to its person, questionnaire version and database, and mailing
the form with a short cover text.

A form carries its fields (form number, person, questionnaire key and version, kind,
language, date issued, this database's mark) on a hidden sheet, signed with HMAC-SHA256
under a secret this database makes once and keeps in its settings table (`config` neither
lists nor sets it). The workbook itself is written by reports.form_book from the
`FormSheet` made here; a returned form is read in form_return.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError, RetainkitError
from retainkit.base.form_words import form_word
from retainkit.core.followups import record_form_sent
from retainkit.core.interviews.form_layout import FormRow, form_rows
from retainkit.core.interviews.planning import check_kind, prepare_new
from retainkit.core.library import BUILTIN_KEYS
from retainkit.core.notify import send
from retainkit.core.reasons import taxonomy
from retainkit.storage.models import FormIssue, Person, Separation, Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.questionnaires.model import Questionnaire
    from retainkit.core.settings import Smtp
    from retainkit.storage.database import Database

KEY_SETTING = "_form_key"
"""The secret forms are signed with, in the settings table; never shown or exported."""
FIELDS_SHEET = "retainkit"
LISTS_SHEET = "lists"
FIELD_NAMES = (
    "form", "person", "employee_no", "questionnaire", "version", "kind", "lang", "issued",
    "database",
)  # fmt: skip
SIGNATURE = "signature"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class FormSheet:
    """What the form shows and holds, in its language: the workbook is written from it."""

    lang: str
    sheet_name: str
    title: str
    for_line: str
    purpose: str
    how: str
    skip: str
    give_back: str
    headers: tuple[str, str, str]
    rows: tuple[FormRow, ...]
    fields: tuple[tuple[str, str], ...]
    """The signed fields and the signature, as the hidden sheet holds them."""


@dataclass(frozen=True)
class IssuedForm:
    form_id: int
    employee_no: str
    name: str
    email: str | None
    kind: str
    questionnaire_key: str
    questionnaire_version: int
    title: str
    """The questionnaire's title in the form's language."""
    lang: str
    issued_on: date
    sheet: FormSheet
    every_answer_optional: bool


def form_secret(session: Session, *, create: bool) -> bytes | None:
    """This database's signing secret; made once, on the first form issued."""
    stored = session.get(Setting, KEY_SETTING, with_for_update=create)
    if stored is None and create:
        stored = Setting(key=KEY_SETTING, value=secrets.token_hex(32))
        session.add(stored)
        session.flush()
    return bytes.fromhex(stored.value) if stored is not None else None


def database_mark(secret: bytes) -> str:
    """What tells this database's forms from another's, without revealing the secret."""
    return hmac.new(secret, b"retainkit database", hashlib.sha256).hexdigest()[:16]


def signature(secret: bytes, fields: Mapping[str, str]) -> str:
    """HMAC-SHA256 over the form's fields, in their fixed order, one per line."""
    message = "retainkit form 1\n" + "\n".join(f"{n}={fields[n]}" for n in FIELD_NAMES)
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def issue_form(
    db: Database,
    employee_no: str,
    kind: str,
    *,
    today: date,
    lang: str,
    questionnaire_key: str | None = None,
    to_send: bool = False,
) -> IssuedForm:
    """A new form for the person, recorded as issued today. The interview must be one that
    could be held now (an open separation for an exit, no draft in the way); `to_send`
    also needs an email address and no do-not-contact choice, checked before anything is
    stored."""
    check_kind(kind)
    with db.write() as session:
        new = prepare_new(
            session, employee_no, kind, questionnaire_key, today,
            if_draft="draft_finish_before_issue",
        )  # fmt: skip
        person = new.person
        if person.forgotten_at is not None:
            raise InputError(f"{employee_no} was forgotten (people forget); no form is issued")
        if to_send:
            _check_reachable(person)
        questionnaire = new.questionnaire
        issue = FormIssue(
            person_id=person.id, questionnaire_key=questionnaire.key,
            questionnaire_version=questionnaire.version, kind=kind, lang=lang,
            issued_on=today, sent=False,
        )  # fmt: skip
        session.add(issue)
        session.flush()
        secret = form_secret(session, create=True)
        assert secret is not None
        fields = {
            "form": str(issue.id), "person": str(person.id), "employee_no": person.employee_no,
            "questionnaire": questionnaire.key, "version": str(questionnaire.version),
            "kind": kind, "lang": lang, "issued": today.isoformat(),
            "database": database_mark(secret),
        }  # fmt: skip
        signed = (*fields.items(), (SIGNATURE, signature(secret, fields)))
        optional = not questionnaire.required
        purpose = written_purpose(questionnaire, lang)
        sheet = FormSheet(
            lang=lang,
            sheet_name=form_word("sheet", lang),
            title=form_word("title", lang).format(title=questionnaire.label(lang)),
            for_line=form_word("for", lang).format(
                name=person.name,
                number=person.employee_no,
                form=issue.id,
                issued=today.isoformat(),
            ),
            purpose=purpose,
            how=form_word("how", lang),
            skip=form_word("skip_any" if optional else "skip_others", lang),
            give_back=form_word("return", lang),
            headers=(
                form_word("number", lang),
                form_word("question", lang),
                form_word("answer", lang),
            ),
            rows=tuple(form_rows(questionnaire, lang, reasons=offered_reasons(new.separation))),
            fields=signed,
        )
        return IssuedForm(
            form_id=issue.id, employee_no=person.employee_no, name=person.name,
            email=person.email, kind=kind, questionnaire_key=questionnaire.key,
            questionnaire_version=questionnaire.version, title=questionnaire.label(lang),
            lang=lang, issued_on=today, sheet=sheet, every_answer_optional=optional,
        )  # fmt: skip


def written_purpose(questionnaire: Questionnaire, lang: str) -> str:
    """What the form says it is for: a built-in questionnaire's purpose in the terms of a
    form (its purpose is said at the start of a talk); another's own purpose statement.
    Which answers may be left empty the form says next."""
    if questionnaire.key in BUILTIN_KEYS:
        return form_word(f"purpose_{questionnaire.kind}", lang)
    return questionnaire.purpose_statement(lang) or ""


def offered_reasons(separation: Separation | None) -> tuple[str, ...] | None:
    """The reasons a form offers: a person who chose to leave is not offered the
    organisation's own decisions (retirement stays); everyone else, every reason."""
    if separation is None or separation.kind != "voluntary":
        return None
    return tuple(code for code, r in taxonomy().items() if r.group != "involuntary")


def _check_reachable(person: Person) -> None:
    if person.do_not_contact:
        raise InputError(
            f"{person.employee_no} asked not to be contacted; nothing was issued. Hand the "
            "form over only if they ask for it (without --send)"
        )
    if not person.email:
        raise InputError(
            f"{person.employee_no} has no email address; nothing was issued. Add it "
            f"(retainkit people edit {person.employee_no} --email ADDRESS) or write the "
            "form to a file with -o and hand it over"
        )


def cover_mail(form: IssuedForm, workbook: bytes, *, sender: str, filename: str) -> EmailMessage:
    """The form as an attachment, with a short cover text in the form's language."""
    lang = form.lang
    message = EmailMessage()
    message["Subject"] = form_word("mail_subject", lang).format(title=form.title)
    message["From"] = sender
    message["To"] = form.email or ""
    skip = form_word("skip_any" if form.every_answer_optional else "mail_skip_some", lang)
    message.set_content(form_word("mail_body", lang).format(name=form.name, skip=skip))
    message.add_attachment(workbook, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=filename)
    return message


def send_form(
    db: Database, form: IssuedForm, workbook: bytes, smtp: Smtp, *, today: date, filename: str
) -> int:
    """Mail the form to the person. Sent: the form is marked sent and the sending is a
    contact by email (its number is returned). Not sent: the form is withdrawn (its
    number never comes back) and the error says why; nothing else changed."""
    if not form.email:  # issue_form(to_send=True) checked it
        raise InputError(f"{form.employee_no} has no email address")
    try:
        if not smtp.sender:
            raise InputError("set the sender first: retainkit config set smtp.from ADDRESS")
        message = cover_mail(form, workbook, sender=smtp.sender, filename=filename)
        send(message, smtp, what=f"form {form.form_id}")
    except RetainkitError:
        withdraw(db, form.form_id)
        raise
    with db.write() as session:
        issue = session.get(FormIssue, form.form_id, with_for_update=True)
        assert issue is not None
        issue.sent = True
        return record_form_sent(session, issue.person_id, issue.id, issue.kind, today)


def withdraw(db: Database, form_id: int) -> None:
    """Forget a form that never left retainkit (its mail failed): no reminder for it, and
    a copy of it could not be recorded."""
    with db.write() as session:
        issue = session.get(FormIssue, form_id, with_for_update=True)
        if issue is not None and issue.returned_on is None:
            session.delete(issue)
