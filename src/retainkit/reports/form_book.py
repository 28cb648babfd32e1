"""The written questionnaire as a workbook a person fills in Excel, LibreOffice or WPS.

The first sheet is the form: a block saying what it is for, how to fill it in and how to
return it, then one row per answer cell: the question, and the answer cell, shaded, with a
drop-down list (data validation, from a hidden sheet of lists, so labels may hold commas)
or, for text, a tall wrapping cell. The sheet is protected without a password, so only the
answer cells change; rows cannot be inserted or deleted by accident. A hidden column holds
each row's cell key; a hidden sheet the signed fields (very hidden in Excel: LibreOffice
keeps it as hidden). It prints on A4, portrait, one page wide.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from retainkit.reports.print_setup import print_ready
from retainkit.reports.writer import FONT, FONT_SIZE, Cleaner, display_width

if TYPE_CHECKING:
    from retainkit.core.interviews.forms import FormSheet

WIDTHS = {"A": 4, "B": 6, "C": 60, "D": 48}
ANSWER_FILL = "FFFFF2CC"
HEADER_FILL = "FFD9E1F2"
TEXT_ROW_HEIGHT = 96
LINE_HEIGHT = 15
MAX_LIST = 1000


def form_workbook(form: FormSheet, *, fields_sheet: str, lists_sheet: str) -> bytes:
    """The form as XLSX bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = form.sheet_name[:31]
    clean = Cleaner()
    wrapped = Alignment(wrap_text=True, vertical="top")
    bold = Font(name=FONT, size=FONT_SIZE, bold=True)
    plain = Font(name=FONT, size=FONT_SIZE)
    answer_fill = PatternFill("solid", fgColor=ANSWER_FILL)
    open_cell = Protection(locked=False)
    thin = Side(style="thin", color="FF999999")
    boxed = Border(left=thin, right=thin, top=thin, bottom=thin)  # visible on paper too

    def put(row: int, column: int, text: str, *, font: Any = plain) -> Any:
        cell = sheet.cell(row, column)
        cleaned = clean(sheet, text)
        if isinstance(cleaned, str):
            cell.value = cleaned
        else:  # text that a spreadsheet would take for a formula or an error
            cell.value = cleaned.value
            cell.data_type = "s"
        cell.font = font
        cell.alignment = wrapped
        return cell

    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].hidden = True
    put(1, 2, form.title, font=Font(name=FONT, size=14, bold=True))
    sheet.merge_cells("B1:D1")
    sheet.row_dimensions[1].height = 2 * LINE_HEIGHT
    put(2, 2, form.for_line)
    sheet.merge_cells("B2:D2")
    row = 3
    for part in ("purpose", "how", "skip", "give_back"):
        text = getattr(form, part)
        if not text:
            continue
        put(row, 2, text, font=bold if part == "skip" else plain)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = _height(text, WIDTHS["B"] + WIDTHS["C"] + WIDTHS["D"])
        row += 1
    row += 1
    header_row = row
    for column, title in enumerate(form.headers, 2):
        put(row, column, title, font=bold).fill = PatternFill("solid", fgColor=HEADER_FILL)

    lists = book.create_sheet(lists_sheet)
    list_columns: dict[tuple[str, ...], str] = {}
    validations: dict[str, Any] = {}
    for form_row in form.rows:
        row += 1
        sheet.cell(row, 1).value = form_row.cell_key
        put(row, 2, form_row.number)
        put(row, 3, form_row.text, font=bold if form_row.number else plain)
        sheet.row_dimensions[row].height = _height(form_row.text, WIDTHS["C"])
        if form_row.heading:
            continue  # a question answered on the rows below it: no answer cell
        answer = sheet.cell(row, 4)
        answer.protection = open_cell
        answer.alignment = wrapped
        answer.font = plain
        answer.fill = answer_fill
        answer.border = boxed
        if form_row.is_text:
            sheet.row_dimensions[row].height = max(TEXT_ROW_HEIGHT, _height(form_row.text, 60))
            continue
        options = form_row.options[:MAX_LIST]
        if options not in list_columns:
            list_columns[options] = _list_column(lists, len(list_columns) + 1, options, clean)
        letter = list_columns[options]
        reference = f"'{lists_sheet}'!${letter}$1:${letter}${len(options)}"
        if reference not in validations:
            validation = DataValidation(
                type="list", formula1=reference, allow_blank=True, showErrorMessage=True
            )
            sheet.add_data_validation(validation)
            validations[reference] = validation
        validations[reference].add(answer.coordinate)
    lists.sheet_state = "veryHidden"

    fields = book.create_sheet(fields_sheet)
    for number, (name, value) in enumerate(form.fields, 1):
        fields.cell(number, 1).value = name
        cell = fields.cell(number, 2)
        cell.value = value
        cell.data_type = "s"  # "17" stays text: a spreadsheet never turns it into 17.0
    fields.sheet_state = "veryHidden"

    sheet.freeze_panes = f"A{header_row + 1}"
    print_ready(sheet, pages_wide=1)
    sheet.page_setup.orientation = "portrait"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.protection.sheet = True  # no password: only the answer cells are unlocked
    book.security = WorkbookProtection(lockStructure=True)
    properties = book.properties
    properties.title = form.title
    properties.creator = properties.lastModifiedBy = "retainkit"
    properties.language = "zh-CN" if form.lang == "zh" else "en"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _list_column(lists: Any, index: int, options: tuple[str, ...], clean: Cleaner) -> str:
    """Write the options down a column of the lists sheet; its letter."""
    from openpyxl.utils import get_column_letter

    for number, option in enumerate(options, 1):
        cell = lists.cell(number, index)
        cleaned = clean(lists, option)
        cell.value = cleaned if isinstance(cleaned, str) else cleaned.value
        cell.data_type = "s"  # "7" of 0-10 stays the text of the list, as the answer reads it
    return get_column_letter(index)


def _height(text: str, width: float) -> float:
    """A row tall enough for the text wrapped at the column's width: spreadsheets do not
    grow a row for wrapped text they did not lay out themselves (bold text runs wider)."""
    lines = sum(
        max(1, -(-int(display_width(line) * 1.15) // int(width))) for line in text.split("\n")
    )
    return LINE_HEIGHT * lines
