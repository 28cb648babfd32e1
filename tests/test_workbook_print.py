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
    from openpyxl.utils.cell import range_boundaries

    book = load_workbook(demo_workbook(tmp_path, "print"))
    under = []
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == A4, sheet.title
        if sheet.title == "Dashboard":  # one upright page (tests/test_workbook_dashboard.py)
            assert setup.orientation == "portrait"
            continue
        assert setup.orientation == "landscape", sheet.title
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
        _, _, columns, last_row = range_boundaries(sheet.auto_filter.ref)
        for chart in sheet._charts:
            # On the second row, and no taller than a page: never cut by a page break;
            # or under a wide, short table (Turnover), the page ending with it.
            anchor = chart.anchor._from
            assert chart.height <= MAX_HEIGHT, sheet.title
            if anchor.row == 1:
                continue
            assert anchor.col == 0 and last_row < anchor.row <= last_row + 12, sheet.title
            _, _, area_columns, area_rows = range_boundaries(sheet.print_area.split("!")[1])
            assert area_columns == columns and area_rows > anchor.row + 8, sheet.title
            under.append(sheet.title)
    assert under == ["Turnover"]


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


def test_notes_wrap_within_their_table(tmp_path: Path) -> None:
    """A note under a table is one cell merged across the table's columns, wrapped, on a
    row tall enough: it never runs on to the right, widening the page (the Cost and
    Turnover sheets printed at 45% and 24% for their notes)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    from retainkit.reports.writer import display_width

    book = load_workbook(demo_workbook(tmp_path, "notes"))
    checked = 0
    for sheet in book.worksheets[1:-1]:
        _, _, columns, last = range_boundaries(sheet.auto_filter.ref)
        merged = {m.min_row: m for m in sheet.merged_cells.ranges}
        for (cell,) in sheet.iter_rows(min_row=last + 1, max_col=1):
            if not isinstance(cell.value, str) or len(cell.value) < 60:
                continue
            span = merged.get(cell.row)
            assert span is not None and span.min_col == 1, (sheet.title, cell.value[:40])
            assert span.max_col >= min(columns, 2), (sheet.title, cell.value[:40])
            assert cell.alignment.wrap_text, sheet.title
            width = sum(
                sheet.column_dimensions[get_column_letter(n)].width
                for n in range(1, span.max_col + 1)
            )
            lines = -(-display_width(cell.value) // int(width))
            assert sheet.row_dimensions[cell.row].height >= 15 * lines, sheet.title
            checked += 1
    assert checked >= 10


def word_heights(pdftotext: str, pdf: Path, page: int) -> float:
    """The median height of the words printed on a page, in points: 11-point text at
    100% is about 14."""
    import statistics

    out = subprocess.run(
        [pdftotext, "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)
    return statistics.median(float(high) - float(low) for low, high in found)


def test_the_dashboard_and_the_tables_print_at_a_readable_scale(
    printed: tuple[int, str, Path, int],
) -> None:
    """The scale each sheet prints at, read from the PDF: its words' height against the
    interview list's, which prints at LIST_SCALE. Before: the Dashboard at 42–45%, Cost
    at 45–55%, Turnover at 24–30% (long notes, titles one line each, its chart beside);
    now about 57%, 60% and 47–64%."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler) is not installed: the printed scale is not read")
    _, lang, pdf, pages = printed
    zh = lang == "zh"
    footers: dict[str, int] = {}
    for number in range(1, pages + 1):
        text = subprocess.run(
            [pdftotext, "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        found = re.search(rf"^(\S.*) – {number} / {pages}$", text, re.MULTILINE)
        if found:  # the footer: the sheet's name, the page's number
            footers.setdefault(found.group(1).strip(), number)
    name = {key: words.REPORT[key][zh] for key in ("dashboard", "cost", "turnover")}
    list_page = footers[words.REPORT["interview_list"][zh]]
    unit = word_heights(pdftotext, pdf, list_page) / (LIST_SCALE / 100)

    def scale(key: str) -> float:
        return word_heights(pdftotext, pdf, footers[name[key]]) / unit

    assert footers[name["dashboard"]] == 1
    assert scale("dashboard") >= 0.52, scale("dashboard")
    assert scale("cost") >= 0.57, scale("cost")
    assert scale("turnover") >= 0.42, scale("turnover")
