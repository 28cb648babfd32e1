"""Spreadsheets an HR system exports (XLSX, XLS, ODS), read with python-calamine: ten times
faster than openpyxl on a large XLSX, and it reads the old binary XLS and LibreOffice's ODS.
A ZIP-based workbook is checked within the limits of import_limits first. The first sheet is
read; its rows come as lists of cells (text, numbers, dates, booleans; None when empty),
numbered as the spreadsheet shows them (an empty cell is "")."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from retainkit.base.errors import InputError
from retainkit.core.import_limits import SheetScan, scan_workbook

FORMULA_CELL = "=(formula)"
"""What a formula cell reads as: text starting with =, which every import refuses."""
_NAMES = {"xlsx": "an XLSX", "xls": "an XLS", "ods": "an ODS"}


def read_sheet(path: Path, kind: str, data: bytes) -> Iterator[list[Any]]:
    """The rows of the first sheet of the workbook at `path` (`kind` xlsx, xls or ods, told
    from its content). The archive's limits are checked at once; the sheet is read at the
    first row asked for (the reader lets other threads run meanwhile). A damaged file is
    one clear InputError, before any row."""
    scan: SheetScan | None = None
    if kind in ("xlsx", "ods"):
        scan = scan_workbook(path, data)
        if scan.formulas_unplaced:
            raise InputError(f"{path.name} holds formulas; export or paste the values instead")
    return _sheet_rows(path, kind, scan, data)


def _sheet_rows(path: Path, kind: str, scan: SheetScan | None, data: bytes) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))  # the bytes checked
        del data  # the reader holds its own copy
        sheet = workbook.get_sheet_by_index(0)
        start = sheet.start
        rows = sheet.iter_rows()
    except Exception as exc:  # calamine's errors, and a panic in its Rust code
        raise _unreadable(path, kind, exc) from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise _unreadable(path, kind, exc) from None
    if start == (0, 0) and not (scan and scan.formulas):
        yield from rows  # as they are: an empty cell is "", which every import takes as empty
    else:
        yield from _rows(rows, start, scan)


def _unreadable(path: Path, kind: str, exc: BaseException) -> InputError:
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    if "password" in detail.casefold() or "encrypt" in detail.casefold():
        return InputError(f"{path.name} is password-protected; save a copy without a password")
    return InputError(f"cannot read {path.name} as {_NAMES[kind]} workbook: {detail}")


def _rows(
    rows: Iterator[list[Any]], start: tuple[int, int] | None, scan: SheetScan | None
) -> Iterator[list[Any]]:
    if start is None:
        return
    first_row, first_column = start
    for _ in range(first_row):
        yield []  # blank rows above the data keep the row numbers right
    formulas: dict[int, list[int]] = {}
    for at_row, at_column in scan.formulas if scan else ():
        formulas.setdefault(at_row, []).append(at_column)
    lead: list[Any] = [None] * first_column  # and columns left of it the letters
    if not lead and not formulas:
        yield from rows  # an empty cell is "", which every import takes as empty
        return
    for number, cells in enumerate(rows, start=first_row + 1):
        row = lead + cells if lead else cells
        for column in formulas.get(number, ()):
            if column <= len(row):
                row[column - 1] = FORMULA_CELL
        yield row
