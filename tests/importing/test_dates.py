"""Dates in import files: ISO and the other year-first forms by themselves, day-first and
month-first forms with --date-format (suggested by the error when the file seems to use
one), and 9999-12-31 or an empty cell as no date."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import Run


def hire_dates(cli: Run) -> dict[str, object]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p["hire_date"] for p in listed}


def csv_of(tmp_path: Path, dates: list[str]) -> Path:
    path = tmp_path / "dates.csv"
    lines = ["employee_no,name,hire_date"]
    lines += [f"E{n},Person {n},{value}" for n, value in enumerate(dates, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "written",
    ["2021-03-01", "2021-03-01 00:00:00", "2021-03-01T00:00:00Z", "2021/3/1", "2021.03.01",
     "2021年3月1日", "20210301"],
)  # fmt: skip
def test_year_first_forms_are_read_by_themselves(cli: Run, tmp_path: Path, written: str) -> None:
    cli("people", "import", str(csv_of(tmp_path, [written])))
    assert hire_dates(cli) == {"E1": "2021-03-01"}


def test_the_end_of_time_and_empty_mean_no_date(cli: Run, tmp_path: Path) -> None:
    """SAP and others write 9999-12-31 for "until further notice"; it raised an error."""
    path = csv_of(tmp_path, ["9999-12-31", "", "00000000", "2020-05-04"])
    cli("people", "import", str(path))
    assert hire_dates(cli) == {"E1": None, "E2": None, "E3": None, "E4": "2020-05-04"}


def test_the_end_of_time_in_a_date_cell_means_no_date(cli: Run, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["employee_no", "name", "hire_date"])
    sheet.append(["E1", "Ana", datetime(9999, 12, 31)])
    sheet.append(["E2", "Ben", date(2019, 1, 2)])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    cli("people", "import", str(path))
    assert hire_dates(cli) == {"E1": None, "E2": "2019-01-02"}


@pytest.mark.parametrize(
    ("dates", "hint"),
    [
        (["01.04.2022", "13.11.2020"], "give --date-format DD.MM.YYYY"),
        (["04/01/2022", "11/13/2020"], "give --date-format MM/DD/YYYY"),
        (["04/01/2022", "11/03/2020"],
         "give --date-format DD/MM/YYYY (day first) or MM/DD/YYYY (month first)"),
    ],
    ids=["day first", "month first", "either"],
)  # fmt: skip
def test_an_unreadable_date_suggests_the_form_the_file_seems_to_use(
    cli: Run, tmp_path: Path, dates: list[str], hint: str
) -> None:
    result = cli("people", "import", str(csv_of(tmp_path, dates)), expect=2)
    lines = result.stderr.splitlines()
    assert lines[1] == (
        "  column 'hire_date', 2 rows (2, 3): the value is not a date; use YYYY-MM-DD"
    )
    assert lines[-1] == f"  hint: {hint}"


@pytest.mark.parametrize("form", ["DD.MM.YYYY", "%d.%m.%Y", "D.M.YYYY"])
def test_a_date_format_in_either_spelling(cli: Run, tmp_path: Path, form: str) -> None:
    path = csv_of(tmp_path, ["01.04.2022", "13.11.2020", "31.12.9999"])
    cli("people", "import", str(path), "--date-format", form)
    assert hire_dates(cli) == {"E1": "2022-04-01", "E2": "2020-11-13", "E3": None}


def test_a_date_format_without_a_day_is_refused(cli: Run, tmp_path: Path) -> None:
    path = csv_of(tmp_path, ["2022-04"])
    result = cli("people", "import", str(path), "--date-format", "YYYY-MM", expect=2)
    assert result.stderr.splitlines() == [
        "error: --date-format 'YYYY-MM': name the day, month and year, like DD.MM.YYYY, "
        "MM/DD/YYYY or %d.%m.%Y"
    ]
