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
    """Reasons leavers resign for (not retirement, end of contract, dismissal), most
    frequent first, as shares of the recorded reasons of that kind; numbers right."""
    from retainkit.reports.dashboard_tables import chosen

    dashboard, reasons = book.worksheets[0], book["Reasons by period"]
    header = [cell.value for cell in reasons[1]]
    total = header.index("Total")
    primary = [row for row in reasons.iter_rows(min_row=2, values_only=True)
               if row[0] == "primary"]  # fmt: skip
    named = {row[2]: row[total] for row in primary if not row[1]}
    left_out = [row[total] for row in primary if row[1] and not chosen(row[1])]
    assert left_out  # the demo has retirements and involuntary reasons
    recorded = named["All separations"] - named["Not recorded"] - sum(left_out)
    ranked = [(row[2], row[total]) for row in primary if row[1] and chosen(row[1])][:5]
    rows = list(dashboard.iter_rows())
    start = next(n for n, row in enumerate(rows) if row[1].value == "Reason") + 1
    assert [c.value for c in rows[start - 1][2:4]] == ["Separations", "Share of recorded reasons %"]
    shown = [(row[1].value, row[2].value, row[3].value) for row in rows[start : start + 5]]
    assert shown == [
        (reason, count, pytest.approx(round(count / recorded * 100, 1) / 100))
        for reason, count in ranked
    ]
    for row in rows[start - 1 : start + 5]:
        assert {row[2].alignment.horizontal, row[3].alignment.horizontal} == {"right"}
    assert "Top five reasons for leaving (resignations, the range)" in [
        str(row[1].value) for row in rows
    ]


def test_hidden_reasons_say_so_in_one_honest_line(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """At the default threshold the 300-person demo hides every reason's count: one line
    says why and where the subtotals are, no header over nothing, nothing pointing below."""
    from openpyxl import load_workbook

    hidden = demo_workbook(tmp_path_factory.mktemp("hidden"), "hidden")
    sheet = load_workbook(hidden).worksheets[0]
    texts = [str(cell.value) for cell in cells(sheet)]
    at = texts.index("Top five reasons for leaving (resignations, the range)")
    following = " ".join(texts[at + 1 : at + 3])
    assert following.startswith("None to show: every reason's count in the range is hidden")
    assert "subtotals on Reasons by period" in following and "below" not in following
    assert "Reason" not in texts


def test_a_first_year_share_of_few_leavers_shows_its_count_uncoloured(book: Any) -> None:
    """ "First-year turnover %" was a share of leavers, not a rate, and swung 100% -> 0%
    (-100 pp, green) on 1 and 2 leavers: named for what it is, the count beside it, the
    change grey."""
    from retainkit.reports.dashboard import GREY, NOISE_BASE

    rows = list(book.worksheets[0].iter_rows())
    ((number, cell),) = [(n, c) for n, row in enumerate(rows) for c in row
                         if c.value == "First-year share of leavers %"]  # fmt: skip
    value = rows[number + 1][cell.column - 1]
    turnover = book["Turnover"]
    header = [c.value for c in turnover[1]]
    assert "First-year share of leavers %" in header and "First-year turnover %" not in header
    assert book["Summary"]["A7"].value == "First-year share of leavers %"
    line = next(r for r in turnover.iter_rows(values_only=True) if r[0] == "2026-Q4 to 30 Nov")
    early = line[header.index("Left in first year")]
    known = line[header.index("Separations")] - line[header.index("Hire date unknown")]
    assert known < NOISE_BASE  # the demo's last quarter: a handful of leavers
    assert value.number_format.endswith(f'" ({early} of {known})"'), value.number_format
    for below in (rows[number + 2], rows[number + 3]):
        assert below[cell.column - 1].font.color.rgb == GREY


def test_coverage_of_a_period_not_over_is_provisional(book: Any) -> None:
    rows = list(book.worksheets[0].iter_rows())
    ((number, cell),) = [(n, c) for n, row in enumerate(rows) for c in row
                         if c.value == "Exit interview coverage %"]  # fmt: skip
    assert rows[number + 1][cell.column - 1].number_format.endswith('" †"')
    texts = [str(c.value) for c in cells(book.worksheets[0])]
    assert any(t.startswith("† provisional: the period is not over") for t in texts)


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
    # Each month's rate annualised and the twelve months' rate, both rates per year, on
    # one axis: on two axes of different scales the lines crossed where nothing happened.
    (line,) = chart._charts
    (annualised, _twelve) = line.series
    assert line.y_axis.axId == 100 and not line.smooth
    title = "".join(run.t for p in line.y_axis.title.tx.rich.p for run in (p.r or []))
    assert title == "Annualised %"
    _, _, first, _, last = area(annualised.cat.strRef.f)
    column = 2  # the table's period column; the chart's labels are its hidden copy
    header = [sheet.cell(first - 1, column + n).value for n in range(4)]
    assert header == ["Period", "Turnover rate %", "Month, annualised %", "Trailing 12 months %"]
    months = [sheet.cell(row, column).value for row in range(first, last + 2)]
    # The last months to the range's end, then no Total row: the last month's trailing
    # rate is the twelve months' rate (an unlabelled Jan-Nov total read as a third one).
    assert months[-1] is None and months[-2] == "2026-11"
    assert all(month.startswith(("2025-", "2026-")) for month in months[:-1])
    check_chart(sheet, chart, top=first - 1, bounds=(5, last))
    # a month's annualised rate: its rate x the days of its year / its days (November: 30)
    rate, yearly = (sheet.cell(last, column + n).value for n in (1, 2))
    assert yearly == pytest.approx(round(rate * 100 * 365 / 30, 1) / 100, abs=1e-9)
    # Headers of numbers right-aligned, over their right-aligned numbers.
    for n in (1, 2, 3):
        assert sheet.cell(first - 1, column + n).alignment.horizontal == "right"
    # voluntary, involuntary and regrettable, annualised, a column per quarter
    assert len(kinds.series) == 3
    _, column, first, _, last = area(kinds.series[0].cat.strRef.f)
    quarters = [sheet.cell(row, column).value for row in range(first, last + 1)]
    assert quarters == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4 to 30 Nov"]
    check_chart(sheet, kinds, top=first - 1, bounds=(5, last))


def test_the_trend_months_are_twelve_whatever_the_range() -> None:
    """A range from 1 January ended the trend after eleven months; the last one, cut by
    the range's end, says so."""
    from retainkit.reports.dashboard import trend_months
    from retainkit.reports.model import Options

    def labels(start: date, end: date, lang: str = "en") -> list[str]:
        opts = Options(start, end, [], None, 5, lang, end)
        return [p.label for p in trend_months(opts)]

    found = labels(date(2026, 1, 1), date(2026, 11, 30))
    assert found == ["2025-12"] + [f"2026-{m:02}" for m in range(1, 12)]
    assert labels(date(2026, 1, 1), date(2026, 11, 17))[-1] == "2026-11 to 17 Nov"
    assert labels(date(2026, 1, 1), date(2026, 11, 17), "zh")[-1] == "2026-11 至11月17日"
    assert len(labels(date(2024, 7, 1), date(2026, 2, 28))) == 12


def test_the_workbook_trend_shows_twelve_months_for_a_range_from_january(book: Any) -> None:
    """The demo's range runs from 1 January: its Dashboard still shows the twelve months to
    30 November, December of the year before first."""
    texts = [str(cell.value) for cell in cells(book.worksheets[0])]
    months = ["2025-12"] + [f"2026-{m:02}" for m in range(1, 12)]
    assert all(month in texts for month in months)
    assert "2025-11" not in texts


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


def test_the_trend_chart_slants_its_month_labels(book: Any) -> None:
    """Twelve month labels side by side broke each over two lines ("2026-" above "01") in
    LibreOffice; they are slanted, each on one line."""
    from retainkit.reports.charts import SLANTED_AFTER

    lines = [c for c in book.worksheets[0]._charts if c.tagname == "lineChart"]
    assert lines
    for chart in lines:
        assert len(chart.series[0].cat.strRef.strCache.pt) > SLANTED_AFTER
        assert chart.x_axis.txPr.bodyPr.rot == -2700000


def test_the_saves_tile_has_no_figure_without_a_retention_chance(book: Any) -> None:
    """The demo records no retention chance: the Saves tile read '0, previous period 0 (0)'
    beside a Saves table saying there is none; it shows '–' as the action tiles do."""
    texts = [str(cell.value) for cell in cells(book.worksheets[0])]
    at = texts.index("Saves")
    assert texts[at + 1] == "–"
