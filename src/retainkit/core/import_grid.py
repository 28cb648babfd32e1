"""Where the cells of a workbook's first sheet can land, read from its XML as it unpacks: the
grid the reader will build (rows × columns, empty cells included), how many cells there are,
and which hold formulas. import_limits feeds the pieces and holds the file to the limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
_ROW_REF = re.compile(rb"<row r=\"([0-9]{1,7})\"")
_SHEET_DATA = re.compile(rb"<(?:[^\s<>/!?:]*:)?sheetData(?=[\s/>])")
_PREFIXED = re.compile(rb":(?:c|f|row|sheetData)[\s/>]")
"""A cell, formula or row tag with a namespace prefix (or text that looks like one)."""
FORMULA = "f(?=[\\s/>])"
_CELL_TAIL = '(?: (?:s|t|cm|vm|ph)="[0-9A-Za-z]{0,16}")*/?>'
UNUSUAL_CELL = 'c(?:[>/\\t\\n\\r]| (?!r=")| r="(?![A-Z]{1,3}[0-9]{1,7}"' + _CELL_TAIL + "))"
"""A cell tag not as spreadsheet programs write it: its reference first, in double quotes,
in capitals and digits, then only its style, type, metadata and phonetic flag. The quick
search cannot vouch for any other (no reference, a second one, one in another form, a `>`
inside an attribute): such a sheet, or one with a prefixed tag in its rows, is read by the
XML parser (import_xml)."""


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

    Only the sheet's rows are read (within `<sheetData>`). The first piece is read
    reference by reference. Its widest row sets the columns, and the rows that many
    columns may fill within MAX_CELLS the rows; after that one search per piece looks for
    a cell outside that box, for a formula, and for a cell the search cannot place
    (`UNUSUAL_CELL`, or a prefixed tag). A cell outside has the sheet read again reference
    by reference (EXACT); an unusual one has it read by an XML parser (PARSED, import_xml),
    which places every cell as the reader does. The reader places a cell by its own
    reference, so rows do not matter here. A formula belongs to the last cell opened
    before it, in its piece or an earlier one."""

    def __init__(self, scan: SheetScan, mode: str) -> None:
        self.scan = scan
        self.max_row = 0
        self.max_column = 0
        self.outside: re.Pattern[bytes] | None = None
        self.unusual = re.compile(f"<(?:{UNUSUAL_CELL}|[!?])".encode())
        self.search = re.compile(f"<(?:{FORMULA}|{UNUSUAL_CELL}|[!?])".encode())
        """The one search of every piece: a formula, an unusual cell, a cell outside."""
        self.first = mode == BOXED
        self.inside = self.done = False
        """Within the sheet's rows; past them."""
        self.last_cell: tuple[int, int] | None = None
        """The last cell opened in the pieces before, for a formula that starts a piece."""

    def _box(self) -> None:
        if not self.max_column:
            return
        rows = MAX_CELLS // self.max_column
        if self.max_row > rows:
            return
        letters, digits = column_letters(self.max_column), str(rows)
        column_after = _greater(letters, _LETTERS, f"[A-Z]{{{len(letters) + 1},}}")
        row_after = "(?:0|" + _greater(digits, "0123456789", f"[0-9]{{{len(digits) + 1},}}") + ")"
        outside = f'c r="(?:{column_after}|[A-Z]{{1,3}}{row_after}")'
        self.outside = re.compile(f"<{outside}".encode())
        self.search = re.compile(f"<(?:{FORMULA}|{UNUSUAL_CELL}|[!?]|{outside})".encode())

    def rows_in(self, part: bytes) -> tuple[int, int]:
        """Where the sheet's rows are in `part`: start and end (equal when none are). Past
        them, or before them, anything that could make the reader see rows elsewhere (a
        second sheetData, one with a prefix, a comment, a document type) has the sheet read
        by the XML parser."""
        if self.done:
            if b"sheetData" in part:
                raise ReadAgain(PARSED)
            return 0, 0
        start = 0
        if not self.inside:
            found = _SHEET_DATA.search(part)
            before = part if found is None else part[: found.start()]
            if b"<!" in before or (found is not None and part[found.start() + 1] != ord("s")):
                raise ReadAgain(PARSED)  # a comment, a document type, a prefixed sheetData
            if found is None:
                return 0, 0
            self.inside, start = True, found.start()
            if part.startswith(b"<sheetData/>", start):
                self.done = True
                if b"sheetData" in part[start + 12 :]:
                    raise ReadAgain(PARSED)
                return 0, 0
        end = part.find(b"</sheetData", start)
        if end < 0:
            return start, len(part)
        self.done = True
        if b"sheetData" in part[end + 11 :]:
            raise ReadAgain(PARSED)
        return start, end

    def _prefixed(self, part: bytes, start: int, end: int) -> bool:
        """Whether a cell, formula, row or sheetData tag in the rows has a namespace prefix
        (text that only looks like one, `fe80::f/64`, does not count)."""
        found = _PREFIXED.search(part, start, end)
        while found is not None:
            at = found.start()
            opened, closed = part.rfind(b"<", start, at), part.rfind(b">", start, at)
            if opened > closed and not any(c in b" \t\r\n" for c in part[opened:at]):
                return True
            found = _PREFIXED.search(part, at + 1, end)
        return False

    def take(self, part: bytes) -> None:
        start, end = self.rows_in(part)
        if start == end:
            return
        self.scan.cells += part.count(b"<c", start, end)
        if self._prefixed(part, start, end):
            raise ReadAgain(PARSED)  # read by the XML parser
        found = self.search.search(part, start, end)
        at = end if found is None else found.start()
        if found is not None:
            if self.unusual.search(part, at, end) is not None:
                raise ReadAgain(PARSED)
            if self.outside is not None and self.outside.search(part, at, end) is not None:
                raise ReadAgain(EXACT)  # reference by reference
        if self.outside is None:
            self._place(part, start, end)
            if self.first:
                self.first = False
                self._box()
        while found is not None:  # formulas: each in the last cell opened before it
            if part[at + 1 : at + 2] == b"f":
                opened = part.rfind(b'<c r="', start, at)
                cell = self._cell(part, opened) if opened >= 0 else self.last_cell
                if cell is None:
                    self.scan.formulas_unplaced = True
                else:
                    self.scan.formulas.add(cell)
            found = self.search.search(part, at + 1, end)
            at = end if found is None else found.start()
        self.note(part, start, end)

    def note(self, part: bytes, start: int = 0, end: int | None = None) -> None:
        """The last cell opened in a piece (one searched by another process too)."""
        if end is None:
            start, end = self.rows_in(part)
        opened = part.rfind(b'<c r="', start, end)
        if opened >= 0:
            self.last_cell = self._cell(part, opened)

    @staticmethod
    def _cell(part: bytes, at: int) -> tuple[int, int] | None:
        found = _CELL_REF.match(part, at)
        if found is None:
            return None
        return int(found.group(2)), column_number(found.group(1))

    def _place(self, part: bytes, start: int, end: int) -> None:
        placed = _CELL_REF.findall(part, start, end)
        if placed:
            letters, numbers = zip(*placed, strict=True)
            self.max_column = max(self.max_column, max(column_number(c) for c in set(letters)))
            self.max_row = max(self.max_row, max(map(int, set(numbers))))
        numbered = _ROW_REF.findall(part, start, end)
        if numbered:
            self.max_row = max(self.max_row, max(map(int, numbered)))

    def finish(self) -> None:
        scan = self.scan
        if self.outside is not None:
            scan.rows, scan.columns = MAX_CELLS // self.max_column, self.max_column
        else:
            scan.rows, scan.columns = self.max_row, self.max_column


class ReadAgain(Exception):
    """The sheet is read again, more closely (in `mode`): a cell or row fell outside the box
    the first piece set (EXACT), or the sheet is not in the usual form (PARSED)."""

    def __init__(self, mode: str) -> None:
        super().__init__(mode)
        self.mode = mode


BOXED, EXACT, PARSED = "boxed", "exact", "parsed"


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
