"""Sheets written to slip past the check before the reader: cells placed far out, or
formulas hidden, in XML forms the quick search does not read (namespace prefixes, single
quotes, lower case, character references, comments, a formula after its value or after
megabytes of spaces). Each is read by the XML parser and refused as the plain form is,
by one process or two; the plain forms spreadsheet programs write stay on the quick path."""

from __future__ import annotations

from pathlib import Path

import pytest

from retainkit.core import import_limits, import_xml
from tests.conftest import Run
from tests.importing.workbooks import MAIN, xlsx

STRINGS = ["employee_no", "name", "E1", "Ana"]
HEAD = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
A2 = '<c r="A2" t="s"><v>2</v></c>'
FAR = (
    "error: sheet.xlsx has a sheet of 1,048,576 rows × 16,384 columns; an import reads at "
    "most 5,000,000 cells; split the file, or save it as CSV (which has no such limit)"
)
FORMULA = "row 2, column 'name': holds a formula; export or paste the values instead"
CASES = {
    "far, in lower case": (f'<row r="2">{A2}<c r="xfd1048576"><v>1</v></c></row>', FAR),
    "far, in single quotes": (f"<row r=\"2\">{A2}<c r='XFD1048576'><v>1</v></c></row>", FAR),
    "far, with a prefix": (
        f'<row r="2">{A2}<x:c xmlns:x="{MAIN}" r="XFD1048576"><x:v>1</x:v></x:c></row>',
        FAR,
    ),
    "far, as character references": (
        f'<row r="2">{A2}<c r="&#88;&#70;&#68;1048576"><v>1</v></c></row>',
        FAR,
    ),
    "far, its reference second": (
        f'<row r="2">{A2}<c t="n" r="XFD1048576"><v>1</v></c></row>',
        FAR,
    ),
    "a formula after its value": (
        f'<row r="2">{A2}<c r="B2" t="str"><v>Ana</v><f>A2</f></c></row>',
        FORMULA,
    ),
    "a formula after a comment": (
        f'<row r="2">{A2}<c r="B2" t="str"><!--x--><f>A2</f><v>Ana</v></c></row>',
        FORMULA,
    ),
    "a formula after a > in an attribute": (
        f'<row r="2">{A2}<c r="B2" t="str" x="a>b"><f>A2</f><v>Ana</v></c></row>',
        FORMULA,
    ),
    "a formula with a prefix": (
        f'<row r="2">{A2}<c r="B2" t="str"><x:f xmlns:x="{MAIN}">A2</x:f><v>Ana</v></c></row>',
        FORMULA,
    ),
    "a formula after 3 MB of spaces": (
        f'<row r="2">{A2}<c r="B2" t="str">{" " * 3 * 2**20}<f>A2</f><v>Ana</v></c></row>',
        FORMULA,
    ),
    "a document type with entities": (
        f'<row r="2">{A2}<c r="B2" t="s"><v>3</v></c></row>',
        "error: cannot read sheet.xlsx as a workbook: its sheet has a document type declaration",
    ),
}


@pytest.mark.parametrize("shared", [False, True], ids=["one process", "two processes"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_crafted_sheet_is_refused_as_the_plain_one_is(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, shared: bool
) -> None:
    rows, expected = CASES[case]
    path = xlsx(tmp_path / "sheet.xlsx", HEAD + rows, STRINGS)
    if case.startswith("a document type"):
        path = _with_doctype(path)
    monkeypatch.setattr(import_limits, "SHARED_SCAN", 0 if shared else 10**12)
    result = sqlite_cli("people", "import", str(path), expect=2)
    assert expected in result.stderr


def _with_doctype(path: Path) -> Path:
    """The same workbook, its sheet declaring an entity (a billion laughs starts so)."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    declaration = b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    at = sheet.index(b"?>") + 2
    parts["xl/worksheets/sheet1.xml"] = sheet[:at] + declaration + sheet[at:]
    target = path.with_name("doctype.xlsx")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    target.replace(path)
    return path


def test_the_forms_spreadsheet_programs_write_stay_on_the_quick_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows with Excel's and LibreOffice's attributes (a prefixed one among them), cells
    with styles, and an extension list with prefixed formulas after the rows (Excel's
    conditional formatting) are read without the XML parser."""

    def no_parser(*_: object) -> None:
        raise AssertionError("read by the XML parser")

    monkeypatch.setattr(import_xml, "parsed_sheet", no_parser)
    rows = HEAD + "".join(
        f'<row r="{n}" spans="1:2" ht="12.8" customHeight="false" x14ac:dyDescent="0.25">'
        f'<c r="A{n}" s="1" t="s"><v>2</v></c><c r="B{n}" s="0" t="s"><v>3</v></c></row>'
        for n in range(2, 400)
    )
    path = xlsx(tmp_path / "plain.xlsx", rows, STRINGS)
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"</worksheet>",
        b'<extLst><ext uri="x"><x14:conditionalFormattings><x14:conditionalFormatting>'
        b"<xm:f>Sheet1!$A$1</xm:f></x14:conditionalFormatting></x14:conditionalFormattings>"
        b"</ext></extLst></worksheet>",
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    for shared in (0, 10**12):
        monkeypatch.setattr(import_limits, "SHARED_SCAN", shared)
        scan = import_limits.scan_workbook(path)
        assert (scan.columns, scan.cells, scan.formulas) == (2, 798, set())


def _workbook(path: Path, sheet: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A workbook whose first sheet is `sheet` as given, and `extra` parts beside it."""
    import zipfile

    from tests.importing.workbooks import PARTS, shared_strings

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared_strings(STRINGS))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


ROWS = f'{HEAD}<row r="2">{A2}<c r="XFD1048576"><v>1</v></c></row>'
WRAPPED = {
    "a decoy sheetData in a comment before the rows": (
        f'<worksheet xmlns="{MAIN}"><!--<sheetData/>--><sheetData>{ROWS}</sheetData></worksheet>'
    ),
    "a sheetData with an empty prefix": (
        f'<worksheet xmlns="{MAIN}"><:sheetData>{ROWS}</sheetData></worksheet>'
    ),
    "a cell with its reference twice": (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEAD}<row r="2">{A2}'
        '<c r="B2" r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    ),
    "a formula after a comment that looks like a cell": (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEAD}<row r="2">{A2}<c r="B2" t="str">'
        '<!--<c r="Z99"--><f>A2</f><v>Ana</v></c></row></sheetData></worksheet>'
    ),
}


@pytest.mark.parametrize("case", list(WRAPPED))
def test_a_sheet_the_quick_search_would_misread_is_refused(
    sqlite_cli: Run, tmp_path: Path, case: str
) -> None:
    path = _workbook(tmp_path / "sheet.xlsx", WRAPPED[case].encode())
    result = sqlite_cli("people", "import", str(path), expect=2)
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert "error:" in result.stderr and "imported 1" not in result.stderr


def test_every_sheet_is_held_to_the_limits(tmp_path: Path) -> None:
    """The reader finds a sheet's part in any letter case, and a returned form's second
    sheet is read too: a far cell in any sheet's part is refused, not only the first's."""
    from retainkit.base.errors import InputError

    plain = f'<worksheet xmlns="{MAIN}"><sheetData>{HEAD}</sheetData></worksheet>'
    far = f'<worksheet xmlns="{MAIN}"><sheetData>{ROWS}</sheetData></worksheet>'
    path = _workbook(
        tmp_path / "two.xlsx", plain.encode(), {"xl/worksheets/SHEET2.xml": far.encode()}
    )
    with pytest.raises(InputError, match="1,048,576 rows × 16,384 columns"):
        import_limits.scan_workbook(path)


def test_a_piece_never_ends_inside_a_tag() -> None:
    """A compressed stream decides where each unpacked block ends: a block of a lone `<c`
    after thousands of spaces is held until its tag closes."""
    pieces: list[bytes] = []
    blocks = [b'<c r="B2" t="s"><v>3</v></c>' + b" " * 5000, b"<c", b' r="XFD1048576"><v>1</v></c>']
    import_limits._feed(Path("sheet.xlsx"), iter(blocks), pieces.append, b"<c")
    for piece in pieces:
        opened = piece.rfind(b"<")
        assert opened < 0 or piece.find(b">", opened) >= 0, piece[-40:]
    assert b"".join(pieces) == b"".join(blocks)
