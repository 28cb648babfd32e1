"""What a workbook may unpack to before a reader touches it.

An XLSX or ODS workbook is a ZIP archive, and a 3 MB one can hold gigabytes of sheet (a zip
bomb), or place two cells so far apart that the reader builds a grid of a hundred million.
So every member is inflated here first, in pieces, counting what it really holds (the sizes
the archive declares are not trusted), and the first sheet's cells are counted and placed.
The file is refused at once, with a line naming the limit, when it goes past one. Formula
cells are found on the way (the reader gives only their last computed value).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from retainkit.base.errors import InputError
from retainkit.core.import_grid import (
    BOXED,
    MAX_CELLS,
    MAX_COLUMNS,
    PARSED,
    OdsCounter,
    ReadAgain,
    SheetScan,
    XlsxCounter,
)

MAX_UNPACKED = 512 * 2**20
"""Bytes all members of a workbook may unpack to (a 100,000-row export is about 100 MB)."""
_PIECE = 1 << 16
_OUT = 1 << 20
_OPEN_TAG = 16 * 2**20
"""How long a tag may be (its attributes, spaces in it) before the file is refused."""
SHARED_SCAN = 8 * 2**20
"""A first sheet the archive says unpacks to at least this is searched by two processes
(`base.forked`), every other piece each, after the first."""

XLSX = "xlsx"
ODS = "ods"


def too_big(path: Path, what: str) -> InputError:
    return InputError(
        f"{path.name} {what}; split the file, or save it as CSV (which has no such limit)"
    )


def workbook_bytes(path: Path) -> bytes:
    """The workbook at `path`, read once: it is checked and then read from these bytes, so
    a file saved over meanwhile changes nothing."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_UNPACKED + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_UNPACKED:
        raise too_big(path, f"is over {MAX_UNPACKED // 2**20} MiB")
    return data


def too_many_cells(path: Path) -> InputError:
    return too_big(path, f"has over {MAX_CELLS:,} cells, more than an import reads")


def _open(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"cannot read {path.name} as a workbook: {exc}") from None


def _kind(path: Path, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return XLSX
    if "content.xml" in names:
        return ODS
    raise InputError(
        f"{path.name} is a ZIP archive but not a workbook; give a CSV, XLSX, XLS or ODS file"
    )


def scan_kind(path: Path, data: bytes) -> str:
    """XLSX or ODS, from the members of the ZIP archive `data` (the file at `path`)."""
    with _open(path, data) as archive:
        return _kind(path, set(archive.namelist()))


def scan_workbook(path: Path, data: bytes | None = None) -> SheetScan:
    """Inflate every member of the workbook `data` (the file at `path`, read if None), within
    the limits; what its first sheet holds. An InputError for a damaged archive or one past
    a limit."""
    if data is None:
        data = workbook_bytes(path)
    with _open(path, data) as archive, io.BytesIO(data) as handle:
        members = archive.infolist()
        kind = _kind(path, {info.filename for info in members})
        declared = sum(info.file_size for info in members)
        if declared > MAX_UNPACKED:
            raise too_big(path, f"unpacks to over {MAX_UNPACKED // 2**20} MiB")
        unpacking = _Unpacking(path, handle)
        inflate = unpacking.inflate
        first = _first_sheet(path, members, inflate) if kind == XLSX else "content.xml"
        scan = SheetScan(kind)
        for info in members:
            # Every part of an XLSX is searched for rows, not only the sheet found first:
            # the reader may find another (it looks names up in any letter case), and a
            # returned form's second sheet is read too. Formulas count in the first only.
            if info.filename != first and kind != XLSX:
                for _ in inflate(info):
                    pass
                continue
            before, mode = unpacking.unpacked, BOXED
            while True:
                try:
                    if (
                        info.filename == first
                        and mode == BOXED
                        and kind == XLSX
                        and (info.file_size >= SHARED_SCAN)
                    ):
                        sheet = _shared_sheet(unpacking, data, info, before)
                    else:
                        sheet = _sheet(path, kind, inflate(info), mode)
                    break
                except ReadAgain as again:
                    unpacking.unpacked, mode = before, again.mode
            if sheet.columns > MAX_COLUMNS:
                raise too_big(path, f"has over {MAX_COLUMNS:,} columns")
            if sheet.rows * sheet.columns > MAX_CELLS:
                raise too_big(
                    path,
                    f"has a sheet of {sheet.rows:,} rows × {sheet.columns:,} columns; "
                    f"an import reads at most {MAX_CELLS:,} cells",
                )
            if info.filename == first:
                scan = sheet
        return scan


class _Unpacking:
    """The members of one archive inflated in turn, each held to what the archive says it
    holds and all of them together to MAX_UNPACKED."""

    def __init__(self, path: Path, handle: BinaryIO, unpacked: int = 0) -> None:
        self.path, self.handle, self.unpacked = path, handle, unpacked

    def inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        path, member = self.path, 0
        for block in _inflate(self.handle, info, path):
            self.unpacked += len(block)
            member += len(block)
            if member > info.file_size:
                raise InputError(
                    f"cannot read {path.name} as a workbook: its part {info.filename} "
                    "unpacks to more than the archive says (a damaged file, or a zip bomb)"
                )
            if self.unpacked > MAX_UNPACKED:
                raise too_big(path, f"unpacks to over {MAX_UNPACKED // 2**20} MiB")
            yield block


def _shared_sheet(
    unpacking: _Unpacking, data: bytes, info: zipfile.ZipInfo, before: int
) -> SheetScan:
    """A large XLSX sheet searched by two processes: each inflates all of it, within the
    limits, and after the first piece (which sets the box for both) searches every other
    piece; their cells are added up and their formulas put together. Where there is no
    helper process, or the first piece sets no box, one process searches every piece."""
    from retainkit.base import forked

    path = unpacking.path
    if not forked.AVAILABLE:
        return _sheet(path, XLSX, unpacking.inflate(info), BOXED)

    def theirs() -> tuple[int, set[tuple[int, int]], bool] | None:
        blocks = _Unpacking(path, io.BytesIO(data), before).inflate(info)
        scan, shared = _search(path, blocks, turn=1)
        return (scan.cells, scan.formulas, scan.formulas_unplaced) if shared else None

    helped = forked.forked(theirs)
    early: list[tuple[int, set[tuple[int, int]], bool] | None] = []

    def watch() -> None:  # a helper that found a problem ends this search at once
        if not early and helped.ready():
            early.append(helped())  # its error raised here

    try:
        scan, shared = _search(path, unpacking.inflate(info), turn=0, watch=watch)
        found = early[0] if early else helped()
    except BaseException:
        helped.cancel()
        raise
    if shared:
        if found is None:  # both read the same bytes: never, unless one of them is wrong
            raise InputError(
                f"cannot check {path.name}: its two searches disagree on its first piece; "
                "save it again from the spreadsheet program, or as CSV"
            )
        scan.cells += found[0]
        scan.formulas |= found[1]
        scan.formulas_unplaced |= found[2]
        if scan.cells > MAX_CELLS:
            raise too_many_cells(path)
    return scan


def _sheet(path: Path, kind: str, blocks: Iterator[bytes], mode: str) -> SheetScan:
    if kind == XLSX and mode == PARSED:
        from retainkit.core.import_xml import Unreadable, parsed_sheet

        try:
            return parsed_sheet(blocks, lambda: too_many_cells(path))
        except Unreadable as exc:
            raise InputError(
                f"cannot read {path.name} as a workbook: its sheet has {exc}"
            ) from None
    if kind == XLSX:
        return _search(path, blocks, turn=None, mode=mode)[0]
    scan = SheetScan(kind)
    counter = OdsCounter(scan)

    def take(part: bytes) -> None:
        counter.take(part)
        if scan.cells > MAX_CELLS:
            raise too_many_cells(path)

    _feed(path, blocks, take, b"<")
    counter.finish()
    return scan


def _search(
    path: Path,
    blocks: Iterator[bytes],
    turn: int | None,
    watch: Callable[[], None] | None = None,
    mode: str = BOXED,
) -> tuple[SheetScan, bool]:
    """An XLSX sheet searched in `mode` (BOXED or EXACT). With a `turn` (0 or 1), once the
    first piece has set the box only every other piece is searched, those whose number is
    `turn` modulo 2; whether it was so (with no box every piece is). `watch` is called
    before each piece."""
    scan = SheetScan(XLSX)
    counter = XlsxCounter(scan, mode)
    number = 0
    shared = False

    def take(part: bytes) -> None:
        nonlocal number, shared
        number += 1
        if watch is not None:
            watch()
        if turn is not None and number > 1 and counter.outside is not None:
            shared = True
            if number % 2 != turn:
                counter.note(part)  # the other process's, but for its last cell
                return
        counter.take(part)
        if number == 1 and turn == 1:
            scan.cells = 0  # the first piece's cells are counted by the other process
        if scan.cells > MAX_CELLS:
            raise too_many_cells(path)

    _feed(path, blocks, take, b"<c")
    counter.finish()
    return scan, shared


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """The member's bytes as they really unpack, whatever sizes the archive declares."""
    damaged = InputError(f"cannot read {path.name} as a workbook: the file is damaged")
    if info.flag_bits & 0x1:
        raise InputError(f"{path.name} is password-protected; save a copy without a password")
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0:
            piece = handle.read(min(_OUT, left))
            if not piece:
                raise damaged
            left -= len(piece)
            yield piece
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InputError(
            f"cannot read {path.name}: it is compressed in a way workbooks are not "
            f"(method {info.compress_type}); save it again from the spreadsheet program"
        )
    inflater = zlib.decompressobj(-15)
    try:
        while left > 0 and not inflater.eof:
            piece = handle.read(min(_PIECE, left))
            if not piece:
                raise damaged
            left -= len(piece)
            block = inflater.decompress(piece, _OUT)
            while True:
                if block:
                    yield block
                if not inflater.unconsumed_tail:
                    break
                block = inflater.decompress(inflater.unconsumed_tail, _OUT)
    except zlib.error:
        raise damaged from None


def _feed(path: Path, blocks: Iterator[bytes], take: Callable[[bytes], None], mark: bytes) -> None:
    """Blocks cut where a tag starts (`mark`, a cell's if it can), so no tag, and no cell
    tag and its formula, are split between two calls of `take`."""
    carry = b""
    for block in blocks:
        data = carry + block if carry else block
        window = max(0, len(data) - 4096)
        cut = data.rfind(mark, window)
        if cut <= 0:
            cut = data.rfind(b"<", window)
        if cut <= 0:
            opened = data.rfind(b"<")
            if opened >= 0 and data.find(b">", opened) < 0:  # a tag still open: wait for more
                if len(data) > _OPEN_TAG:
                    raise InputError(
                        f"cannot read {path.name} as a workbook: it has a tag over "
                        f"{_OPEN_TAG // 2**20} MiB long; save it again from the spreadsheet "
                        "program, or as CSV"
                    )
                carry = data
                continue
            cut = len(data)
        take(data[:cut])
        carry = data[cut:]
    if carry:
        take(carry)


def _first_sheet(
    path: Path,
    members: list[zipfile.ZipInfo],
    inflate: Callable[[zipfile.ZipInfo], Iterator[bytes]],
) -> str:
    """The archive member of the workbook's first sheet, the one an import reads."""
    by_name = {info.filename: info for info in members}

    def text(name: str) -> bytes:
        info = by_name.get(name)
        return b"".join(inflate(info)) if info is not None else b""

    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\b\w+:id=\"([^\"]+)\"", text("xl/workbook.xml"))
    if sheet is None:
        raise InputError(f"{path.name} is a workbook without a sheet")
    for relation in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)>", text(_RELS)):
        attributes = relation.group(1)
        found_id = re.search(rb"\bId=\"([^\"]+)\"", attributes)
        target = re.search(rb"\bTarget=\"([^\"]+)\"", attributes)
        if found_id and target and found_id.group(1) == sheet.group(1):
            name = target.group(1).decode("utf-8", "replace")
            return name.lstrip("/") if name.startswith("/") else f"xl/{name}"
    raise InputError(f"cannot read {path.name} as a workbook: its first sheet is missing")


_RELS = "xl/_rels/workbook.xml.rels"
