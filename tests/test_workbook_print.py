"""The workbook prints: every sheet A4 landscape with its header row repeated, report
sheets scaled to the page width with their chart on the first page, the interview list at
a readable scale; and printed by LibreOffice, the 2,000-person demo takes no more pages
than docs/benchmarks.md states."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from retainkit.base import words
from retainkit.reports.charts import MAX_HEIGHT
from retainkit.reports.print_setup import A4, LIST_SCALE
from tests.test_workbook_charts import demo_workbook

TODAY = date(2026, 11, 30)  # the demo's stories end today: the same workbook every run
BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
STATED = re.compile(
    r"^\| 2,000-person demo, (?P<lang>en|zh)[^|]*\| \d+ \| (?P<measured>\d+) \| "
    r"at most (?P<most>\d+) \|",
    re.MULTILINE,
)


def stated_pages() -> dict[str, tuple[int, int]]:
    """(measured, at most) per language, from the table in docs/benchmarks.md."""
    found = {
        m["lang"]: (int(m["measured"]), int(m["most"]))
        for m in STATED.finditer(BENCHMARKS.read_text())
    }
    assert found, "docs/benchmarks.md states no page count for the 2,000-person demo"
    return found


def test_every_sheet_is_set_up_to_print(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(demo_workbook(tmp_path, "print"))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == A4, sheet.title
        if sheet.title == "Dashboard":  # one page (tests/test_workbook_dashboard.py)
            continue
        assert sheet.print_title_rows == "$1:$1", sheet.title
        if sheet.title == "Interviews":
            assert int(setup.scale) == LIST_SCALE
            assert sheet.print_title_cols == "$A:$C"
            assert not sheet.sheet_properties.pageSetUpPr or not (
                sheet.sheet_properties.pageSetUpPr.fitToPage
            )
            continue
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        for chart in sheet._charts:
            # On the second row, and no taller than a page: never cut by a page break.
            assert chart.anchor._from.row == 1, sheet.title
            assert chart.height <= MAX_HEIGHT, sheet.title


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_2000_person_demo_prints_within_the_stated_pages(lang: str, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) is not installed: the printed page count is not checked")
    measured, at_most = stated_pages()[lang]
    assert measured <= at_most
    book = demo_workbook(tmp_path, f"print-{lang}", people=2000, lang=lang)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    pdf = book.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    pages = pdf_pages(pdf)
    assert 15 <= pages <= at_most, f"{pages} printed pages; docs/benchmarks.md says {at_most}"
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) is not installed: the Dashboard's page is not read")
    zh = lang == "zh"

    def page(number: int) -> str:
        return subprocess.run(
            [pdftotext, "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    first, second = page(1), page(2)
    assert words.REPORT["workbook_title"][zh] in first
    for key in ("turnover_rate", "voluntary_rate", "total_cost", "open_actions"):
        assert words.REPORT[key][zh] in first, key
    dashboard, summary = words.REPORT["dashboard"][zh], words.REPORT["summary"][zh]
    assert f"{dashboard} – 1 / {pages}" in first  # the footer: all of it on page 1
    assert f"{summary} – 2 / {pages}" in second
