"""The Dashboard: the first sheet, with the title, the organisation, the range and the day
made, the key figures as tiles against the period before (better green, worse red), the
top five reasons by frequency, what `*` means, and an index of the sheets; on one page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from retainkit.base import words
from retainkit.reports.dashboard import BETTER, TILE_FILL, WORSE, direction
from retainkit.reports.summary import Measure
from tests.test_workbook_charts import area, check_chart, demo_workbook

TODAY = date(2026, 11, 30)
TILES = (
    "annualised_rate", "voluntary_annualised", "regrettable_annualised", "first_year_rate",
    "retention_rate", "total_cost", "enps", "interview_coverage", "open_actions",
    "overdue_actions",
)  # fmt: skip
"""The key figures a management meeting reads, each a tile."""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from openpyxl import load_workbook

    root = tmp_path_factory.mktemp("dashboard")
    path = demo_workbook(
        root, "dash", ("report.min_group", "1"), ("report.organisation", "Northwind Trading")
    )
    return load_workbook(path)


def cells(sheet: Any) -> list[Any]:
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_dashboard_is_first_and_says_what_it_covers(book: Any) -> None:
    sheet = book.worksheets[0]
    assert sheet.title == "Dashboard"
    texts = [str(cell.value) for cell in cells(sheet)]
    assert texts[0] == "Attrition and retention report"
    assert "Northwind Trading" in texts
    assert "Range 2026-01-01 – 2026-11-30 · made on 2026-11-30" in texts
    # the partial quarter against the whole one before and the same days a year before
    assert "Key figures: 2026-Q4 to 30 Nov against 2026-Q3 and 2025-Q4 to 30 Nov" in texts
    for key in TILES:
        assert words.REPORT[key][0] in texts, key
    assert words.REPORT["trend"][0] in texts and words.REPORT["by_kind"][0] in texts
    assert any(text.startswith("* = hidden to protect people") for text in texts)
    # The index names every other sheet.
    assert set(book.sheetnames[1:]) <= set(texts)


def test_tiles_show_the_summary_figures_and_colour_the_change(book: Any) -> None:
    dashboard, summary = book.worksheets[0], book["Summary"]
    measures = {row[0].value: row for row in summary.iter_rows(min_row=2, max_row=13)}
    assert set(words.REPORT[key][0] for key in TILES) <= set(measures)
    rows = list(dashboard.iter_rows())
    found = 0
    for number, row in enumerate(rows[:-3]):
        for cell in row:
            if cell.value in measures and cell.fill.fgColor.rgb == TILE_FILL:
                value = rows[number + 1][cell.column - 1]
                assert value.value == measures[cell.value][1].value, cell.value
                versus = rows[number + 2][cell.column - 1]
                assert str(versus.value).startswith("Previous period: "), versus.value
                year = rows[number + 3][cell.column - 1]
                assert str(year.value).startswith("A year before: "), year.value
                found += 1
    assert found == len(measures)
    colours = {
        cell.font.color.rgb
        for cell in cells(dashboard)
        if str(cell.value).startswith("Previous period: ") and cell.font.color is not None
    }
    assert colours & {BETTER, WORSE}


def test_which_way_is_better() -> None:
    def measure(key: str, change: float) -> Measure:
        return Measure(key, "rate", 1.0, 1.0, change)

    assert direction(measure("annualised_rate", 0.2)) == -1
    assert direction(measure("annualised_rate", -0.2)) == 1
    assert direction(measure("retention_rate", 2.0)) == 1
    assert direction(measure("overdue_actions", 2.0)) == -1
    # against the year before, its own change
    assert direction(measure("annualised_rate", 0.2), -1.5) == 1
    assert direction(measure("interview_coverage", 5.0)) == 1
    assert direction(measure("enps", -3.0)) == -1
    assert direction(measure("headcount", 7.5)) == 0
    assert direction(measure("annualised_rate", 0.0)) == 0


def test_the_top_five_reasons_follow_the_reasons_sheet(book: Any) -> None:
    dashboard, reasons = book.worksheets[0], book["Reasons by period"]
    header = [cell.value for cell in reasons[1]]
    ranked = [
        (row[2], row[header.index("Total")])
        for row in reasons.iter_rows(min_row=2, values_only=True)
        if row[0] == "primary" and row[1]
    ][:5]
    rows = [[c.value for c in row] for row in dashboard.iter_rows()]
    start = next(n for n, row in enumerate(rows) if row[1] == "Reason") + 1
    assert [(row[1], row[2]) for row in rows[start : start + 5]] == ranked


def test_the_dashboard_prints_on_one_page(book: Any) -> None:
    sheet = book.worksheets[0]
    setup = sheet.page_setup
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 1)
    assert sheet.print_title_rows is None
    # Only the tiles' columns print: the charts' hidden sources ran on past them and
    # widened the page by a third.
    assert sheet.print_area == "'Dashboard'!$A$1:$E$" + str(sheet.max_row)


def test_the_monthly_trend_chart_is_drawn_from_the_table_beside_it(book: Any) -> None:
    sheet = book.worksheets[0]
    chart, kinds = sheet._charts
    # The month's rate, and on a second axis at the right the twelve months' (about
    # twelve times as high: on one axis it flattened the monthly line to the floor).
    (left, right) = chart._charts
    ((rate,), (_twelve,)) = left.series, right.series
    assert (left.y_axis.axId, right.y_axis.axId) == (100, 200)
    assert right.y_axis.crosses == "max" and not right.y_axis.delete
    titles = [
        "".join(run.t for p in axis.title.tx.rich.p for run in (p.r or []))
        for axis in (left.y_axis, right.y_axis)
    ]
    assert titles == ["Turnover rate %", "Trailing 12 months %"]
    assert not left.smooth and not right.smooth
    _, _, first, _, last = area(rate.cat.strRef.f)
    column = 2  # the table's period column; the chart's labels are its hidden copy
    months = [sheet.cell(row, column).value for row in range(first - 1, last + 2)]
    # The header above, then the months of the range's last twelve, then the Total row
    assert months[0] == "Period" and months[-1] == "Total"
    assert months[1:-1] == [f"2026-{m:02}" for m in range(1, 12)]
    check_chart(sheet, chart, top=first - 1, bounds=(4, last + 1))
    assert sheet.cell(first - 1, column + 2).value == "Trailing 12 months %"
    # voluntary, involuntary and regrettable, annualised, a column per quarter
    assert len(kinds.series) == 3
    _, column, first, _, last = area(kinds.series[0].cat.strRef.f)
    quarters = [sheet.cell(row, column).value for row in range(first, last + 1)]
    assert quarters == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4 to 30 Nov"]
    check_chart(sheet, kinds, top=first - 1, bounds=(5, last))


def test_a_range_longer_than_a_year_draws_its_last_twelve_months(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The Dashboard's trend covers the range's last twelve months; leavers before them
    belong to the range, not to the trend (they stopped the export once)."""
    from openpyxl import load_workbook

    from tests.conftest import make_runner

    root = tmp_path_factory.mktemp("long")
    cli = make_runner(str(root / "long.db"))
    cli("demo", "--people", "60")
    target = root / "long.xlsx"
    cli("export", "excel", str(target), "--from", "2024-07-01")
    texts = [str(cell.value) for cell in cells(load_workbook(target).worksheets[0])]
    assert "Range 2024-07-01 – 2026-11-30 · made on 2026-11-30" in texts
    assert "2025-12" in texts and "2025-11" not in texts


def test_no_line_of_the_dashboard_is_wider_than_its_tiles(book: Any) -> None:
    """A definition written as one long row made the one-page Dashboard shrink until it
    could not be read; each is now rows as wide as the tiles."""
    from retainkit.reports.dashboard import LINE_WIDTH
    from retainkit.reports.writer import display_width

    widest = max(display_width(str(cell.value)) for cell in cells(book.worksheets[0]))
    assert widest <= LINE_WIDTH


def test_page_lines_break_at_spaces_and_inside_chinese() -> None:
    from retainkit.reports.dashboard import page_lines

    assert page_lines("turnover = separations / headcount", 12) == [
        "turnover =",
        "separations",
        "/ headcount",
    ]
    assert page_lines("平均在职人数", 6) == ["平均在", "职人数"]
