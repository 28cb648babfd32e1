"""Native charts for the workbook's report sheets: each a second rendering of the table
on its sheet, its ranges taken from the report's own rows and columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from retainkit.reports.model import Report, word


def _rows_where(report: Report, test: Callable[[dict[str, Any]], bool]) -> tuple[int, int] | None:
    """The first and last sheet row of a contiguous block of report rows passing `test`."""
    found = [n for n, row in enumerate(report.rows) if test(row)]
    if not found:
        return None
    return found[0] + 2, found[-1] + 2


def _column(report: Report, key: str) -> int:
    return next(n for n, c in enumerate(report.columns, 1) if c.key == key)


def reasons_chart(lang: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import BarChart, Reference

        primary = word("primary", lang)
        block = _rows_where(report, lambda r: r["type"] == primary and bool(r["code"]))
        if block is None:
            return
        periods = [c for c in report.columns if c.label is not None]
        first = _column(report, periods[0].key)
        chart = BarChart()
        chart.type = "bar"
        chart.title = word("reasons_by_period", lang)
        data = Reference(sheet, min_col=first, max_col=first + len(periods) - 1,
                         min_row=1, max_row=block[1])  # fmt: skip
        chart.add_data(data, titles_from_data=True)
        reason = _column(report, "reason")
        chart.set_categories(Reference(sheet, min_col=reason, min_row=block[0], max_row=block[1]))
        chart.height, chart.width = 12, 22
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def turnover_chart(lang: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import LineChart, Reference

        total = word("total", lang)
        block = _rows_where(report, lambda r: r["period"] != total)
        if block is None:
            return
        chart = LineChart()
        chart.title = word("turnover_rate", lang)
        rate = _column(report, "turnover_rate")
        chart.add_data(
            Reference(sheet, min_col=rate, min_row=1, max_row=block[1]), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=block[0], max_row=block[1]))
        chart.y_axis.number_format = "0.0%"
        chart.height, chart.width = 10, 20
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def cost_chart(lang: str, by: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import BarChart, Reference

        everyone = word("all", lang)
        block = _rows_where(report, lambda r: r[by] != everyone)
        if block is None:
            return
        chart = BarChart()
        chart.title = f"{word('total_cost', lang)} – {word(by, lang)}"
        amount = _column(report, "total_cost")
        chart.add_data(
            Reference(sheet, min_col=amount, min_row=1, max_row=block[1]), titles_from_data=True
        )
        chart.set_categories(
            Reference(sheet, min_col=_column(report, by), min_row=block[0], max_row=block[1])
        )
        chart.height, chart.width = 10, 20
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)
