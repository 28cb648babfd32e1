"""people import: CSV and XLSX, mapping, translation, all or nothing."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import Run

HRIS_HEADER = (
    "Employee ID,Full Name,E-mail,Department,Job Title,Grade,Manager,Start Date,"
    "Rating,Cost Center\n"
)


def people(cli: Run) -> dict[str, dict[str, object]]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p for p in listed}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_import_of_a_typical_hr_export_with_mapping_and_translation(
    cli: Run, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "export.csv",
        HRIS_HEADER
        + "E100,Ana Ruiz,ana@example.com,Engineering,Engineer,Individual Contributor,E300,"
        "2021-03-01,4,CC10\n"
        + "E200,Ben Okafor,ben@example.com,Sales,Team Lead,People Manager,E300,2019-11-15,3,CC20\n",
    )
    result = cli(
        "people",
        "import",
        str(source),
        "--map",
        "Grade=level",
        "--value",
        "level:Individual Contributor=staff",
        "--value",
        "level:people manager=middle",
    )
    assert "imported 2 rows: 2 new, 0 updated" in result.stderr
    assert "columns not imported: Cost Center" in result.stderr
    stored = people(cli)
    assert stored["E100"]["level"] == "staff"
    assert stored["E200"]["level"] == "middle"
    assert stored["E200"]["hire_date"] == "2019-11-15"
    assert stored["E100"]["manager_no"] == "E300"
    assert stored["E100"]["performance"] == 4


def test_import_upserts_and_an_empty_cell_keeps_the_stored_value(cli: Run, tmp_path: Path) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E100",
        "--name",
        "Ana Ruiz",
        "--phone",
        "+49 30 1234567",
        "--do-not-contact",
        "--department",
        "Engineering",
    )
    source = write(
        tmp_path,
        "update.csv",
        "employee_no,name,department,phone,do_not_contact\n"
        "E100,,Product,,\n"
        "E101,Carla Novak,Sales,+1 512 555 0101,no\n",
    )
    result = cli("people", "import", str(source))
    assert "2 rows: 1 new, 1 updated" in result.stderr
    stored = people(cli)
    assert stored["E100"]["department"] == "Product"
    assert stored["E100"]["name"] == "Ana Ruiz"
    assert stored["E100"]["phone"] == "+49 30 1234567"
    assert stored["E100"]["do_not_contact"] is True
    assert stored["E101"]["do_not_contact"] is False


def test_a_bad_import_imports_nothing_and_names_every_bad_row(cli: Run, tmp_path: Path) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Kept As Is")
    source = write(
        tmp_path,
        "bad.csv",
        "employee_no,name,hire_date,level,email\n"
        "E1,Changed,2020-01-01,staff,ok@example.com\n"
        "E2,Good Row,2020-02-30,staff,\n"
        "E3,Also Good,2020-01-01,wizard,\n"
        ",No Number,2020-01-01,staff,\n"
        "E5,,2020-01-01,staff,\n"
        "E6,Fine,2020-01-01,staff,not-an-email\n"
        "E2,Duplicate,2020-01-01,staff,\n",
    )
    result = cli("people", "import", str(source), expect=2)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: bad.csv: 6 bad rows, nothing imported; fix them and import again"
    assert lines[1:] == [
        "  row 3, column 'hire_date': the value is not a date; use YYYY-MM-DD",
        "  row 4, column 'level': 'wizard' is not one of staff, middle, senior, core",
        "  row 5, column 'employee_no': the employee number is empty",
        "  row 6, column 'name': E5 is new, so the name is needed",
        "  row 7, column 'email': the value is not an email address (like name@example.org)",
        "  row 8, column 'employee_no': employee number E2 is also on row 3",
        "  hint: translate values with --value 'level:wizard=staff'",
    ]
    assert list(people(cli)) == ["E1"]
    assert people(cli)["E1"]["name"] == "Kept As Is"


def test_dry_run_checks_and_reports_but_writes_nothing(cli: Run, tmp_path: Path) -> None:
    source = write(tmp_path, "p.csv", "employee_no,name\nE1,Ana Ruiz\nE2,Ben Okafor\n")
    result = cli("people", "import", str(source), "--dry-run")
    assert "would import 2 rows: 2 new, 0 updated" in result.stderr
    assert people(cli) == {}


def test_chinese_headers_and_values_with_a_byte_order_mark(cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "员工.csv"
    source.write_bytes(
        "工号,姓名,部门,级别,入职日期,备注\n"
        "C100,王伟,研发部,经理,2023-04-01,喜欢带新人\n"
        "C101,李娜,销售部,员工,2024-12-01,\n".encode("utf-8-sig")
    )
    cli(
        "people",
        "import",
        str(source),
        "--value",
        "level:经理=middle",
        "--value",
        "level:员工=staff",
    )
    stored = people(cli)
    assert stored["C100"]["name"] == "王伟"
    assert stored["C100"]["department"] == "研发部"
    assert stored["C100"]["level"] == "middle"
    assert stored["C100"]["notes"] == "喜欢带新人"
    assert stored["C101"]["hire_date"] == "2024-12-01"


def test_semicolon_separated_export_and_a_custom_date_format(cli: Run, tmp_path: Path) -> None:
    source = write(
        tmp_path, "de.csv", "Personalnummer;Name;Eintritt\n4711;Jonas Weber;01.04.2022\n"
    )
    cli(
        "people",
        "import",
        str(source),
        "--map",
        "Personalnummer=employee_no",
        "--map",
        "Eintritt=hire_date",
        "--date-format",
        "%d.%m.%Y",
    )
    assert people(cli)["4711"]["hire_date"] == "2022-04-01"


def test_a_windows_1252_file_is_read_and_a_wrong_encoding_given_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "latin.csv",
        "employee_no,name\nE1,José Müller\nE2,Zoë Sørensen\nE3,François Lefèvre\n",
        "cp1252",
    )
    result = cli("people", "import", str(source), "--encoding", "utf-8", expect=2)
    assert "is not UTF-8 text (line 2); it looks like Windows-1252" in result.stderr
    assert "--encoding cp1252" in result.stderr
    assert people(cli) == {}
    cli("people", "import", str(source))
    assert people(cli)["E2"]["name"] == "Zoë Sørensen"


def test_xlsx_with_date_and_number_cells(cli: Run, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Employee Number", "Name", "Hire Date", "Performance", "Salary", "Phone"])
    sheet.append([1001, "Ana Ruiz", datetime(2021, 3, 1), 4, 82000.0, 4930123456])
    sheet.append(["E1002", "Ben Okafor", date(2019, 11, 15), 3, None, None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    cli("people", "import", str(path))
    stored = people(cli)
    assert stored["1001"]["hire_date"] == "2021-03-01"
    assert stored["1001"]["salary"] == 82000
    assert stored["1001"]["phone"] == "4930123456"
    assert stored["E1002"]["performance"] == 3


def test_xlsx_with_a_formula_is_refused(cli: Run, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["employee_no", "name", "salary"])
    sheet.append(["E1", "Ana Ruiz", "=40000*2"])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    result = cli("people", "import", str(path), expect=2)
    assert "row 2, column 'salary': holds a formula" in result.stderr
    assert people(cli) == {}


def test_formulas_deep_in_a_large_xlsx_are_refused_at_their_cells(
    sqlite_cli: Run, tmp_path: Path
) -> None:
    """The sheet's first megabyte sets the box its cells must stay in; after it one search
    looks for a cell outside it and for a formula at once."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["employee_no", "name", "department", "salary"])
    for n in range(1, 30_001):
        salary = "=40000*2" if n in (5, 25_000) else 40_000 + n
        sheet.append([f"E{n:05d}", f"Person {n} of a long and wordy name", "Sales", salary])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    result = sqlite_cli("people", "import", str(path), expect=2)
    assert "column 'salary', 2 rows (6, 25001): holds a formula" in result.stderr
    assert people(sqlite_cli) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\xff" * 50, "holds binary data"),
        (b"PK\x03\x04 not really a workbook", "cannot read"),
        (b"name,email\nAna,ana@example.com\n", "no employee number column"),
        (b"employee_no,name\nE1,Ana,extra,cells\n", "has 4 cells but the header has 2"),
        (b"employee_no,name\nE1," + b"x" * 1_100_000 + b"\n", "holds over 131,072 characters"),
    ],
    ids=["empty", "binary", "broken-xlsx", "no-key-column", "ragged", "huge-cell"],
)
def test_malformed_files_give_one_clear_error_and_import_nothing(
    cli: Run, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = cli("people", "import", str(path), expect=2)
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert people(cli) == {}


def test_bad_options_are_explained(cli: Run, tmp_path: Path) -> None:
    source = write(tmp_path, "p.csv", "employee_no,name\nE1,Ana\n")
    assert (
        "unknown field 'grade'"
        in cli("people", "import", str(source), "--map", "Grade=grade", expect=2).stderr
    )
    assert (
        "does not have"
        in cli("people", "import", str(source), "--map", "Grade=level", expect=2).stderr
    )
    assert (
        "write it as 'field:Raw value=value'"
        in cli("people", "import", str(source), "--value", "level=staff", expect=2).stderr
    )
    assert "does not exist" in cli("people", "import", str(tmp_path / "nope.csv"), expect=2).stderr
    both = write(tmp_path, "both.csv", "employee_no,Employee ID,name\nE1,E1,Ana\n")
    assert "both fill employee_no" in cli("people", "import", str(both), expect=2).stderr
