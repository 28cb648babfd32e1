"""Native charts for the workbook's report sheets, each a second rendering of the table on
its sheet that cannot say more than the table does.

A chart is planned (`Plot`) from the report's own rows and columns: one contiguous block of
rows (never a total row), one label column, one or more value columns. The writer copies
the plotted values into hidden helper columns on the same rows, a number where the table
shows one and an empty cell where it shows `*`, so a hidden value is a gap in the chart,
never a zero; after them a copy of the labels, a label marked " *" where a value of its row
is hidden (an empty bar must not read as "none"), and the chart's title says what `*`
means. Every reference carries its cached values, lines are straight, every axis is
explicitly shown, every category is labelled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from retainkit.reports.model import SUPPRESSED, Report, word

MAX_HEIGHT = 16.0
"""A chart's height in cm at most: anchored on the second row, it then fits on the first
printed page of its sheet (A4 landscape, 19 cm between the margins, scaled to width)."""


@dataclass(frozen=True)
class Plot:
    """What a chart shows: rows first..last of the report (0-based, inclusive), labelled
    by the `category` column, one series per `series` column."""

    kind: str
    """"bar" (horizontal bars), "column" or "line"."""
    title: str
    first: int
    last: int
    category: str
    series: tuple[str, ...]
    number_format: str = "General"
    secondary: tuple[str, ...] = ()
    """Series (of `series`) drawn against a second value axis on the right, each axis
    titled: a rate of twelve months beside a month's rate, which its scale would flatten."""


HIDDEN_MARK = " *"
"""After a chart's category label where a value of its row is hidden."""


def marked(row: dict[str, Any], plot: Plot) -> str:
    """The chart's label of a row: the table's label, marked where a plotted value of the
    row is hidden."""
    label = str(row.get(plot.category) or "")
    if any(row.get(key) is SUPPRESSED for key in plot.series):
        return label + HIDDEN_MARK
    return label


Planner = Callable[[Report], Plot | None]


def plotted(value: Any, kind: str) -> float | None:
    """A table value as its chart source holds it: a number, or None (a gap) where the
    table shows `*`, nothing, or text."""
    if value is None or value is SUPPRESSED or isinstance(value, str | bool):
        return None
    if not isinstance(value, int | float):
        return None
    return value / 100 if kind == "rate" else float(value)


def block_of(report: Report, test: Callable[[dict[str, Any]], bool]) -> tuple[int, int] | None:
    """The first and last report row of the contiguous block of rows passing `test`; None
    when no row passes or the rows are not contiguous."""
    found = [n for n, row in enumerate(report.rows) if test(row)]
    if not found or found[-1] - found[0] + 1 != len(found):
        return None
    return found[0], found[-1]


def _has(report: Report, key: str) -> bool:
    return any(c.key == key for c in report.columns)


def reasons_plot(lang: str) -> Planner:
    """Primary reasons (coded rows only: no subtotal), a bar each for the range's total
    (the column the table shows most of: a quarter's count is hidden far more often), in
    the table's order, which `by_frequency` makes the most frequent first; None when every
    total is hidden."""

    def plan(report: Report) -> Plot | None:
        primary = word("primary", lang)
        block = block_of(report, lambda r: r.get("type") == primary and bool(r.get("code")))
        if block is None or not _has(report, "total") or not _has(report, "reason"):
            return None
        title = f"{word('reasons_by_period', lang)}: {word('total', lang)}"
        found = Plot("bar", title, block[0], block[1], "reason", ("total",), "#,##0")
        return found if anything_shown(report, found) else None

    return plan


def anything_shown(report: Report, plot: Plot) -> bool:
    """Whether any value the plot draws is a number (not every one hidden)."""
    rows = report.rows[plot.first : plot.last + 1]
    return any(
        plotted(row.get(key), report.column(key).kind) is not None
        for row in rows
        for key in plot.series
    )


def turnover_plot(lang: str) -> Planner:
    """The annualised turnover rate and the trailing-twelve-month rate per period, the
    Total row left out: annualised, a partial last period (two months of a quarter) is
    drawn on the scale of the full ones instead of looking like a drop. A table without
    them (an older layout) charts the per-period rates."""

    def plan(report: Report) -> Plot | None:
        total = word("total", lang)
        block = block_of(report, lambda r: r.get("period") != total)
        keys = tuple(k for k in ("annualised_rate", "ttm_rate") if _has(report, k))
        title = "annualised_rate"
        if not keys:
            keys = tuple(k for k in ("turnover_rate", "voluntary_rate") if _has(report, k))
            title = "turnover_rate"
        if block is None or not keys:
            return None
        return Plot("line", word(title, lang), block[0], block[1], "period", keys, "0.0%")

    return plan


def cost_plot(lang: str, by: str, span: str = "") -> Planner:
    """The cost of each group (not the "All" row, not a Total block); `span`: the range
    the table covers, in the title, where the table has no period column."""

    def plan(report: Report) -> Plot | None:
        everyone, total = word("all", lang), word("total", lang)
        block = block_of(report, lambda r: r.get(by) != everyone and r.get("period") != total)
        if block is None or not _has(report, "total_cost"):
            return None
        title = f"{word('total_cost', lang)} – {word(by, lang)}"
        if span:
            title += f", {span}"
        found = Plot("column", title, block[0], block[1], by, ("total_cost",), "#,##0")
        return found if anything_shown(report, found) else None

    return plan


def by_frequency(report: Report) -> Report:
    """The report with each run of coded reason rows (same type, same breakdown group)
    sorted by the range's total, most frequent first; hidden totals after the shown ones,
    in their former order. Subtotals stay where they are."""
    if not _has(report, "total") or not _has(report, "code"):
        return report
    lead = [c.key for c in report.columns if c.key not in ("code", "reason") and c.kind == "text"]
    rows: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        shown = [r for r in run if isinstance(r.get("total"), int | float)]
        hidden = [r for r in run if not isinstance(r.get("total"), int | float)]
        rows.extend(sorted(shown, key=lambda r: -r["total"]) + hidden)
        run.clear()

    for row in report.rows:
        if row.get("code") and run and all(row.get(k) == run[0].get(k) for k in lead):
            run.append(row)
            continue
        flush()
        if row.get("code"):
            run.append(row)
        else:
            rows.append(row)
    flush()
    from dataclasses import replace

    return replace(report, rows=rows)


def draw(
    sheet: Any,
    report: Report,
    plot: Plot,
    helper: int,
    lang: str,
    *,
    top: int = 1,
    left: int = 0,
    anchor: str | None = None,
    size: tuple[float, float] | None = None,
) -> Any:
    """Add the chart to `sheet` (and return it): values from the hidden helper columns
    starting at `helper` (1-based), categories from the label copy after them, on the
    table's own rows. The table's header is on row `top`, its first column `left` columns
    right of A; the chart goes at `anchor`, else right of the helper columns on the second
    row."""
    from openpyxl.chart import BarChart, LineChart

    first_row, last_row = plot.first + top + 1, plot.last + top + 1
    rows = report.rows[plot.first : plot.last + 1]
    keys = [c.key for c in report.columns]
    chart: Any = LineChart() if plot.kind == "line" else BarChart()
    if plot.kind != "line":
        chart.type = "bar" if plot.kind == "bar" else "col"
        chart.gapWidth = 60
    labels = [marked(row, plot) for row in rows]
    label_column = helper + len(plot.series)
    where = (sheet, first_row, last_row, label_column, labels)
    right = LineChart() if plot.secondary else None
    hidden = False
    bars_hidden = sum(row.get(k) is SUPPRESSED for row in rows for k in plot.series)
    bars = len(rows) * len(plot.series)
    for offset, key in enumerate(plot.series):
        hidden = hidden or any(row.get(key) is SUPPRESSED for row in rows)
        title_cell = f"${_letter(keys.index(key) + 1 + left)}${top}"
        series = _series(report, plot, key, rows, helper + offset, title_cell, where, lang)
        (right if right is not None and key in plot.secondary else chart).series.append(series)
    if plot.kind == "line":
        chart.smooth = False
    chart.title = plot.title + (f" ({word('chart_hidden', lang)})" if hidden else "")
    if plot.kind != "line" and bars_hidden * 2 > bars:  # most bars are gaps: say so
        most = word("most_bars_hidden", lang).format(hidden=bars_hidden, all=bars)
        chart.title = f"{plot.title} ({word('chart_hidden', lang)}; {most})"
    chart.visible_cells_only = False  # the helper columns are hidden
    chart.display_blanks = "gap"
    _axes(chart, plot.number_format)
    if plot.kind == "line" and len(rows) > SLANTED_AFTER:
        _slanted_labels(chart)
    if plot.number_format == "#,##0":  # counts and amounts: whole-number steps
        chart.y_axis.majorUnit = whole_step(report, plot)
    if plot.kind == "bar":  # the first (most frequent) row on top, the values below
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    if right is not None:
        _second_axis(chart, right, report, plot, lang)
    if len(plot.series) == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    chart.width, chart.height = chart_size(plot)
    if size is not None:
        chart.width, chart.height = size
    sheet.add_chart(chart, anchor or f"{_letter(helper + len(plot.series) + 2)}2")
    return chart


def _series(
    report: Report,
    plot: Plot,
    key: str,
    rows: list[dict[str, Any]],
    column_number: int,
    title_cell: str,
    where: tuple[Any, int, int, int, list[str]],
    lang: str,
) -> Any:
    """One series: its values from the helper column, its name from the table's header,
    its categories from the label copy; each reference with its cached values."""
    from openpyxl.chart import Reference, Series
    from openpyxl.chart.data_source import AxDataSource, NumData, NumVal, StrData, StrRef, StrVal
    from openpyxl.chart.series import SeriesLabel
    from openpyxl.utils import quote_sheetname

    sheet, first_row, last_row, label_column, labels = where
    name = quote_sheetname(sheet.title)
    column = report.column(key)
    values = [plotted(row.get(key), column.kind) for row in rows]
    data = Reference(sheet, min_col=column_number, min_row=first_row, max_row=last_row)
    series = Series(data)
    points = [NumVal(idx=n, v=v) for n, v in enumerate(values) if v is not None]
    series.val.numRef.numCache = NumData(
        formatCode=plot.number_format, ptCount=len(values), pt=points
    )
    series.tx = SeriesLabel(
        strRef=StrRef(
            f"{name}!{title_cell}", StrData(ptCount=1, pt=[StrVal(0, column.title(lang))])
        )
    )
    letter = _letter(label_column)
    series.cat = AxDataSource(
        strRef=StrRef(
            f"{name}!${letter}${first_row}:${letter}${last_row}",
            StrData(ptCount=len(labels), pt=[StrVal(n, t) for n, t in enumerate(labels)]),
        )
    )
    if plot.kind == "line":
        series.smooth = False
        series.marker.symbol = "circle"
    return series


def _axes(chart: Any, number_format: str) -> None:
    """Both axes shown (Excel hides an axis without an explicit delete=0), every category
    labelled, the values' axis in the values' format."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1
    chart.y_axis.number_format = number_format
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep the default lines


SLANTED_AFTER = 6
"""A line chart of more categories than this slants their labels: twelve months side by side
broke each label over two lines ("2026-" above "01")."""


def _slanted_labels(chart: Any) -> None:
    """The category labels at 45 degrees, each on one line."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    chart.x_axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties()), endParaRPr=None)],
    )


def whole_step(report: Report, plot: Plot) -> float:
    """A value axis's step for whole numbers: 1, 2 or 5 times a power of ten, about five
    steps up to the largest value shown (never 0.2 of a person)."""
    rows = report.rows[plot.first : plot.last + 1]
    values = [plotted(row.get(k), report.column(k).kind) for row in rows for k in plot.series]
    top = max([v for v in values if v is not None] + [1.0])
    step = 1.0
    while top / step > 6:
        for factor in (2.0, 2.5, 2.0):  # 1, 2, 5, 10, 20, 50...
            step *= factor
            if top / step <= 6:
                break
    return step


def _second_axis(chart: Any, right: Any, report: Report, plot: Plot, lang: str) -> None:
    """The `secondary` series on a value axis of their own at the right, sharing the
    categories; each value axis titled by its series."""
    from openpyxl.chart.axis import ChartLines

    def named(keys: list[str]) -> str:
        return " · ".join(report.column(k).title(lang) for k in keys)

    chart.y_axis.title = named([k for k in plot.series if k not in plot.secondary])
    right.smooth = False
    right.y_axis.axId = 200
    right.y_axis.title = named(list(plot.secondary))
    right.y_axis.crosses = "max"
    right.y_axis.delete = False
    right.y_axis.number_format = plot.number_format
    right.y_axis.majorGridlines = None
    right.x_axis = chart.x_axis  # the same categories
    chart.y_axis.majorGridlines = ChartLines()
    chart += right


def chart_size(plot: Plot) -> tuple[float, float]:
    """A report sheet's chart's (width, height) in cm: taller with more categories."""
    rows = plot.last - plot.first + 1
    height = min(MAX_HEIGHT, max(8.0, 2.5 + 0.55 * rows * (1 + (plot.kind == "bar"))))
    return (22.0 if plot.kind == "bar" else 18.0), height


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)
