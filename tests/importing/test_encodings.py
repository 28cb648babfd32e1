"""CSV files in the encodings HR systems and spreadsheets write: found by themselves, or
named with --encoding; a file that is not in the encoding named gets a line naming the one
it seems to be in."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tests.conftest import Run

TEXT = "工号,姓名,部门,备注\nC100,王伟,研发部,喜欢带新人\nC101,李娜,销售部,\n"
LATIN = (
    "employee_no,name,department\n"
    "E1,José Müller,Vertrieb\n"
    "E2,Zoë Sørensen,Einkauf\n"
    "E3,François Lefèvre,Qualität\n"
)


def names(cli: Run) -> dict[str, str]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p["name"] for p in listed}


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("gb18030"), "GB18030"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16 with BOM", "utf-16 without BOM", "gb18030"],
)
def test_chinese_text_in_every_encoding_is_read(
    cli: Run, tmp_path: Path, data: bytes, shown: str
) -> None:
    path = tmp_path / "员工.csv"
    path.write_bytes(data)
    result = cli("people", "import", str(path), "--dry-run")
    assert f"read as: CSV in {shown} (found)" in result.stderr
    cli("people", "import", str(path))
    assert names(cli) == {"C100": "王伟", "C101": "李娜"}


def test_a_one_line_gb18030_file_is_not_taken_for_korean(cli: Run, tmp_path: Path) -> None:
    """Two names are little to go on; GB18030 is what a Chinese HR system writes."""
    path = tmp_path / "one.csv"
    path.write_bytes("工号,姓名\nC100,王伟\n".encode("gb18030"))
    cli("people", "import", str(path))
    assert names(cli) == {"C100": "王伟"}


def test_windows_1252_is_found_and_said(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(LATIN.encode("cp1252"))
    result = cli("people", "import", str(path))
    assert "read as: CSV in Windows-1252 (found), values separated by commas" in result.stderr
    assert names(cli)["E2"] == "Zoë Sørensen"


def test_an_encoding_given_is_used_and_a_wrong_one_named(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(TEXT.encode("gb18030"))
    result = cli("people", "import", str(path), "--encoding", "utf-8", expect=2)
    assert result.stderr.splitlines() == [
        "error: gbk.csv is not UTF-8 text (line 1); it looks like GB18030: give --encoding gb18030"
    ]
    assert names(cli) == {}
    cli("people", "import", str(path), "--encoding", "GB18030")
    assert names(cli)["C101"] == "李娜"


def test_an_unknown_encoding_is_refused(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("employee_no,name\nE1,Ana\n", encoding="utf-8")
    result = cli("people", "import", str(path), "--encoding", "klingon", expect=2)
    assert "--encoding 'klingon' is not an encoding Python knows" in result.stderr
