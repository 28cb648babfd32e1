"""The standard turnover definitions on a second small organisation: a rehire, a leaver
whose hire date is unknown, a hire cohort a year old, and the current period cut short.

Ops, six people:

    A1  hired 2024-01-01  left 2025-10-31 (voluntary), rehired 2026-02-01
    A2  hired 2024-01-01  retires 2026-06-30
    A3  hired 2024-01-01
    A4  hired 2024-01-01
    A5  hire date unknown  laid off 2026-02-28
    A6  hired 2025-07-01  resigns 2026-03-31 (under a year of service)

Today is 2026-11-30. Every expected figure is worked out in the comments next to it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from retainkit.reports.periods import annualising, default_range, periods, trailing_year
from tests.conftest import Run

TODAY = date(2026, 11, 30)

PEOPLE = """employee_no,name,email,department,level,hire_date,salary
A1,Ann One,a1@example.com,Ops,staff,2024-01-01,50000
A2,Ben Two,a2@example.com,Ops,staff,2024-01-01,50000
A3,Cai Three,a3@example.com,Ops,staff,2024-01-01,50000
A4,Dee Four,a4@example.com,Ops,staff,2024-01-01,50000
A5,Eli Five,a5@example.com,Ops,staff,,50000
A6,Fay Six,a6@example.com,Ops,staff,2025-07-01,50000
"""


@pytest.fixture
def ops(cli: Run, tmp_path: Path) -> Run:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, "utf-8")
    cli("people", "import", str(people))
    cli("depart", "A1", "--last-day", "2025-10-31", "--kind", "voluntary")
    cli("people", "rehire", "A1", "--date", "2026-02-01")
    cli("depart", "A5", "--last-day", "2026-02-28", "--kind", "layoff")
    cli("depart", "A6", "--last-day", "2026-03-31", "--kind", "voluntary")
    cli("depart", "A2", "--last-day", "2026-06-30", "--kind", "retirement")
    return cli


def table(cli: Run, *args: str) -> dict[str, dict[str, str]]:
    found = cli("report", "turnover", *args, "--format", "csv").stdout
    return {row["period"]: row for row in csv.DictReader(io.StringIO(found))}


def test_rehire_unknown_hire_date_and_first_year_by_hand(ops: Run) -> None:
    rows = table(ops, "--from", "2026-01-01", "--to", "2026-03-31", "--period", "quarter")
    q1 = rows["2026-Q1"]
    # Person-days in Q1 (90 days): A1 back Feb 1 to Mar 31 59; A2 A3 A4 3 x 90 = 270; A5
    # (employed since before the range, hire date unknown) to Feb 28 59; A6 to Mar 31 90:
    # 478 / 90 = 5.31
    assert q1["headcount"] == "5.31"
    # A5 and A6 left: 2 / 5.311 = 37.66%
    assert (q1["separations"], q1["turnover_rate"]) == ("2", "37.7")
    assert (q1["voluntary_count"], q1["involuntary_count"]) == ("1", "1")  # A6 | A5 layoff
    # First year: A6 (8 months); A5's service is unknown, so not counted either way: the
    # share is over the one leaver whose hire date is known.
    assert (q1["first_year"], q1["hire_date_unknown"], q1["first_year_rate"]) == ("1", "1", "100.0")
    # The rehire is a hire of the quarter.
    assert q1["hires"] == "1"
    # Employed on Mar 31 2025: A1 (first stretch), A2, A3, A4, A5 = 5; still employed on
    # Mar 31 2026 in the same stretch: A2, A3, A4 = 3 (A1 left and came back)
    assert q1["retention_rate"] == "60.0"


def test_new_hire_turnover_once_a_cohort_is_a_year_old(ops: Run) -> None:
    rows = table(ops, "--from", "2025-07-01", "--to", "2026-09-30", "--period", "quarter")
    # 2025-Q3 hired A6 (Jul 1), who left on Mar 31 2026, within 12 months: 1 / 1
    assert (rows["2025-Q3"]["hires"], rows["2025-Q3"]["new_hire_turnover"]) == ("1", "100.0")
    # 2026-Q1's cohort (A1's rehire) is not a year old on Nov 30: not known yet
    assert (rows["2026-Q1"]["hires"], rows["2026-Q1"]["new_hire_turnover"]) == ("1", "")
    # The 12 months to Sep 30 2026 (Oct 1 2025 on, 365 days) hold 4 separations: A1 (Oct
    # 31), A5, A6, A2. Person-days: A1 31 + 242 (back Feb 1) = 273; A2 to Jun 30 273; A3
    # A4 730; A5 to Feb 28 151; A6 to Mar 31 182: 1,609 / 365 = 4.408; 4 / 4.408 = 90.7%
    assert rows["2026-Q3"]["separations"] == "0"
    assert rows["2026-Q3"]["ttm_rate"] == "90.7"


def test_the_current_period_is_labelled_partial_and_annualised(ops: Run) -> None:
    rows = table(ops, "--period", "quarter")  # the default range: up to today
    assert list(rows) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4 to 30 Nov", "Total"]
    q4 = rows["2026-Q4 to 30 Nov"]
    # Oct 1 - Nov 30, 61 days, nobody left: A1 A3 A4 = 3 every day
    assert (q4["headcount"], q4["turnover_rate"], q4["annualised_rate"]) == ("3.0", "0.0", "0.0")
    q2 = rows["2026-Q2"]
    # Q2 (91 days): A1 A2 A3 A4 every day (A2's last day is Jun 30): 4; A2 retired:
    # 1 / 4 = 25% for the quarter, x 365 / 91 = 100.3% a year
    assert (q2["turnover_rate"], q2["annualised_rate"]) == ("25.0", "100.3")
    assert (q2["retirements"], q2["voluntary_count"]) == ("1", "0")


def test_period_labels_and_factors() -> None:
    # A range cut at both ends says where, in English and Chinese.
    spans = periods(date(2026, 2, 15), date(2026, 11, 30), "quarter")
    assert [s.label for s in spans] == [
        "2026-Q1 from 15 Feb", "2026-Q2", "2026-Q3", "2026-Q4 to 30 Nov"
    ]  # fmt: skip
    zh = periods(date(2026, 1, 1), date(2026, 11, 30), "year", "zh")
    assert [s.label for s in zh] == ["2026 至11月30日"]
    inside = periods(date(2026, 5, 3), date(2026, 5, 9), "month")
    assert [s.label for s in inside] == ["2026-05 3 May–9 May"]
    assert default_range(TODAY, "quarter") == (date(2026, 1, 1), TODAY)
    # A whole year reads as itself, leap or not; a quarter of 90 days x 365 / 90.
    (leap,) = periods(date(2024, 1, 1), date(2024, 12, 31), "year")
    assert annualising(leap) == 1.0
    (quarter,) = periods(date(2026, 1, 1), date(2026, 3, 31), "quarter")
    assert annualising(quarter) == pytest.approx(365 / 90)
    # The twelve months to Feb 28 2025 start the day after Feb 28 2024.
    (feb,) = periods(date(2025, 2, 1), date(2025, 2, 28), "month")
    assert trailing_year(feb).start == date(2024, 2, 29)
