"""A workbook for part of the organisation, the currency of its amounts, what it offers
where a period's figure is hidden, and notes in the language asked for; on the small
organisation of tests/test_reports.py (figures worked out there by hand).

Sales: S1-S6, S5 the manager of S1-S4 and S6; Engineering: G1-G6, G1 the manager of G2-G6.
Leavers: S6 2026-02-01, S1 2026-02-15 (regrettable), S2 2026-03-20; G1 2026-05-10
(regrettable), G2 2026-06-30.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_reports import RANGE, build


@pytest.fixture
def org(cli: Run, tmp_path: Path) -> Run:
    """The small organisation, nothing hidden."""
    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "1")
    return cli


def workbook(cli: Run, path: Path, *extra: str) -> Any:
    from openpyxl import load_workbook

    cli("export", "excel", str(path), *RANGE, "--force", *extra)
    return load_workbook(path)


def texts(sheet: Any) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def summary_rows(book: Any) -> dict[str, list[Any]]:
    return {row[0]: list(row) for row in book["Summary"].iter_rows(min_row=2, values_only=True)}


def test_a_department_workbook_counts_that_department_only(
    org: Run,
    tmp_path: Path,
) -> None:
    book = workbook(org, tmp_path / "sales.xlsx", "--department", "Sales")
    assert "Department: Sales" in texts(book["Dashboard"])
    found = summary_rows(book)
    # Q2 in Sales: nobody left; Q1: S6, S1, S2. Q2's headcount: S3, S4, S5 = 3.0
    assert found["Separations"][1:3] == [0, 3]
    assert found["Average headcount"][1] == 3.0
    turnover = [r for r in book["Turnover"].iter_rows(values_only=True) if r[0] == "Total"]
    assert turnover[0][1] == 3  # the range: S1, S2, S6
    # the interview list (interviews finished on the test's day): S1 and S6 answered, S2
    # declined; nobody from Engineering
    everyone = workbook(org, tmp_path / "all.xlsx", "--department", "Sales", "--to", "2027-01-31")
    people = {r[1] for r in everyone["Interviews"].iter_rows(min_row=2, values_only=True)}
    assert people == {"S1", "S2", "S6"}


def test_a_managers_workbook_covers_everyone_below_them(
    org: Run,
    tmp_path: Path,
) -> None:
    book = workbook(org, tmp_path / "g1.xlsx", "--manager", "G1")
    assert "Organisation of: G1 Gus One" in texts(book["Dashboard"])
    found = summary_rows(book)
    # G1 reports to nobody: below G1 are G2-G6; G2 left in Q2, nobody in Q1
    assert found["Separations"][1:3] == [1, 0]


def test_an_anonymized_managers_workbook_names_them_by_pseudonym(org: Run, tmp_path: Path) -> None:
    book = workbook(org, tmp_path / "g1.xlsx", "--manager", "G1", "--anonymize")
    lines = texts(book["Dashboard"])
    scope = [line for line in lines if line.startswith("Organisation of: ")]
    assert len(scope) == 1 and scope[0].startswith("Organisation of: P-")
    assert not any("Gus One" in line or "G1" in line.split() for line in lines)


def test_small_groups_are_hidden_within_the_scope(
    org: Run,
    tmp_path: Path,
) -> None:
    """Regrettable is 1 in Sales' Q1 (S1): shown with report.min_group 1, hidden at 2 within
    the department, though the whole company's Q1 has the same 1."""
    org("config", "set", "report.min_group", "2")
    book = workbook(org, tmp_path / "sales.xlsx", "--department", "Sales")
    rows_ = list(book["Regrettable"].iter_rows(values_only=True))
    header = rows_[0]
    q1 = next(r for r in rows_ if r[0] == "2026-Q1" and r[1] == "All")
    assert q1[header.index("Regrettable")] == "*"


def test_bad_scopes_are_one_clear_line(org: Run, tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    result = org("export", "excel", str(target), "--department", "Marketing", expect=2)
    assert "no one has the department 'Marketing'" in result.stderr
    result = org("export", "excel", str(target), "--manager", "Z9", expect=2)
    assert "no person with the employee number 'Z9'" in result.stderr
    result = org("export", "excel", str(target), "--manager", "G1", "--department", "Sales",
                 expect=2)  # fmt: skip
    assert "not both" in result.stderr
    assert not target.exists()


def test_amounts_carry_the_currency_setting(org: Run, tmp_path: Path) -> None:
    result = org("config", "set", "report.currency", "euro", expect=2)
    assert "ISO 4217" in result.stderr
    org("config", "set", "report.currency", "eur")
    for lang in ("en", "zh"):
        book = workbook(org, tmp_path / f"cost-{lang}.xlsx", "--lang", lang)
        cost = book.worksheets[book.sheetnames.index("Cost" if lang == "en" else "离职成本")]
        header = [c.value for c in cost[1]]
        column = header.index("Turnover cost" if lang == "en" else "离职成本")
        formats = {row[column].number_format for row in cost.iter_rows(min_row=2)
                   if isinstance(row[column].value, int | float)}  # fmt: skip
        assert formats == {'#,##0" EUR"'}, lang


def test_a_hidden_quarter_offers_the_twelve_months_and_the_year(
    org: Run,
    tmp_path: Path,
) -> None:
    """With report.min_group 3, Q2's cost (G1 and G2: two salaries) is hidden; the twelve
    months to 30 June and 2026 to 30 June hold all five leavers and are shown, with the
    cost of the half year: Q1 68,100 + Q2 281,400 = 349,500."""
    org("config", "set", "report.min_group", "3")
    book = workbook(org, tmp_path / "hidden.xlsx")
    found = summary_rows(book)
    header = [c.value for c in book["Summary"][1]]
    assert header[-2:] == ["12 months to 30 Jun", "2026 to 30 Jun"]
    cost = found["Turnover cost"]
    assert cost[1] == "*"
    assert cost[-2:] == [349500, 349500]
    # Q1's cost is hidden too (a complement), so the year less Q1 does not give Q2.
    assert texts(book["Dashboard"]).count("12 months to 30 Jun: 349,500") == 1


def test_windows_apart_by_fewer_than_min_group_leavers_are_not_both_offered(
    org: Run,
    tmp_path: Path,
) -> None:
    """G3 (salary 90,000, core: replacement factor 0.8) leaves on 2025-12-10. The twelve
    months to 30 June hold six leavers and 2026 to 30 June five, as does the range: shown
    side by side, the twelve months' cost less the year's would be G3's cost, 90,000 × 0.8
    + 4,700 = 76,700, and so G3's salary. The twelve months are withheld; the year (the
    range's own leavers) is shown. With report.min_group 1 nothing is hidden, so nothing
    is offered."""
    org("depart", "G3", "--last-day", "2025-12-10", "--kind", "voluntary")
    org("config", "set", "report.min_group", "3")
    book = workbook(org, tmp_path / "apart.xlsx")
    cost = summary_rows(book)["Turnover cost"]
    assert cost[1] == "*"
    assert cost[-2:] == ["*", 349500]
    seen = texts(book["Dashboard"])
    assert not any(text.startswith("12 months to 30 Jun: 4") for text in seen)
    assert "2026 to 30 Jun: 349,500" in seen


def test_the_year_is_not_offered_where_it_gives_the_hidden_quarter_away() -> None:
    from datetime import date

    from retainkit.reports.model import SUPPRESSED, Options
    from retainkit.reports.periods import periods, trailing_and_year
    from retainkit.reports.summary import unless_revealing

    spans = periods(date(2026, 1, 1), date(2026, 6, 30), "quarter")
    opts = Options(spans[0].start, spans[-1].end, spans, None, 3, "en", spans[-1].end)
    ttm, year = trailing_and_year(spans[-1])
    # Q1 shown, Q2 hidden: the year (Q1 + Q2) less Q1 is Q2
    shown = {spans[0].label: 10, spans[1].label: SUPPRESSED}

    def value(span: Any) -> Any:
        return shown[span.label]

    assert unless_revealing(14, year, value, opts) is SUPPRESSED
    assert unless_revealing(20, ttm, value, opts) == 20  # July-December 2025 unpublished
    shown[spans[0].label] = SUPPRESSED  # both hidden: the year tells only their sum
    assert unless_revealing(14, year, value, opts) == 14


def test_notes_come_in_the_language_asked_for(org: Run) -> None:
    result = org("report", "turnover", *RANGE, "--lang", "zh")
    assert "平均在职人数 = 期内每日在职人数的平均值" in result.stderr + result.stdout
    assert "Average headcount = the mean" not in result.stderr + result.stdout
