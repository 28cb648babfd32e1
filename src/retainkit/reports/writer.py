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
from copy import copy
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from retainkit.reports.cell_sizes import HEADER_LINES as HEADER_LINES
from retainkit.reports.cell_sizes import (
    LINE_HEIGHT,
    ROW_CM,
    chart_row,
    column_width,
    header_height,
    kind_of,
    note_width,
)
from retainkit.reports.cell_sizes import display_width as display_width
from retainkit.reports.cell_sizes import page_lines as page_lines
from retainkit.reports.charts import Planner, draw, marked, plotted
from retainkit.reports.model import SUPPRESSED, Report, word
from retainkit.reports.notes import in_language
from retainkit.reports.print_setup import print_ready

if TYPE_CHECKING:
    from retainkit.reports.archive import Archive

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
POINTS = {
    "en": '+0.0" pp";-0.0" pp";0.0" pp"',
    "zh": '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"',
}
"""A change of a rate: percentage points, signed (2.8% against 2.6% is +0.2 pp)."""
FONT = "Calibri"
"""The one font of the workbook, data and headers alike (LibreOffice shows it as its
metric twin Carlito where Calibri is not installed; CJK text falls back to a CJK font)."""
FONT_SIZE = 11
GREY = "FF808080"


def money_format(currency: str) -> str:
    """The number format of an amount: whole units, with the ISO code after when one is
    set (`report.currency`), the same in both languages: "12,345 CNY"."""
    if not currency:
        return FORMATS["money"]
    return f'{FORMATS["money"]}" {currency}"'


class Verbatim(str):
    """A text that must go into a text cell (it starts like a formula or is an error
    code), made by a Cleaner that had no sheet."""


def verbatim_cell(sheet: Any, text: str) -> Any:
    """A cell holding `text` as text, never as a formula or an error."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=str(text))
    cell.data_type = "s"
    return cell


class Cleaner:
    """Makes any text safe to write: never a formula, nothing XLSX cannot hold, no cell
    over the limit; counts what it changed."""

    def __init__(self) -> None:
        self.removed = 0
        self.cut = 0
        self.verbatim = 0
        """Texts that had to be written as text cells (they look like a formula)."""

    def __call__(self, sheet: Any, text: str) -> Any:
        """`text` as it can be written on `sheet`: a plain str, or a cell that holds it as
        text; with no sheet (a worker of `reports.workers`), such a text is a Verbatim that
        the writing side makes into that cell."""
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
            self.verbatim += 1
            return Verbatim(text) if sheet is None else verbatim_cell(sheet, text)
        return text

    def add(self, removed: int, cut: int) -> None:
        """Count what another Cleaner (a worker's) changed."""
        self.removed += removed
        self.cut += cut

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
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.book = Workbook(write_only=True)
        self.lang = lang
        self.clean = Cleaner()
        self.bold = Font(name=FONT, size=FONT_SIZE, bold=True)
        self.wrapped = Alignment(wrap_text=True, vertical="top")
        self.sheets = 0
        self.written: dict[int, int] = {}
        """Rows appended through `append` per sheet (by id)."""
        self.currency = ""
        """The ISO code amounts are in (report.currency), "" for none."""
        self._star_font = Font(name=FONT, size=FONT_SIZE, color=GREY)
        self._right = Alignment(horizontal="right")
        self._centre = Alignment(horizontal="center")
        self._cell = WriteOnlyCell
        self._styles: dict[str, Any] = {}
        self.last: Any = None
        """A sheet that stays the last one: sheets made after it go before it."""
        self.archive: Archive | None = None
        properties = self.book.properties
        properties.title = word("workbook_title", lang)
        properties.creator = properties.lastModifiedBy = "retainkit"
        properties.language = "zh-CN" if lang == "zh" else "en"

    def star(self, sheet: Any) -> Any:
        """A hidden value: `*`, grey and right-aligned like the numbers beside it."""

        def hidden(cell: Any) -> None:
            cell.font = self._star_font
            cell.alignment = self._right

        return self._styled(sheet, "*", "*", hidden)

    def centred(self, sheet: Any, value: Any) -> Any:
        """A number centred in its column (an interview's number: right-aligned, it ran
        into the employee number beside it, "100E1203")."""
        return self._styled(
            sheet, value, "centred", lambda cell: setattr(cell, "alignment", self._centre)
        )

    def formatted(self, sheet: Any, value: Any, number_format: str) -> Any:
        """A cell with a number format."""
        return self._styled(
            sheet, value, number_format, lambda cell: setattr(cell, "number_format", number_format)
        )

    def _styled(self, sheet: Any, value: Any, name: str, style_it: Callable[[Any], None]) -> Any:
        """A cell of `value` styled by `style_it`, the style made once per `name` and copied
        after (setting it on each of a million cells looks it up in the workbook's tables
        every time)."""
        style = self._styles.get(name)
        cell = self._cell(sheet, value=value)
        if style is None:
            style_it(cell)
            self._styles[name] = cell._style
        else:
            cell._style = copy(style)
        return cell

    def sheet(
        self,
        key: str,
        widths: list[float],
        *,
        hidden_after: int | None = None,
        pages_wide: int | None = 1,
        repeat_columns: str | None = None,
        one_page: bool = False,
    ) -> Any:
        """A new sheet named by `key` in the workbook's language, header row frozen,
        ready to print; the columns after `hidden_after` hidden (a chart's source);
        `one_page`: no header row (nothing frozen), printed on a single page."""
        from openpyxl.utils import get_column_letter

        last = None if self.last is None else self.book.worksheets.index(self.last)
        sheet = self.book.create_sheet(word(key, self.lang)[:31], last)
        for position, width in enumerate(widths, 1):
            dimension = sheet.column_dimensions[get_column_letter(position)]
            dimension.width = width
            if hidden_after is not None and position > hidden_after:
                dimension.hidden = True
        if not one_page:
            sheet.freeze_panes = "A2"
        print_ready(sheet, pages_wide=pages_wide, repeat_columns=repeat_columns, one_page=one_page)
        self.sheets += 1
        return sheet

    def append(self, sheet: Any, cells: list[Any]) -> None:
        """Append a row, counting the sheet's rows (a write-only sheet does not)."""
        self.written[id(sheet)] = self.written.get(id(sheet), 0) + 1
        sheet.append(cells)

    def header(self, sheet: Any, titles: list[str], *, wrap: bool = False) -> None:
        """The header row, bold; `wrap`: long titles wrap over a taller row."""
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for title in titles:
            cell = self.clean(sheet, title)  # a question may start with "=" too
            if isinstance(cell, str):  # the cleaner leaves only safe text as a plain str
                cell = WriteOnlyCell(sheet, value=cell)
            cell.font = self.bold
            if wrap:
                cell.alignment = self.wrapped
            cells.append(cell)
        self.append(sheet, cells)

    def cell(self, sheet: Any, value: Any, kind: str) -> Any:
        """A report value as a real number, percent or date cell; hidden ones as *."""
        if value is None:
            return None
        if value is SUPPRESSED:
            return self.star(sheet)
        if isinstance(value, str):
            return self.clean(sheet, value)
        if kind == "rate":
            value = value / 100
        number_format = POINTS[self.lang] if kind == "points" else FORMATS.get(kind)
        if kind == "money":
            number_format = money_format(self.currency)
        if number_format:
            return self.formatted(sheet, value, number_format)
        return value

    def report(
        self, key: str, report: Report, chart: Planner | None = None, *, below: Report | None = None
    ) -> Any:
        """A report on a sheet of its own: header row frozen and wrapped, autofilter, notes
        below wrapped within the table; its chart beside it (or under a wide, short table),
        drawn from hidden copies of the plotted columns and labels on the same rows
        (numbers, or empty where the table shows `*`). `below`: a table that will go under
        it (`table_below`), so the hidden copies start right of that one's columns too."""
        from openpyxl.utils import get_column_letter

        plot = chart(report) if chart is not None and report.rows else None
        count = len(report.columns)
        widths = [column_width(c, report, self.lang) for c in report.columns]
        shown = count
        if below is not None and len(below.columns) > count:
            shown = len(below.columns)
            widths += [column_width(c, below, self.lang) for c in below.columns[count:]]
        gap = [None] * (shown - count)
        plotted_columns = [report.column(k) for k in plot.series] if plot else []
        labels = [report.column(plot.category)] if plot else []
        helpers = [*plotted_columns, *labels]
        sheet = self.sheet(key, widths + [10.0] * len(helpers), hidden_after=shown)
        titles = [c.title(self.lang) for c in report.columns]
        sheet.row_dimensions[1].height = header_height(titles, widths)
        self.header(
            sheet,
            titles + [""] * len(gap) + [c.title(self.lang) for c in helpers],
            wrap=True,
        )
        for number, row in enumerate(report.rows):
            line = [self.cell(sheet, row.get(c.key), kind_of(row, c)) for c in report.columns]
            if plot is not None and plot.first <= number <= plot.last:
                line += gap + [
                    self._plotted(sheet, row.get(c.key), c.kind) for c in plotted_columns
                ]
                line.append(self.clean(sheet, marked(row, plot)))
            self.append(sheet, line)
        last = get_column_letter(count)
        sheet.auto_filter.ref = f"A1:{last}{len(report.rows) + 1}"
        if plot is not None:
            under = chart_row(report, plot, widths[:shown], below)
            drawn = draw(
                sheet, report, plot, shown + 1, self.lang, anchor=f"A{under}" if under else None
            )
            if under:  # the page: the table's columns down to the chart's foot
                foot = under + int(drawn.height / ROW_CM) + 1
                sheet.print_area = f"A1:{get_column_letter(shown)}{foot}"
        notes = list(report.notes)
        if chart is not None and report.rows and plot is None:
            notes.insert(0, word("nothing_to_chart", self.lang))
        if notes:
            self.append(sheet, [])
            for note in notes:
                self.note(sheet, in_language(note, self.lang), widths[:shown])
        return sheet

    def note(self, sheet: Any, text: str, widths: list[float]) -> None:
        """A note under a table, wrapped in one cell merged across the table's columns on
        a row tall enough for its lines: as wide as the table, never wider (a note in one
        cell running on to the right widened the printed page and shrank the table)."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        row = self.written.get(id(sheet), 0) + 1
        value = self.clean(sheet, text)
        cell = value if not isinstance(value, str) else WriteOnlyCell(sheet, value=value)
        cell.alignment = self.wrapped
        lines = len(page_lines(text, note_width(widths)))
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 3
        if len(widths) > 1:
            sheet.merged_cells.add(f"A{row}:{get_column_letter(len(widths))}{row}")
        self.append(sheet, [cell])

    def table_below(self, sheet: Any, report: Report) -> None:
        """A small report under the table already on `sheet`, after a blank row: its header
        (which names it), rows and notes; no filter, no chart (the sheet's own table has
        them)."""
        from openpyxl.utils import get_column_letter

        self.append(sheet, [])
        titles = [c.title(self.lang) for c in report.columns]
        widths = [sheet.column_dimensions[get_column_letter(n)].width or 8.0
                  for n in range(1, len(titles) + 1)]  # fmt: skip
        sheet.row_dimensions[self.written.get(id(sheet), 0) + 1].height = header_height(
            titles, widths
        )
        self.header(sheet, titles, wrap=True)
        for row in report.rows:
            self.append(
                sheet, [self.cell(sheet, row.get(c.key), kind_of(row, c)) for c in report.columns]
            )
        if not report.rows:  # a header over nothing read as a table left unfinished
            self.append(sheet, [word("none_in_range", self.lang)])
        for note in report.notes:
            self.note(sheet, in_language(note, self.lang), widths)

    def _plotted(self, sheet: Any, value: Any, kind: str) -> Any:
        number = plotted(value, kind)
        if number is None:
            return None
        return self.formatted(sheet, number, FORMATS.get(kind, "General"))

    def rate_cell(self, sheet: Any, number: float | None) -> Any:
        """A chart's copy of a rate (a fraction), or nothing where the rate is hidden."""
        return self._plotted(sheet, None if number is None else number * 100, "rate")

    def open(self, handle: BinaryIO) -> None:
        """Save into `handle` when done; from now on a finished sheet can be sent ahead."""
        from retainkit.reports.archive import Archive

        self.archive = Archive(handle)

    def send_ahead(self, sheet: Any) -> None:
        """`sheet` is finished: compress it into the file (see `open`) meanwhile."""
        assert self.archive is not None, "open the file first"
        self.archive.send_ahead(sheet)

    def save(self, modified: datetime) -> None:
        """Write the workbook into the file given to `open`, stamped `modified`."""
        assert self.archive is not None, "open the file first"
        self.archive.save(self.book, modified)
