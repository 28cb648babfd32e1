"""Cells for the workbook: one openpyxl workbook in write-only mode (memory stays flat
however many rows), the styles its cells share, and the text cleaning every string goes
through.

Text is always written as text: openpyxl turns a string starting with "=" into a formula
and "#N/A" into an error, so such strings get a cell typed as a string; characters XLSX
cannot hold are removed, and text over 32,767 characters is cut with a visible marker;
both are counted in a note. Line breaks are written as Excel's own, a line feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from retainkit.reports.model import SUPPRESSED, Column, Report, word

MAX_TEXT = 32_767
CUT_MARKER = " […cut]"
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 (and so XLSX) cannot hold: C0 controls but tab, newline and return; lone
surrogates; the two non-characters U+FFFE and U+FFFF."""
ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
"""Text a spreadsheet decodes as an escaped character (`_x000D_` is a carriage return in
Excel and LibreOffice); its underscore is escaped in turn (`_x005F_`), so the cell shows
the text as it was stored. Every such underscore is escaped, overlapping ones too
(`_x005F_x000D_` as text needs both)."""
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
FORMATS = {
    "count": "#,##0",
    "number": "#,##0.0",
    "rate": "0.0%",
    "money": "#,##0",
    "score": "0.0",
    "date": "yyyy-mm-dd",
}


class Cleaner:
    """Makes any text safe to write: never a formula, nothing XLSX cannot hold, no cell
    over the limit; counts what it changed."""

    def __init__(self) -> None:
        self.removed = 0
        self.cut = 0

    def __call__(self, sheet: Any, text: str) -> Any:
        if "\r" in text:  # XML reads a bare carriage return back as a line feed
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if UNWRITABLE.search(text):
            text, removed = UNWRITABLE.subn("", text)
            self.removed += removed
        if len(text) > MAX_TEXT:
            text = text[: MAX_TEXT - len(CUT_MARKER)] + CUT_MARKER
            self.cut += 1
        if "_x" in text:
            text = ESCAPE_LIKE.sub("_x005F_", text)
        if text.startswith("=") or text in ERROR_CODES:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # text, not a formula or an error
            return cell
        return text

    def notes(self) -> list[str]:
        found = []
        if self.removed:
            found.append(
                f"{self.removed} control characters that XLSX cannot hold were removed from text"
            )
        if self.cut:
            found.append(f"{self.cut} texts over {MAX_TEXT:,} characters were cut, marked "
                         f"{CUT_MARKER.strip()!r}")  # fmt: skip
        return found


class Writer:
    """One workbook in write-only mode, with the styles its cells share."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.book = Workbook(write_only=True)
        self.lang = lang
        self.clean = Cleaner()
        self.bold = Font(bold=True)
        self.sheets = 0

    def sheet(self, key: str, widths: list[float]) -> Any:
        """A new sheet named by `key` in the workbook's language, header row frozen."""
        from openpyxl.utils import get_column_letter

        sheet = self.book.create_sheet(word(key, self.lang)[:31])
        for position, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.freeze_panes = "A2"
        self.sheets += 1
        return sheet

    def header(self, sheet: Any, titles: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for title in titles:
            cell = self.clean(sheet, title)  # a question may start with "=" too
            if isinstance(cell, str):  # the cleaner leaves only safe text as a plain str
                cell = WriteOnlyCell(sheet, value=cell)
            cell.font = self.bold
            cells.append(cell)
        sheet.append(cells)

    def cell(self, sheet: Any, value: Any, kind: str) -> Any:
        """A report value as a real number, percent or date cell; hidden ones as *."""
        from openpyxl.cell import WriteOnlyCell

        if value is None:
            return None
        if value is SUPPRESSED:
            return "*"
        if isinstance(value, str):
            return self.clean(sheet, value)
        if kind == "rate":
            value = value / 100
        cell = WriteOnlyCell(sheet, value=value)
        number_format = FORMATS.get(kind)
        if number_format:
            cell.number_format = number_format
        return cell

    def report(
        self,
        key: str,
        report: Report,
        chart: Callable[[Any, Report], None] | None = None,
    ) -> None:
        """A report on a sheet of its own: header row frozen, autofilter, notes below."""
        from openpyxl.utils import get_column_letter

        widths = [_width(c, report, self.lang) for c in report.columns]
        sheet = self.sheet(key, widths)
        self.header(sheet, [c.title(self.lang) for c in report.columns])
        for row in report.rows:
            sheet.append(
                [
                    self.cell(sheet, row.get(c.key), row["_kind"] if c.kind == "mixed" else c.kind)
                    for c in report.columns
                ]
            )
        last = get_column_letter(len(report.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(report.rows) + 1}"
        if chart is not None and report.rows:
            chart(sheet, report)
        if report.notes:
            sheet.append([])
            for note in report.notes:
                sheet.append([self.clean(sheet, note)])

    def save(self, target: Path | BinaryIO) -> None:
        self.book.save(target)


def _width(column: Column, report: Report, lang: str) -> float:
    longest = max(
        [len(column.title(lang))] + [len(_shown(row.get(column.key))) for row in report.rows[:500]]
    )
    return float(min(max(longest + 2, 8), 60))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
