"""Workbooks made byte by byte, for what a spreadsheet program would never write: a zip
bomb, cells far apart, a reference to a shared string that is not there."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">'
        '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{RELATIONS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def shared_strings(strings: list[str]) -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{items}</sst>'
    )


def xlsx(path: Path, rows_xml: str, strings: list[str]) -> Path:
    """A workbook whose one sheet holds `rows_xml` (the <row> elements as written)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + rows_xml + SHEET_TAIL)
        archive.writestr("xl/sharedStrings.xml", shared_strings(strings))
    return path


def xlsx_bomb(path: Path, unpacked: int = 2 * 2**30, declared: int | None = None) -> Path:
    """A valid workbook of a few MB whose sheet unpacks to `unpacked` bytes of rows. The
    archive declares `declared` bytes for the sheet (the truth when None)."""
    row = '<row><c t="inlineStr"><is><t>E1</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = (row * (2**20 // len(row))).encode()
    head, tail = SHEET_HEAD.encode(), SHEET_TAIL.encode()
    repeats = (unpacked - len(head) - len(tail)) // len(chunk)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * repeats + len(tail)
    compressed = len(start) + len(block) * repeats + len(end)
    # the ordinary parts first, then the sheet written by hand after them
    xlsx(path, "", [])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    del parts["xl/worksheets/sheet1.xml"]
    with path.open("wb") as out:
        central = b""
        for name, data in [*parts.items(), ("xl/worksheets/sheet1.xml", None)]:
            offset = out.tell()
            encoded = name.encode()
            if data is None:
                shown_size = size if declared is None else declared
                header = struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    20,
                    0,
                    8,
                    0,
                    0,
                    crc,
                    compressed,
                    shown_size,
                    len(encoded),
                    0,
                )
                out.write(header + encoded + start)
                for _ in range(repeats):
                    out.write(block)
                out.write(end)
                entry = (crc, compressed, shown_size)
            else:
                packed = zlib.compressobj(9, zlib.DEFLATED, -15)
                body = packed.compress(data) + packed.flush()
                entry = (zlib.crc32(data), len(body), len(data))
                header = struct.pack(
                    "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *entry, len(encoded), 0
                )
                out.write(header + encoded + body)
            central += (
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    0,
                    *entry,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        directory = out.tell()
        out.write(central)
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(parts) + 1,
                len(parts) + 1,
                len(central),
                directory,
                0,
            )
        )
    return path


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
    'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type'
    '="text/xml"/></manifest:manifest>'
)
ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
    'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
    'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="People">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_cell(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def ods_row(cells: list[str], repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def ods(path: Path, rows_xml: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", ODS_HEAD + rows_xml + ODS_TAIL, zipfile.ZIP_DEFLATED)
    return path
