"""The workbook's charts say no more and no less than the tables they sit by: every range
is rows and columns of the sheet's table (never a total row), a hidden value is a gap in
the chart's source and the title says so, lines are straight, axes shown, caches filled."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import range_boundaries

from retainkit.base import words
from tests.conftest import make_runner

TODAY = date(2026, 11, 30)
TOTAL_LABELS = {text for key in ("total", "all") for text in words.REPORT[key]}
HIDDEN_NOTE = {text for text in words.REPORT["chart_hidden"]}


def demo_workbook(
    root: Path, name: str, *config: tuple[str, str], people: int = 300, lang: str = "en"
) -> Path:
    """The demo organisation exported as a workbook, with these settings."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(root))
        patch.setenv("XDG_DATA_HOME", str(root / "share"))
        cli = make_runner(str(root / f"{name}.db"))
        cli("demo", "--people", str(people))
        for key, value in config:
            cli("config", "set", key, value)
        target = root / f"{name}.xlsx"
        cli("export", "excel", str(target), "--lang", lang)
    return target


@pytest.fixture(scope="module")
def hidden_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default threshold: many values hidden."""
    return demo_workbook(tmp_path_factory.mktemp("hidden"), "hidden")


@pytest.fixture(scope="module")
def open_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Threshold 1: every value shown."""
    return demo_workbook(tmp_path_factory.mktemp("open"), "open", ("report.min_group", "1"))


def charts(path: Path) -> Iterator[tuple[Any, Any]]:
    """(sheet, chart) for every chart of the workbook, as a spreadsheet program reads it."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        for chart in sheet._charts:
            yield sheet, chart


def area(reference: str) -> tuple[str, int, int, int, int]:
    """(sheet title, first column, first row, last column, last row) of a reference."""
    sheet, cells = reference.rsplit("!", 1)
    low_col, low_row, high_col, high_row = range_boundaries(cells.replace("$", ""))
    return sheet.strip("'"), low_col, low_row, high_col, high_row


def table(sheet: Any) -> tuple[int, int]:
    """The columns and the last row of the sheet's table: its autofilter range."""
    _, _, columns, last_row = range_boundaries(sheet.auto_filter.ref)
    return columns, last_row


def all_series(chart: Any) -> list[Any]:
    """The series of a chart and of the charts combined with it (a second axis)."""
    return [series for part in chart._charts for series in part.series]


def check_chart(
    sheet: Any, chart: Any, top: int = 1, bounds: tuple[int, int] | None = None
) -> None:
    """The chart against its table: header on row `top`, (last column, last row) from the
    sheet's autofilter unless given."""
    columns, last_row = bounds or table(sheet)
    every = all_series(chart)
    assert every, sheet.title
    seen_hidden = False
    for series in every:
        # Its labels: a hidden copy of a table column, " *" after a label whose row has a
        # hidden value in the chart.
        title, low_col, low_row, high_col, high_row = area(series.cat.strRef.f)
        assert title == sheet.title and low_col == high_col > columns, sheet.title
        assert top + 1 <= low_row <= high_row <= last_row, (sheet.title, series.cat.strRef.f)
        headers = [sheet.cell(top, n).value for n in range(1, columns + 1)]
        label_col = headers.index(sheet.cell(top, low_col).value) + 1
        labels = [sheet.cell(row, label_col).value for row in range(low_row, high_row + 1)]
        assert not set(labels) & TOTAL_LABELS, (sheet.title, labels)
        plotted = [area(s.tx.strRef.f)[1] for s in every]
        marks = [
            " *" if any(sheet.cell(row, c).value == "*" for c in plotted) else ""
            for row in range(low_row, high_row + 1)
        ]
        copies = [sheet.cell(row, low_col).value for row in range(low_row, high_row + 1)]
        assert copies == [f"{label}{mark}" for label, mark in zip(labels, marks, strict=True)]
        cached = [point.v for point in series.cat.strRef.strCache.pt]
        assert cached == copies, sheet.title
        # The series is named by a header cell of the table.
        _, name_col, name_row, _, _ = area(series.tx.strRef.f)
        assert name_row == top and name_col <= columns, sheet.title
        header = sheet.cell(top, name_col).value
        # Its values sit on the same rows, in a helper column copying that table column.
        v_title, v_col, v_low, v_high_col, v_high = area(series.val.numRef.f)
        assert (v_title, v_low, v_high) == (sheet.title, low_row, high_row), sheet.title
        assert v_col == v_high_col > columns, "the chart's source is the helper copy"
        assert sheet.cell(top, v_col).value == header, sheet.title
        assert sheet.column_dimensions[sheet.cell(top, v_col).column_letter].hidden
        points = {p.idx: p.v for p in series.val.numRef.numCache.pt}
        for offset, row in enumerate(range(low_row, high_row + 1)):
            shown = sheet.cell(row, name_col).value
            source = sheet.cell(row, v_col).value
            if shown == "*":
                assert source is None and offset not in points, (sheet.title, row)
                seen_hidden = True
            elif isinstance(shown, int | float):
                assert source == pytest.approx(shown) and points[offset] == pytest.approx(shown)
            else:
                assert source is None, (sheet.title, row, shown)
    title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
    assert any(note in title for note in HIDDEN_NOTE) == seen_hidden, (sheet.title, title)


@pytest.mark.parametrize("which", ["hidden_book", "open_book"])
def test_every_chart_is_drawn_from_its_table_and_hidden_values_are_gaps(
    which: str, request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(which)
    found = list(charts(path))
    titles = {"Dashboard", "Reasons by period", "Turnover", "Cost"}
    if which == "hidden_book":  # every reason's range total hidden: said, not drawn blank
        titles.remove("Reasons by period")
        assert "Nothing to chart: every value is hidden (*)" in texts(path, "Reasons by period")
    assert {sheet.title for sheet, _ in found} == titles
    for sheet, chart in found:
        if sheet.title != "Dashboard":  # tests/test_workbook_dashboard.py
            check_chart(sheet, chart)


def test_the_cost_chart_has_a_bar_per_department_and_the_sheet_no_repeated_total(
    open_book: Path,
) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(open_book)["Cost"]
    _, last_row = table(sheet)
    assert sheet.cell(1, 1).value == "Department"  # one period: no column repeating it
    departments = [sheet.cell(row, 1).value for row in range(2, last_row + 1)]
    assert len(departments) == len(set(departments)), departments  # no Total block again
    assert departments[-1] == "All"
    ((_, chart),) = [(s, c) for s, c in charts(open_book) if s.title == "Cost"]
    (series,) = chart.series
    _, _, low, _, high = area(series.cat.strRef.f)
    assert high - low + 1 == len(departments) - 1  # every department, not "All"


def texts(path: Path, name: str) -> list[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)[name]
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_the_reasons_chart_draws_the_range_total_in_whole_steps(open_book: Path) -> None:
    """One bar per primary reason, its range total (a quarter's count is hidden far more
    often), on an axis of whole people."""
    ((sheet, chart),) = [(s, c) for s, c in charts(open_book) if s.title == "Reasons by period"]
    (series,) = chart.series
    _, name_col, _, _, _ = area(series.tx.strRef.f)
    assert sheet.cell(1, name_col).value == "Total"
    assert chart.y_axis.majorUnit is not None and chart.y_axis.majorUnit >= 1
    assert float(chart.y_axis.majorUnit).is_integer()


def test_reasons_are_sorted_by_frequency(open_book: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(open_book)["Reasons by period"]
    header = [cell.value for cell in sheet[1]]
    total = header.index("Total")
    primary = [
        row[total]
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == "primary" and row[1]
    ]
    assert len(primary) > 3 and primary == sorted(primary, reverse=True), primary


def test_chart_xml_has_straight_lines_shown_axes_and_every_label(open_book: Path) -> None:
    from xml.etree import ElementTree

    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    with zipfile.ZipFile(open_book) as archive:
        parts = [
            ElementTree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/charts/chart")
        ]
    assert len(parts) == 5  # the Dashboard's trend and kinds, reasons by period, turnover, cost

    def values(root: Any, tag: str) -> list[str | None]:
        return [element.get("val") for element in root.iter(c + tag)]

    for root in parts:
        axes = [*root.iter(c + "catAx"), *root.iter(c + "valAx")]
        assert len(axes) == 2 + (len(list(root.iter(c + "lineChart"))) == 2)
        for axis in axes:
            assert [d.get("val") for d in axis.iter(c + "delete")] == ["0"]
        assert values(root, "tickLblSkip") == ["1"]
        assert values(root, "dispBlanksAs") == ["gap"]
        assert values(root, "plotVisOnly") == ["0"]
        if any(root.iter(c + "lineChart")):
            assert values(root, "smooth") and set(values(root, "smooth")) == {"0"}
        assert any(root.iter(c + "numCache")) and any(root.iter(c + "strCache"))


def test_the_turnover_chart_draws_annualised_rates_so_a_partial_period_is_comparable(
    open_book: Path,
) -> None:
    """The range ends on 30 November: its last quarter has two months. Per-period rates
    would draw it as a drop; the chart draws the annualised and the twelve-month rates."""
    ((sheet, chart),) = [(s, c) for s, c in charts(open_book) if s.title == "Turnover"]
    drawn = []
    for series in chart.series:
        _, column, _, _, _ = area(series.val.numRef.f)
        drawn.append(sheet.cell(1, column).value)  # the helper copy keeps its column's title
    assert drawn == ["Annualised turnover %", "Trailing 12 months %"]


def test_the_cost_chart_marks_departments_whose_cost_is_hidden(hidden_book: Path) -> None:
    """An empty bar read as "no cost": a department whose cost is hidden is labelled
    "Sales *" on the chart, and the title says what `*` means."""
    ((sheet, chart),) = [(s, c) for s, c in charts(hidden_book) if s.title == "Cost"]
    (series,) = chart.series
    labels = [point.v for point in series.cat.strRef.strCache.pt]
    _, _, low, _, high = area(series.val.numRef.f)
    cost = [cell.value for cell in sheet[1]].index("Turnover cost") + 1
    costs = [sheet.cell(row, cost).value for row in range(low, high + 1)]
    assert "*" in costs and len(labels) == len(costs)
    for label, cost in zip(labels, costs, strict=True):
        assert label.endswith(" *") == (cost == "*"), (label, cost)
    title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
    assert any(note in title for note in HIDDEN_NOTE)


def test_a_title_counting_hidden_bars_counts_bars(hidden_book: Path) -> None:
    """ "4 of 4 bars hidden" stood over a chart of eight bars (four groups of two, one
    series all hidden): the count is of bars, each series' value on each row."""
    import re

    counted = 0
    for _, chart in charts(hidden_book):
        title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
        found = re.search(r"(\d+) of (\d+) bars hidden", title)
        if found is None:
            continue
        counted += 1
        bars = sum(len(series.cat.strRef.strCache.pt) for series in chart.series)
        hidden = sum(
            len(series.cat.strRef.strCache.pt) - len(series.val.numRef.numCache.pt)
            for series in chart.series
        )
        assert (int(found[1]), int(found[2])) == (hidden, bars), title
    assert counted, "no chart of the hidden demo said how many bars are hidden"
