"""Columns only an import has: pay per month, years of service instead of a hire date, no
names at all; and ratings on another scale than 1 to 5."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import Run

TODAY = __import__("datetime").date(2026, 12, 31)


def people(cli: Run) -> dict[str, dict[str, object]]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p for p in listed}


def write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_monthly_pay_is_made_yearly_and_the_cost_report_says_so(cli: Run, tmp_path: Path) -> None:
    cli("config", "set", "salary.months_per_year", "13")
    cli("config", "set", "report.min_group", "1")
    path = write(tmp_path, '工号,姓名,月薪,级别\nC1,王伟,"¥12,000.00",staff\nC2,李娜,,staff\n')
    result = cli("people", "import", str(path))
    assert "salary: 1 monthly salaries made yearly × 13 (setting salary.months_per_year)" in (
        result.stderr
    )
    assert people(cli)["C1"]["salary"] == 156_000
    cli("depart", "C1", "--last-day", "2026-10-31", "--kind", "voluntary")
    report = cli("report", "cost", "--from", "2026-01-01", "--to", "2026-12-31")
    assert (
        "1 salaries were imported as monthly pay and made yearly (1 × 13 months; setting "
        "salary.months_per_year)." in report.stderr
    )
    rows = list(csv.DictReader(io.StringIO(cli(
        "report", "cost", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "csv"
    ).stdout)))  # fmt: skip
    assert rows[-1]["total_cost"] == str(156_000 * 0.4 + 4_700)


def test_a_yearly_salary_given_later_is_no_longer_converted(cli: Run, tmp_path: Path) -> None:
    cli("config", "set", "report.min_group", "1")
    cli("people", "import", str(write(tmp_path, "employee_no,name,monthly salary\nE1,Ana,5000\n")))
    cli("people", "import", str(write(tmp_path, "employee_no,salary\nE1,70000\n", "y.csv")))
    cli("people", "import", str(write(tmp_path, "employee_no,name\nE1,Ana Ruiz\n", "n.csv")))
    assert people(cli)["E1"]["salary"] == 70_000
    cli("depart", "E1", "--last-day", "2026-10-31", "--kind", "voluntary")
    report = cli("report", "cost", "--from", "2026-01-01", "--to", "2026-12-31")
    assert "monthly pay" not in report.stderr


def test_a_file_with_both_a_yearly_and_a_monthly_salary_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    path = write(tmp_path, "employee_no,name,salary,monthly salary\nE1,Ana,60000,5000\n")
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: columns 'salary' and 'monthly salary' give a yearly and a monthly salary; "
        "leave one out with --map 'monthly salary=-' or --map 'salary=-'"
    ]
    cli("people", "import", str(path), "--map", "monthly salary=-")
    assert people(cli)["E1"]["salary"] == 60_000


def test_years_of_service_stand_in_for_missing_hire_dates(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "工号,姓名,入职日期,司龄\nC1,王伟,2020-01-15,6.9\nC2,李娜,,2.5\nC3,张敏,,3年6个月\nC4,刘洋,,\n",
    )
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: the file gives years of service instead of hire dates; say on which day they "
        "were counted (the day of the export) with --as-of YYYY-MM-DD"
    ]
    result = cli("people", "import", str(path), "--as-of", "2026-06-30")
    assert (
        "hire_date: 2 hire dates are approximate, counted back from years of service as of "
        "2026-06-30" in result.stderr
    )
    stored = people(cli)
    assert stored["C1"]["hire_date"] == "2020-01-15"  # a hire date given wins
    assert stored["C2"]["hire_date"] == "2023-12-30"  # 30 months before
    assert stored["C3"]["hire_date"] == "2022-12-30"  # 42 months before
    assert stored["C4"]["hire_date"] is None


def test_a_file_without_names_is_imported_with_no_names(cli: Run, tmp_path: Path) -> None:
    """An anonymised extract for reports: people are shown by their employee number."""
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    path = write(tmp_path, "employee_no,department,level\nE1,Sales,staff\nE2,Sales,middle\n")
    result = cli("people", "import", str(path), expect=2)
    assert "row 3, column 'name': E2 is new, so the name is needed" in result.stderr
    assert "--no-names" in result.stderr
    result = cli("people", "import", str(path), "--no-names")
    assert "1 new people have no name: shown by employee number" in result.stderr
    stored = people(cli)
    assert stored["E1"]["name"] == "Ana Ruiz"  # a name kept is not replaced
    assert stored["E2"]["name"] == "E2"
    assert stored["E2"]["level"] == "middle"


def test_ratings_on_another_scale_are_not_taken_as_one_to_five(cli: Run, tmp_path: Path) -> None:
    """3.5 was rounded to 4 without a word; 7 of 10 is no rating from 1 to 5."""
    path = write(tmp_path, "employee_no,name,Rating\nE1,Ana,3.5\nE2,Ben,7\nE3,Cy,9\nE4,Di,4\n")
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: people.csv: 3 bad rows, nothing imported; fix them and import again",
        "  row 2, column 'Rating': a rating is a whole number from 1 to 5",
        "  column 'Rating', 2 rows (3, 4): the value is out of range; expected a rating from 1 "
        "to 5",
        "  hint: is the rating on another scale? translate its values, like --value "
        "'performance:3.5=5', or leave the column out with --map 'Rating=-'",
    ]
    assert people(cli) == {}
