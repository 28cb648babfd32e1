"""The workbook prints: every sheet A4 landscape with its header row repeated, report
sheets scaled to the page width with their chart on the first page, the interview list at
a readable scale; and printed by LibreOffice, the 300- and 2,000-person demos in both
languages take no more pages than docs/benchmarks.md states, the Dashboard alone on page 1
with its title and tiles."""

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
    r"^\| (?P<people>[\d,]+)-person demo, (?P<lang>en|zh)[^|]*\| \d* ?\| (?P<measured>\d+) \| "
    r"at most (?P<most>\d+) \|",
    re.MULTILINE,
)


def stated_pages() -> dict[tuple[int, str], tuple[int, int]]:
    """(measured, at most) per demo size and language, from docs/benchmarks.md."""
    found = {
        (int(m["people"].replace(",", "")), m["lang"]): (int(m["measured"]), int(m["most"]))
        for m in STATED.finditer(BENCHMARKS.read_text())
    }
    assert len(found) == 4, "docs/benchmarks.md states no page count for some demo"
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


ON_ONE_WORKER = pytest.mark.xdist_group("printed")
"""Each demo is built and printed once: its tests run on one worker, one after another."""
PRINTED = [
    pytest.param((people, lang), id=f"{people}-{lang}", marks=ON_ONE_WORKER)
    for people in (300, 2000)
    for lang in ("en", "zh")
]


@pytest.fixture(scope="module", params=PRINTED)
def printed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, str, Path, int]:
    """(people, lang, the PDF, its pages): a demo workbook printed by LibreOffice, once per
    module and kind."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) is not installed: the printed workbook is not checked")
    people, lang = request.param
    root = tmp_path_factory.mktemp(f"print-{people}-{lang}")
    book = demo_workbook(root, f"print-{people}-{lang}", people=people, lang=lang)
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{root / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(root), str(book)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    pdf = book.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
    return people, lang, pdf, pdf_pages(pdf)


def test_the_demo_prints_within_the_stated_pages(printed: tuple[int, str, Path, int]) -> None:
    people, lang, _, pages = printed
    measured, at_most = stated_pages()[(people, lang)]
    assert measured <= at_most
    assert 15 <= pages <= at_most, (
        f"{people} people, {lang}: {pages} printed pages; docs/benchmarks.md says {at_most}"
    )


def test_the_dashboard_prints_alone_on_page_one(printed: tuple[int, str, Path, int]) -> None:
    from tests.test_workbook_dashboard import TILES

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) is not installed: the Dashboard's page is not read")
    _, lang, pdf, pages = printed
    zh = lang == "zh"

    def page(number: int) -> str:
        return subprocess.run(
            [pdftotext, "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    first, second = page(1), page(2)
    assert words.REPORT["workbook_title"][zh] in first
    flat = " ".join(first.split())  # a label may be broken where the text is extracted
    for key in (*TILES, "trend", "by_kind", "top_reasons", "definitions", "sheets_index"):
        assert " ".join(words.REPORT[key][zh].split()) in flat, key
    dashboard, summary = words.REPORT["dashboard"][zh], words.REPORT["summary"][zh]
    assert f"{dashboard} – 1 / {pages}" in first  # the footer: all of it on page 1
    assert f"{summary} – 2 / {pages}" in second
