"""Text in the workbook shows as it was stored, even text a spreadsheet would decode."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

STORED = ["_x000D_", "a_x0041_b", "_x005F_x000D_", "_X000d_", "plain_x"]


def _book(path: Path) -> None:
    from openpyxl import Workbook

    from retainkit.reports.writer import Cleaner

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Answers")
    clean = Cleaner()
    sheet.append([clean(sheet, text) for text in STORED])
    book.save(path)


def test_escape_like_text_is_escaped_in_the_sheet_xml(tmp_path: Path) -> None:
    path = tmp_path / "escaped.xlsx"
    _book(path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<t>_x005F_x000D_</t>" in xml
    assert "<t>a_x005F_x0041_b</t>" in xml
    # text that already looks escaped: both of its underscores are escaped
    assert "<t>_x005F_x005F_x005F_x000D_</t>" in xml
    assert "<t>plain_x</t>" in xml and "<t>_X000d_</t>" in xml  # not an escape: unchanged


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_shows_the_stored_text(tmp_path: Path) -> None:
    path = tmp_path / "escaped.xlsx"
    _book(path)
    subprocess.run(
        [
            "soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
            "--convert-to", "csv", "--outdir", str(tmp_path), str(path),
        ],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with (tmp_path / "escaped.csv").open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.reader(handle))
    assert row == STORED
