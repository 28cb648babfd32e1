"""Reading an HR system's export: rows of cells from a CSV, XLSX, XLS or ODS file, told apart
by their content (never by the file's name), with one clear error for anything else.

The text of a CSV is decoded and split in import_text, a workbook read in import_sheets
(after import_limits has checked what it unpacks to)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retainkit.base.errors import InputError
from retainkit.core.import_limits import MAX_COLUMNS

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = {"csv": "CSV", "xlsx": "XLSX workbook", "xls": "XLS workbook", "ods": "ODS workbook"}


@dataclass(frozen=True)
class Source:
    """What was read: the kind of file and, for a CSV, how its text was decoded."""

    kind: str
    detail: str = ""
    """For a CSV: its encoding and separator, and whether they were found or given."""
    encoding: str | None = None

    def describe(self) -> str:
        return self.detail or KINDS[self.kind]


def open_cells(path: Path, encoding: str | None) -> tuple[Source, Iterator[list[Any]]]:
    """What the file is, and its rows of cells (the header first). `encoding` is for a CSV:
    None finds it from the bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give a CSV, XLSX, XLS or ODS file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC):
        from retainkit.core.import_limits import scan_kind, workbook_bytes
        from retainkit.core.import_sheets import read_sheet

        data = workbook_bytes(path)  # checked and read from the same bytes
        kind = "xls" if data.startswith(_OLE_MAGIC) else scan_kind(path, data)
        return Source(kind), _limited(path, read_sheet(path, kind, data))
    from retainkit.core.import_text import csv_rows, read_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if not data.strip(b" \r\n\t\xef\xbb\xbf"):
        raise InputError(f"{path} is empty; its first row must name the columns")
    text = read_text(path, data, encoding)
    source = Source("csv", text.describe(), text.encoding)
    return source, _limited(path, csv_rows(path, text))


def read_cells(path: Path, encoding: str | None) -> Iterator[list[Any]]:
    """Rows of cells from a CSV, XLSX, XLS or ODS file, told apart by their content."""
    return open_cells(path, encoding)[1]


def _limited(path: Path, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows, once the header is known not to be past the limit of columns."""
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path} is empty; its first row must name the columns")
    if len(header) > MAX_COLUMNS:
        raise InputError(
            f"{path.name} has {len(header):,} columns; an import reads at most "
            f"{MAX_COLUMNS:,} (is it a file of another kind?)"
        )
    yield header
    yield from rows
