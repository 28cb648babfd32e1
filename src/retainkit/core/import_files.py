"""Reading an HR system's export: rows of cells from a CSV or XLSX file, told apart by
their content, with one clear error for a file that is neither."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from retainkit.base.errors import InputError

_ZIP_MAGIC = b"PK\x03\x04"


def read_cells(path: Path, encoding: str) -> Iterator[list[Any]]:
    """Rows of cells from a CSV or XLSX file, told apart by their content."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give a CSV or XLSX file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if not head.strip(b" \r\n\t\xef\xbb\xbf"):
        raise InputError(f"{path} is empty; its first row must name the columns")
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(path)
    if b"\x00" in head:
        raise InputError(f"{path} is not a CSV or XLSX file (it holds binary data)")
    return _read_csv(path, encoding)


def _read_csv(path: Path, encoding: str) -> Iterator[list[Any]]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") from None
    if codec == "utf-8":
        codec = "utf-8-sig"  # Excel's "CSV UTF-8" starts with a byte order mark
    with path.open(encoding=codec, newline="") as handle:
        try:
            first_line = handle.readline()
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count)
            reader = csv.reader(handle, delimiter=delimiter)
            yield from reader
        except UnicodeDecodeError:
            raise InputError(
                f"{path} is not {encoding} text; save it as 'CSV UTF-8' or give --encoding"
            ) from None
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise InputError(f"{path} is not a CSV file (it holds binary data)") from None
            if "field limit" in str(exc):
                raise InputError(
                    f"{path}: the cell on line {reader.line_num} holds over "
                    f"{csv.field_size_limit():,} characters; no field of a person is that long "
                    "(is a quote left open?)"
                ) from None
            raise InputError(f"{path} is not valid CSV: {exc}") from None


def _read_xlsx(path: Path) -> Iterator[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    except Exception as exc:  # openpyxl raises its own types for damaged files
        raise InputError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()
