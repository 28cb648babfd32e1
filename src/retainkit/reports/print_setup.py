"""How a workbook sheet prints: A4 landscape, narrow margins, the header row repeated on
every page, the sheet's name and page number in the footer; a report sheet scaled to the
page width (its chart, anchored on the second row, then lands on the first page), the
interview list across a few pages wide at a readable size, the first columns repeated;
the Dashboard on one A4 page upright (portrait): taller than wide, it fills an upright page
at about 60%, where across (landscape) its height shrank it to under half."""

from __future__ import annotations

from typing import Any

A4 = 9
"""paperSize 9 in the OOXML page setup."""


LIST_SCALE = 60
"""The interview list's print scale in percent: too wide for one page (an answer per
column), it prints at a readable size across as many pages as its columns need."""


def print_ready(
    sheet: Any,
    *,
    pages_wide: int | None = 1,
    repeat_columns: str | None = None,
    one_page: bool = False,
) -> None:
    """Set up `sheet` (write-only, before any row is written) for printing: scaled to
    `pages_wide` pages across, or at LIST_SCALE when None; `one_page`: the whole sheet
    on one upright page, no header row to repeat (the Dashboard)."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = sheet.page_setup
    setup.orientation = "portrait" if one_page else "landscape"
    setup.paperSize = A4
    if pages_wide is None:
        setup.scale = LIST_SCALE
        setup.pageOrder = "overThenDown"  # a row's answers on consecutive pages
    else:
        setup.fitToWidth = pages_wide
        setup.fitToHeight = 1 if one_page else 0  # else as many pages down as the rows need
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, footer=0.25)
    if not one_page:
        sheet.print_title_rows = "1:1"
    if repeat_columns:
        sheet.print_title_cols = repeat_columns
    sheet.oddFooter.center.text = "&A – &P / &N"
