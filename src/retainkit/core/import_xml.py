"""A workbook's first sheet read by an XML parser (expat), for sheets written in a form the
quick search of import_grid does not vouch for: namespace prefixes, single quotes,
references in lower case or with character references, comments, cells or rows without
references, tags spread over many lines. Slower than the search (several seconds for a
100,000-row sheet), and exact: every cell lands where the reader puts it, every formula is
found, whatever the sheet's XML looks like.

A cell without a reference lands one column right of the one before in its row, a row
without one one row below the one before, as the reader places them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from xml.parsers import expat

from retainkit.core.import_grid import MAX_CELLS, SheetScan, column_number

_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ROW = re.compile(r"[0-9]{1,7}")


class Unreadable(Exception):
    """The sheet is not XML a reader takes, or places a cell where none can be: why."""


def parsed_sheet(blocks: Iterator[bytes], too_many: Callable[[], Exception]) -> SheetScan:
    """The grid, cells and formulas of an XLSX sheet's XML, read block by block;
    `too_many()` is raised past MAX_CELLS cells, Unreadable for XML no reader takes."""
    scan = SheetScan("xlsx")
    row = column = 0
    cell: tuple[int, int] | None = None
    depth_in_data = 0  # elements open inside <sheetData>, itself included

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, cell, depth_in_data
        local = name.rpartition(" ")[2]
        if depth_in_data:
            depth_in_data += 1
        elif local == "sheetData":
            depth_in_data = 1
            return
        else:
            return
        if local == "row":
            ref = attributes.get("r")
            if ref is None:
                row += 1
            elif _ROW.fullmatch(ref.strip()):
                row = int(ref)
            else:
                raise Unreadable(f"a row numbered {ref[:20]!r}")
            column = 0
            scan.rows = max(scan.rows, row)
        elif local == "c":
            ref = attributes.get("r")
            if ref is None:
                column += 1
                at_row = max(row, 1)
            else:
                found = _CELL.fullmatch(ref.strip())
                if found is None:
                    raise Unreadable(f"a cell at {ref[:20]!r}")
                column = column_number(found.group(1).upper().encode())
                at_row = int(found.group(2))
            cell = (at_row, column)
            scan.cells += 1
            scan.rows = max(scan.rows, at_row)
            scan.columns = max(scan.columns, column)
            if scan.cells > MAX_CELLS:
                raise too_many()
        elif local == "f":
            if cell is None:
                scan.formulas_unplaced = True
            else:
                scan.formulas.add(cell)

    def end(name: str) -> None:
        nonlocal depth_in_data, cell
        if depth_in_data:
            depth_in_data -= 1
            if name.rpartition(" ")[2] == "c":
                cell = None

    def no_declarations(*_: Any) -> None:
        raise Unreadable("a document type declaration")  # entities: refused, never expanded

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = no_declarations
    parser.EntityDeclHandler = no_declarations
    try:
        for block in blocks:
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Unreadable(f"XML that is not well formed ({expat.ErrorString(exc.code)})") from None
    return scan
