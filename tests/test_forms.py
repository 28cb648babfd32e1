"""Written questionnaires as spreadsheet forms: issued, filled in the way a person does
(values typed or picked into the answer cells only), returned and recorded; refused when
altered, someone else's or another database's; mailed; reminded of in followup due."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, make_runner
from tests.test_notify import Inbox, configure, smtp_server  # noqa: F401 (a fixture)

TODAY = date(2027, 1, 31)  # a month end

EXIT_ANSWERS = {
    "reasons#primary": "Compensation and benefits",
    "reasons#1": "Workload and overtime",
    "what_worked": "The people.\nAnd the projects.",
    "manager_support": "4 – Agree",
    "pay_fair": 2,  # typed as a number, not picked
    "way_of_working": None,
    "safety_concern": "No",
    "would_return": "Yes",
    "enps": "7",
}


def leaver(cli: Run, number: str = "E1", email: str | None = "ana@example.com") -> None:
    cli(
        "people", "add", "--employee-no", number, "--name", f"Ana {number}",
        *(["--email", email] if email else []),
    )  # fmt: skip
    day = TODAY - timedelta(days=10)
    cli("depart", number, "--last-day", day.isoformat(), "--kind", "voluntary")


def issue(cli: Run, tmp_path: Path, number: str = "E1", *args: str) -> Path:
    target = tmp_path / f"{number}-{len(list(tmp_path.glob('*.xlsx')))}.xlsx"
    result = cli("interview", "form", "exit", number, "-o", str(target), *args)
    assert result.stdout.strip() == str(target)
    return target


def fill(path: Path, answers: dict[str, Any], *, out: Path | None = None) -> Path:
    """As a person does: open the form, put values into answer cells only, save."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for key, value in answers.items():
        cell = sheet.cell(rows[key], 4)
        assert not cell.protection.locked, f"{key}: the answer cell must be open"
        cell.value = value
    book.save(out or path)
    return out or path


def stored_answers(cli: Run, number: int) -> dict[str, Any]:
    shown = json.loads(cli("interview", "show", str(number), "--format", "json").stdout)
    assert shown["mode"] == "written"
    return {
        a["key"]: "SKIPPED" if a["skipped"] else "NOT ASKED" if a.get("not_asked") else a["value"]
        for a in shown["answers"]
    }


def test_a_filled_form_reads_back_as_a_written_interview(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    form = fill(issue(cli, tmp_path), EXIT_ANSWERS)
    result = cli("interview", "exit", "E1", "--answers", str(form))
    assert "interview 1 completed" in result.stderr
    got = stored_answers(cli, 1)
    assert got["reasons"] == {"primary": "compensation", "contributing": ["workload"]}
    assert got["what_worked"] == "The people.\nAnd the projects."
    assert got["manager_support"] == 4 and got["pay_fair"] == 2 and got["enps"] == 7
    assert got["safety_concern"] is False and got["would_return"] == "yes"
    assert got["way_of_working"] == "SKIPPED" and got["anything_else"] == "SKIPPED"
    # recorded once: the same file again is refused, and changes nothing
    again = cli("interview", "collect", str(form), expect=2)
    assert "recorded already, as interview 1" in again.stdout


def test_the_form_is_protected_with_lists_and_prints_on_a4(cli: Run, tmp_path: Path) -> None:
    import openpyxl

    leaver(cli)
    path = issue(cli, tmp_path, "E1", "--lang", "zh")
    assert path.stat().st_mode & 0o777 == 0o600
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "portrait"
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "任何问题都可以不回答" in text  # every question may be skipped, and it says so
    assert "我们会请每一位离职的同事填写这份问卷" in text  # the purpose, in a form's terms
    open_cells = {c.coordinate for row in sheet.iter_rows() for c in row if not c.protection.locked}
    assert open_cells and all(coordinate.startswith("D") for coordinate in open_cells)
    ranges = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert all(v.type == "list" and v.formula1.startswith("'lists'!") for v in ranges.values())
    assert book["retainkit"].sheet_state == "veryHidden"
    fields = {r[0]: r[1] for r in book["retainkit"].iter_rows(values_only=True)}
    assert fields["employee_no"] == "E1" and fields["lang"] == "zh"
    assert len(fields["signature"]) == 64
    assert "_form_key" not in cli("config", "list").stdout


def test_chinese_labels_read_back(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    form = fill(
        issue(cli, tmp_path, "E1", "--lang", "zh"),
        {"would_return": "会", "safety_concern": "否", "manager_support": "5 – 非常同意"},
    )
    cli("interview", "collect", str(form))
    got = stored_answers(cli, 1)
    assert got["would_return"] == "yes" and got["safety_concern"] is False
    assert got["manager_support"] == 5


def test_a_value_not_in_the_list_is_refused_naming_the_cell(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    answers = {"manager_support": "very much", "reasons#1": "Workload and overtime"}
    form = fill(issue(cli, tmp_path), answers)
    result = cli("interview", "exit", "E1", "--answers", str(form), expect=2)
    assert "2 problem(s) in the answers; nothing was recorded" in result.stderr
    # the question's number on the form and its cell, not the questionnaire's keys
    assert "question 5 (D16): 'very much' is not one" in result.stderr
    assert "question 1 (D9): other reasons are chosen but no main reason" in result.stderr
    assert "manager_support" not in result.stderr
    assert json.loads(cli("interview", "list", "--format", "json").stdout) == []


def _set_field(path: Path, name: str, value: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    fields = book["retainkit"]
    for row in fields.iter_rows():
        if row[0].value == name:
            row[1].value = value
    book.save(path)


def test_altered_fields_are_refused(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    leaver(cli, "E2")
    form = fill(issue(cli, tmp_path), {"would_return": "Yes"})
    _set_field(form, "person", "2")  # made to look like E2's
    result = cli("interview", "collect", str(form), expect=2)
    assert "was altered: its form fields do not match their signature" in result.stdout
    _set_field(form, "signature", "签名")  # not even hexadecimal
    result = cli("interview", "collect", str(form), expect=2)
    assert "was altered" in result.stdout
    _set_field(form, "signature", "")
    result = cli("interview", "exit", "E1", "--answers", str(form), expect=2)
    assert "lack signature" in result.stderr


def test_answers_copied_into_another_workbook_are_refused(cli: Run, tmp_path: Path) -> None:
    import openpyxl

    leaver(cli)
    form = fill(issue(cli, tmp_path), {"would_return": "Yes"})
    copy = openpyxl.load_workbook(form)
    del copy["retainkit"]
    copy.save(tmp_path / "copy.xlsx")
    result = cli("interview", "collect", str(tmp_path / "copy.xlsx"), expect=2)
    assert "is not a retainkit form" in result.stdout


def test_a_form_for_someone_else_is_refused(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    leaver(cli, "E2")
    form = fill(issue(cli, tmp_path, "E2"), {"would_return": "Yes"})
    result = cli("interview", "exit", "E1", "--answers", str(form), expect=2)
    assert result.stderr.count("\n") == 1
    assert "is the form of E2, not of E1" in result.stderr
    assert json.loads(cli("interview", "list", "--format", "json").stdout) == []


def test_a_form_of_another_database_is_refused(
    cli: Run, sqlite_template: Path, tmp_path: Path
) -> None:
    other_db = tmp_path / "other" / "retainkit.db"
    other_db.parent.mkdir()
    shutil.copy(sqlite_template, other_db)
    other = make_runner(str(other_db))
    leaver(other)
    form = fill(issue(other, tmp_path), {"would_return": "Yes"})
    leaver(cli)
    issue(cli, tmp_path)  # this database has a secret of its own
    result = cli("interview", "exit", "E1", "--answers", str(form), expect=2)
    assert "was made by another retainkit database" in result.stderr


def test_collect_records_the_good_files_and_refuses_the_bad_one(cli: Run, tmp_path: Path) -> None:
    for number in ("E1", "E2", "E3"):
        leaver(cli, number)
    good = [fill(issue(cli, tmp_path, n), {"would_return": "Yes"}) for n in ("E1", "E3")]
    bad = fill(issue(cli, tmp_path, "E2"), {"would_return": "Perhaps"})
    text_file = tmp_path / "notes.xlsx"
    text_file.write_text("not a workbook")
    result = cli(
        "interview", "collect", str(good[0]), str(bad), str(text_file), str(good[1]),
        "--format", "json", expect=2,
    )  # fmt: skip
    rows = json.loads(result.stdout)
    assert [r["result"] for r in rows] == ["recorded", "refused", "refused", "recorded"]
    assert [r["employee_no"] for r in rows] == ["E1", None, None, "E3"]
    assert "'Perhaps' is not one of the answers" in rows[1]["message"]
    assert "not an XLSX workbook" in rows[2]["message"]
    assert "2 of 4 file(s) refused" in result.stderr
    listed = json.loads(cli("interview", "list", "--format", "json").stdout)
    assert sorted(i["employee_no"] for i in listed) == ["E1", "E3"]
    cli("interview", "collect", str(good[0]), expect=2)  # recorded already
    fixed = fill(bad, {"would_return": "No"})
    cli("interview", "collect", str(fixed))  # the refused one, corrected, goes in


def test_send_mails_the_form_and_logs_a_contact(
    cli: Run,
    smtp_server: tuple[Inbox, int],  # noqa: F811 (the fixture, imported)
    tmp_path: Path,
) -> None:
    inbox, port = smtp_server
    leaver(cli)
    configure(cli, port)
    result = cli("interview", "form", "exit", "E1", "--send", "--lang", "zh")
    assert "sent exit form 1" in result.stderr and result.stdout == ""
    [(recipients, message)] = inbox.messages
    assert recipients == ["ana@example.com"]
    assert message["Subject"] == "离职面谈：您的书面问卷"
    assert "Ana E1，您好" in message.get_body(preferencelist=("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "form-1.xlsx"
    returned = tmp_path / "returned.xlsx"
    returned.write_bytes(attachment.get_content())
    fill(returned, {"would_return": "会"})
    cli("interview", "collect", str(returned))
    timeline = cli("followup", "plan", "E1", "--format", "json").stdout
    assert "exit questionnaire form 1 sent by email" in timeline


def test_send_needs_an_address_and_a_failed_mail_issues_nothing(cli: Run, tmp_path: Path) -> None:
    leaver(cli, "E1", email=None)
    leaver(cli, "E2")
    configure(cli, 9)  # nothing listens on port 9 (discard)
    result = cli("interview", "form", "exit", "E1", "--send", expect=2)
    assert "has no email address; nothing was issued" in result.stderr
    result = cli("interview", "form", "exit", "E2", "--send", expect=4)
    assert "could not send form" in result.stderr
    cli("config", "set", "forms.remind_after_days", "0")
    assert "form" not in cli("followup", "due", "--format", "json").stdout.replace(
        "first follow-up", ""
    )


def test_a_form_not_returned_is_a_reminder_in_followup_due(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    issue(cli, tmp_path)

    def forms_due(today: date) -> list[dict[str, Any]]:
        run = cli("followup", "due", "--format", "json")
        assert run.exit_code == 0
        return [i for i in json.loads(run.stdout) if i["source"] == "form"]

    assert forms_due(TODAY) == []  # issued today; reminded after 14 days
    cli("config", "set", "forms.remind_after_days", "0")
    [item] = forms_due(TODAY)
    assert item["kind"] == "form not returned" and item["due_to"] == TODAY.isoformat()
    assert item["employee_no"] == "E1" and item["id"] == 1
    table = cli("followup", "due").stdout
    assert "Forms not returned" in table and "form not returned" not in table
    assert "F1" in cli("followup", "due", "--quiet").stdout.split()
    second = issue(cli, tmp_path)  # issued again: one reminder, for the newer form
    [item] = forms_due(TODAY)
    assert item["id"] == 2
    cli("interview", "collect", str(fill(second, {"would_return": "Yes"})))
    assert forms_due(TODAY) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_libreoffice_round_trip_keeps_lists_and_signature(
    sqlite_cli: Run, tmp_path: Path
) -> None:
    import openpyxl

    leaver(sqlite_cli)
    form = fill(issue(sqlite_cli, tmp_path), EXIT_ANSWERS)
    saved = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "xlsx", "--outdir", str(saved), str(form)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    again = saved / form.name
    book = openpyxl.load_workbook(again)
    assert book.worksheets[0].protection.sheet
    assert len(book.worksheets[0].data_validations.dataValidation) >= 5
    assert book["retainkit"].sheet_state in ("hidden", "veryHidden")
    sqlite_cli("interview", "collect", str(again))
    got = stored_answers(sqlite_cli, 1)
    assert got["reasons"] == {"primary": "compensation", "contributing": ["workload"]}
    assert got["what_worked"] == "The people.\nAnd the projects." and got["enps"] == 7


def test_the_demo_mails_forms_and_has_some_returned(sqlite_cli: Run, sqlite_db: Path) -> None:
    import sqlite3

    assert "written questionnaire forms mailed" in sqlite_cli("demo").stderr
    due = json.loads(sqlite_cli("followup", "due", "--format", "json").stdout)
    assert [i for i in due if i["source"] == "form"]
    with sqlite3.connect(sqlite_db) as connection:
        returned, written = connection.execute(
            "SELECT count(*), sum(interview.mode = 'written') FROM form_issue "
            "JOIN interview ON interview.id = form_issue.interview_id"
        ).fetchone()
        emails = connection.execute(
            "SELECT count(*) FROM contact WHERE channel = 'email' AND conclusion LIKE "
            "'%form sent by email'"
        ).fetchone()[0]
    connection.close()
    assert returned > 0 and written == returned and emails > returned


def test_a_form_returned_empty_is_refused_and_says_how_to_record_a_refusal(
    cli: Run, tmp_path: Path
) -> None:
    leaver(cli)
    form = issue(cli, tmp_path)
    result = cli("interview", "collect", str(form), expect=2)
    assert "nothing was filled in; nothing was recorded" in result.stdout
    assert "--decline" in result.stdout
    result = cli("interview", "exit", "E1", "--answers", str(form), expect=2)
    assert result.stderr.count("\n") == 1 and "interview exit E1 --decline" in result.stderr
    assert json.loads(cli("interview", "list", "--format", "json").stdout) == []


def test_a_form_answered_in_part_records_the_rest_as_skipped(cli: Run, tmp_path: Path) -> None:
    """Every question asked and left empty is skipped; those asked only after a certain
    answer (the details of a safety concern) are not asked."""
    leaver(cli)
    form = fill(issue(cli, tmp_path), {"would_return": "No"})
    cli("interview", "collect", str(form))
    stored = stored_answers(cli, 1)
    assert set(stored.values()) == {"SKIPPED", "NOT ASKED", "no"}
    assert stored["concern_detail"] == "NOT ASKED" and stored["could_have_done"] == "SKIPPED"


def test_a_required_question_is_marked_and_the_form_says_the_rest_may_be_empty(
    cli: Run, tmp_path: Path
) -> None:
    import openpyxl

    from tests.conftest import EXAMPLES

    leaver(cli)
    required = tmp_path / "required.toml"
    required.write_text(
        (EXAMPLES / "questionnaires" / "custom-exit.toml")
        .read_text(encoding="utf-8")
        .replace('key = "enps"\n', 'key = "enps"\nrequired = true\n')
        .replace(" You may skip any question.", "")
        .replace("您可以跳过任何问题。", ""),
        encoding="utf-8",
    )
    cli("questionnaire", "add", str(required))
    form = issue(cli, tmp_path, "E1", "--questionnaire", "warehouse-exit")
    sheet = openpyxl.load_workbook(form).worksheets[0]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "You may leave any other answer empty." in text
    assert "You may leave any answer empty." not in text
    assert "(an answer is needed)" in text
    result = cli("interview", "collect", str(fill(form, {"missing#breaks": "Yes"})), expect=2)
    assert "an answer is needed" in result.stdout and "enps" not in result.stdout
    cli("interview", "collect", str(fill(form, {"enps": "9", "missing#equipment": "Yes"})))
    got = stored_answers(cli, 1)
    assert got["enps"] == 9 and got["missing"] == ["equipment", "breaks"]


def test_a_form_of_a_person_forgotten_since_is_not_recorded(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    form = fill(issue(cli, tmp_path), {"what_worked": "The people"})
    cli("people", "forget", "E1", "--yes")
    result = cli("interview", "collect", str(form), expect=2)
    assert "has been forgotten (people forget); nothing was recorded" in result.stdout
    assert json.loads(cli("interview", "list", "--format", "json").stdout) == []


def test_a_form_says_its_own_mode_and_questionnaire(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    form = fill(issue(cli, tmp_path), {"would_return": "Yes"})
    for option in (("--mode", "phone"), ("--questionnaire", "exit")):
        result = cli("interview", "exit", "E1", "--answers", str(form), *option, expect=2)
        assert "leave out --mode and --questionnaire" in result.stderr
    cli("interview", "exit", "E1", "--answers", str(form), "--mode", "written")


def _form_text(path: Path) -> str:
    import openpyxl

    sheet = openpyxl.load_workbook(path).worksheets[0]
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_the_stay_form_leaves_out_the_interviewers_questions(cli: Run, tmp_path: Path) -> None:
    import openpyxl

    cli("people", "add", "--employee-no", "S1", "--name", "Sam")
    target = tmp_path / "stay.xlsx"
    cli("interview", "form", "stay", "S1", "-o", str(target))
    text = _form_text(target)
    assert "Interviewer:" not in text and "Stay plan" not in text
    sheet = openpyxl.load_workbook(target).worksheets[0]
    keys = {sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)}
    assert "retention_risk" not in keys and "stay_plan" not in keys and "enps" in keys
    # a form made before, with a row for the risk, filled in: refused, naming the cell
    fill(target, {"like_most": "The team", "enps": "3"})
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    sheet.protection.sheet = False
    row = sheet.max_row + 1
    sheet.cell(row, 1).value, sheet.cell(row, 4).value = "retention_risk", "Red: under 6 months"
    sheet.cell(row, 4).protection = openpyxl.styles.Protection(locked=False)
    book.save(target)
    result = cli("interview", "collect", str(target), expect=2)
    assert f"D{row}: the interviewer answers 'retention_risk', not the form" in result.stdout
    fill(target, {"retention_risk": None})
    cli("interview", "collect", str(target))
    shown = json.loads(cli("interview", "show", "1", "--format", "json").stdout)
    assert shown["retention_risk"] is None
    assert json.loads(cli("actions", "list", "--format", "json").stdout) == []


def test_asked_of_is_validated(cli: Run, tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    source = (EXAMPLES / "questionnaires" / "custom-exit.toml").read_text(encoding="utf-8")
    for value, said in (
        ('"manager"', "asked_of must be person or interviewer"),
        ('"interviewer"\nrequired = true', "a question only the interviewer answers is never"),
    ):
        bad = tmp_path / "bad.toml"
        bad.write_text(
            source.replace('key = "enps"\n', f'key = "enps"\nasked_of = {value}\n'),
            encoding="utf-8",
        )
        result = cli("questionnaire", "add", str(bad), expect=2)
        assert said in result.stderr + result.stdout


def test_the_paper_form_prints_the_answers_to_choose_from(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    text = _form_text(issue(cli, tmp_path))
    assert "Answers: 1 – Strongly disagree · 2 – Disagree" in text
    assert "Answers: 0 … 10" in text and "Answers: Yes / No" in text
    assert "Answers: Compensation and benefits · " in text
    assert "Involuntary" not in text and "Retirement" in text  # a voluntary leaver


def test_the_written_purpose_speaks_of_the_form(cli: Run, tmp_path: Path) -> None:
    cli("people", "add", "--employee-no", "S1", "--name", "Sam")
    for lang, talk in (("en", "This is a conversation"), ("zh", "这是一次")):
        target = tmp_path / f"stay-{lang}.xlsx"
        cli("interview", "form", "stay", "S1", "-o", str(target), "--lang", lang)
        text = _form_text(target)
        assert talk not in text and ("questionnaire" in text or "问卷" in text)
        assert "skip any question" not in text and "跳过" not in text


def test_the_output_needs_an_existing_folder_and_xlsx(cli: Run, tmp_path: Path) -> None:
    leaver(cli)
    for target, said in (
        (tmp_path / "missing" / "z.xlsx", "does not exist"),
        (tmp_path / "z.txt", "must end in .xlsx"),
    ):
        result = cli("interview", "form", "exit", "E1", "-o", str(target), expect=2)
        assert said in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "missing").exists() and not (tmp_path / "z.txt").exists()
