"""The workbook's file, a zip archive written by openpyxl, except for one sheet sent ahead.

Compressing the sheets' XML is most of what saving a workbook costs, and the interview list
is most of that XML (over a hundred megabytes at 50,000 interviews). It is written first,
so once its last row is in, its XML is complete: `send_ahead` closes that sheet and
compresses it into the archive in a thread while the report sheets are written (zlib lets
other Python code run while it compresses, so this takes the second core, not the
export's). `save` then waits for it and lets openpyxl's own writer put in everything else,
every other part as openpyxl writes it; the sheet sent ahead keeps a part name of its own
(`xl/worksheets/interviews.xml`), which the workbook's relationships and content types name
as they name any sheet.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime
from typing import Any, BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

AHEAD_PART = "/xl/worksheets/interviews.xml"
"""The part name of the sheet sent ahead (a sheet's part name is free in OOXML: what
matters is that the workbook's relationships point to it)."""
CHUNK = 16 << 20
"""Bytes compressed at a time: few enough chunks that the thread seldom waits for the
interpreter between them."""


class Archive:
    """The archive a workbook is saved into, on `handle`, with one sheet's XML compressed
    into it ahead of the rest."""

    def __init__(self, handle: BinaryIO) -> None:
        self.zip = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True)
        self._ahead: str | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def send_ahead(self, sheet: Any) -> None:
        """Close the write-only `sheet` (nothing more can be written to it) and compress its
        XML into the archive in a thread meanwhile."""
        sheet._path = AHEAD_PART  # its part name, however many sheets come before it
        sheet.close()
        source = sheet._writer.out
        info = ZipInfo.from_file(source, AHEAD_PART[1:])
        info.compress_type = ZIP_DEFLATED
        self._ahead = info.filename

        def compress() -> None:
            try:
                with open(source, "rb") as xml, self.zip.open(info, "w") as part:
                    while chunk := xml.read(CHUNK):
                        part.write(chunk)
            except BaseException as exc:
                self._error = exc

        self._thread = threading.Thread(target=compress, name="workbook-archive")
        self._thread.start()

    def wait(self) -> None:
        """Wait for the sheet sent ahead to be in the archive; its error raised here."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def save(self, book: Any, modified: datetime) -> None:
        """Put every other part of `book` into the archive, as openpyxl writes a workbook,
        stamped `modified` (aware), and close it."""
        from openpyxl.writer.excel import ExcelWriter

        self.wait()
        if book.write_only and not book.worksheets:
            book.create_sheet()
        book.properties.modified = modified.astimezone(UTC).replace(tzinfo=None)
        ExcelWriter(book, _Parts(self.zip, self._ahead)).save()

    def discard(self) -> None:
        """Stop writing: wait for the thread, close the archive, errors ignored (the file
        is thrown away)."""
        with contextlib.suppress(BaseException):
            self.wait()
        with contextlib.suppress(BaseException):
            self.zip.close()


class _Parts:
    """The archive as openpyxl's writer sees it: every call goes to the zip file, except
    writing the part already in it."""

    def __init__(self, archive: ZipFile, ahead: str | None) -> None:
        self._archive = archive
        self._ahead = ahead

    def write(self, filename: str, arcname: str) -> None:
        if arcname != self._ahead:
            self._archive.write(filename, arcname)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._archive, name)
