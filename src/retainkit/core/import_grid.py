"""Where the cells of a workbook's first sheet can land, read from its XML as it unpacks: the
grid the reader will build (rows × columns, empty cells included), how many cells there are,
and which hold formulas. import_limits feeds the pieces and holds the file to the limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat

MAX_CELLS = 5_000_000
"""Cells of the first sheet's grid: rows × columns, empty ones included."""
MAX_COLUMNS = 16_384
"""Columns of an import file: as many as Excel has."""


@dataclass
class SheetScan:
    """What the first sheet holds: its grid and where its formulas are."""

    kind: str
    rows: int = 0
    columns: int = 0
    cells: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of each formula cell, counted from 1."""
    formulas_unplaced: bool = False
    """A formula whose cell has no reference: the file is refused as a whole."""


_CELL_REF = re.compile(rb"<c r=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ANY_CELL_REF = re.compile(rb"<c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_FORMULA = re.compile(rb"<c\b([^>]*)>\s*<f\b")
_REF_IN = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _greater(text: str, alphabet: str, longer: str) -> str:
    """A pattern for the strings over `alphabet` that come after `text` when both have its
    length (a column's letters, a row's digits), or that are `longer`."""
    options = [longer]
    for at, char in enumerate(text):
        after = alphabet[alphabet.index(char) + 1 :]
        if after:
            rest = len(text) - at - 1
            options.append(f"{text[:at]}[{after}][{alphabet}]{{{rest}}}")
    return "(?:" + "|".join(options) + ")"


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = _LETTERS[rest] + letters
    return letters


class XlsxCounter:
    """The grid of an XLSX sheet: the furthest row and column any cell can land on.

    The first piece is read reference by reference. Its widest row sets the columns, and
    the rows that many columns may fill within MAX_CELLS the rows; after that one search
    per piece looks for any cell or row outside that box, or placed without a reference,
    and for a formula (whose cells are then read). Only when one outside turns up (a file
    no spreadsheet program writes) is every reference read: a cell without one lands one
    column right of the one before, a row without one one row below, so each of those
    widens the bound by one and the bound is never smaller than the grid the reader
    builds."""

    def __init__(self, scan: SheetScan, mode: str) -> None:
        self.mode = mode
        self.row_cells = 0
        """Cells of the row the last piece ended in (counted in WIDTHS mode)."""
        self.widest = 0
        self.scan = scan
        self.max_row = 0
        self.max_column = 0
        self.loose_cells = 0
        self.loose_rows = 0
        self.outside: re.Pattern[bytes] | None = None
        self.outside_or_formula = re.compile(b"<f")
        self.first = mode == BOXED

    def _box(self) -> None:
        if self.loose_cells or self.loose_rows or not self.max_column:
            return
        rows = MAX_CELLS // self.max_column
        if self.max_row > rows:
            return
        letters, digits = column_letters(self.max_column), str(rows)
        column_after = _greater(letters, _LETTERS, f"[A-Z]{{{len(letters) + 1},}}")
        row_after = "(?:0|" + _greater(digits, "0123456789", f"[0-9]{{{len(digits) + 1},}}") + ")"
        outside = (
            f'c(?: r="(?:{column_after}|[A-Z]{{1,3}}{row_after}")|[>/\\t\\n\\r]| (?!r="))'
            f'|row(?: r="{row_after}"|[>\\t\\n\\r]| (?!r="))'
        )
        self.outside = re.compile(f"<(?:{outside})".encode())
        # the same search finding a formula's tag as well: one pass over a piece with neither
        self.outside_or_formula = re.compile(f"<(?:f|{outside})".encode())

    def take(self, part: bytes) -> None:
        cells = part.count(b"<c")  # `<col` and `<cfRule` too: a bound
        self.scan.cells += cells
        if self.outside is not None:
            found = self.outside_or_formula.search(part)
            if found is None:
                return  # no cell outside the box, and no formula
            if self.outside.search(part, found.start()) is not None:
                raise ReadAgain(EXACT)  # reference by reference
        else:
            self._place(part, cells)
            if self.first:
                self.first = False
                self._box()
        if b"<f" in part:
            for formula in _FORMULA.finditer(part):
                ref = _REF_IN.search(formula.group(1))
                if ref is None:
                    self.scan.formulas_unplaced = True
                else:
                    self.scan.formulas.add((int(ref.group(2)), column_number(ref.group(1))))

    def _place(self, part: bytes, cells: int) -> None:
        referenced = b' r="' in part
        if cells:
            placed = _CELL_REF.findall(part) if referenced else []
            if referenced and len(placed) < cells:
                placed = _ANY_CELL_REF.findall(part)
            self.loose_cells += cells - len(placed)  # `<col` counts too: a bound
            if self.mode == WIDTHS:
                first, *rest = part.split(b"<row")
                self.row_cells += first.count(b"<c")
                if rest:
                    counts = list(map(bytes.count, rest, repeat(b"<c")))
                    self.widest = max(self.widest, self.row_cells, *counts)
                    self.row_cells = counts[-1]
            if placed:
                letters, numbers = zip(*placed, strict=True)
                self.max_column = max(self.max_column, max(column_number(c) for c in set(letters)))
                self.max_row = max(self.max_row, max(map(int, set(numbers))))
        rows = part.count(b"<row")
        if rows:
            numbered = _ROW_REF.findall(part) if referenced else []
            self.loose_rows += rows - len(numbered)
            if numbered:
                self.max_row = max(self.max_row, max(map(int, numbered)))

    def finish(self) -> None:
        scan = self.scan
        if self.outside is not None:
            scan.rows, scan.columns = MAX_CELLS // self.max_column, self.max_column
            return
        scan.rows = self.max_row + self.loose_rows
        if self.mode == WIDTHS:
            # a cell without a reference goes right of the one before in its row, at most
            # as far as the row has cells
            loose = min(self.loose_cells, max(self.widest, self.row_cells))
        else:
            loose = self.loose_cells
        scan.columns = self.max_column + loose
        if self.mode != WIDTHS and self.loose_cells and scan.rows * scan.columns > MAX_CELLS:
            raise ReadAgain(WIDTHS)  # counting each row's cells may bring the bound down


class ReadAgain(Exception):
    """The sheet is read again, more closely (in `mode`): a cell or row fell outside the box
    the first piece set, or cells without references need each row's count."""

    def __init__(self, mode: str) -> None:
        super().__init__(mode)
        self.mode = mode


BOXED, EXACT, WIDTHS = "boxed", "exact", "widths"


_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_REPEAT_ROWS = re.compile(rb"table:number-rows-repeated=\"([0-9]+)\"")
_ODS_REPEAT_COLUMNS = re.compile(rb"table:number-columns-repeated=\"([0-9]+)\"")


class OdsCounter:
    """The grid of the first table of an ODS document: the furthest row and column a cell
    with a value reaches, repeats included (empty repeated cells build no grid)."""

    def __init__(self, scan: SheetScan) -> None:
        self.scan = scan
        self.tables = 0
        self.row = 0
        """Rows before the current one."""
        self.row_repeat = 1
        self.column = 0

    def take(self, part: bytes) -> None:
        if self.tables > 1:
            return
        for closing, name, attributes, empty in _ODS_TAG.findall(part):
            if name == b"table":
                if not closing:
                    self.tables += 1
                elif self.tables == 1:
                    self.tables = 2
                    return
                continue
            if self.tables != 1:
                continue
            if name == b"table-row":
                if closing:
                    self.row += self.row_repeat
                else:
                    repeat = _ODS_REPEAT_ROWS.search(attributes)
                    self.row_repeat = int(repeat.group(1)) if repeat else 1
                    self.column = 0
                continue
            if closing:
                continue
            repeat = _ODS_REPEAT_COLUMNS.search(attributes)
            columns = int(repeat.group(1)) if repeat else 1
            # a cell with a value, or with text and no value type (it shows its text)
            if not empty or b"value-type=" in attributes or b"table:formula=" in attributes:
                self._place(columns, attributes)
            self.column += columns

    def _place(self, columns: int, attributes: bytes) -> None:
        scan = self.scan
        last_row = self.row + self.row_repeat
        scan.rows = max(scan.rows, last_row)
        scan.columns = max(scan.columns, self.column + columns)
        scan.cells += columns * self.row_repeat
        if b"table:formula=" in attributes:
            for row in range(self.row + 1, min(last_row, self.row + 1000) + 1):
                for column in range(self.column + 1, min(self.column + columns, 1000) + 1):
                    scan.formulas.add((row, column))
            if self.row_repeat > 1000 or columns > 1000:
                scan.formulas_unplaced = True

    def finish(self) -> None:
        pass
