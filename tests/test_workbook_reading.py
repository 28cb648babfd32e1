"""The workbook reads well: one named font, `*` grey and right-aligned, owners and
interviewers by name, Interviews headers wrapped not cut, a title in the document
properties, widths by display width, rate changes in percentage points."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from retainkit.base import words
from retainkit.reports.writer import display_width
from tests.test_workbook_charts import demo_workbook

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reading")
    found = {lang: demo_workbook(root / lang, lang, lang=lang) for lang in ("en", "zh")}
    return found | {"open": demo_workbook(root / "open", "open", ("report.min_group", "1"))}


def load(path: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(path)


def test_every_font_has_a_name(books: dict[str, Path]) -> None:
    with zipfile.ZipFile(books["en"]) as archive:
        styles = archive.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>", styles)
    assert len(fonts) >= 2  # data, bold headers, grey stars
    assert all('<name val="Calibri"' in font for font in fonts), fonts


def test_hidden_values_are_grey_and_right_aligned(books: dict[str, Path]) -> None:
    stars = [
        cell
        for sheet in load(books["en"]).worksheets[1:]  # the Dashboard's tiles align left
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == "*"
    ]
    assert len(stars) > 20
    for cell in stars:
        assert cell.alignment.horizontal == "right", cell.coordinate
        assert cell.font.color is not None and cell.font.color.rgb.endswith("808080")


def test_owners_and_interviewers_are_named(books: dict[str, Path]) -> None:
    book = load(books["en"])
    actions = book["Actions"]
    header = [cell.value for cell in actions[1]]
    owners = [row[header.index("Owner")] for row in actions.iter_rows(min_row=2, values_only=True)]
    numbered = [o for o in owners if isinstance(o, str) and re.search(r"\(E\d+\)$", o)]
    assert numbered, owners
    assert all(re.fullmatch(r"\S.* \(E\d+\)", owner) for owner in numbered), numbered


def test_interviews_headers_wrap_on_a_row_tall_enough(books: dict[str, Path]) -> None:
    from openpyxl.utils import get_column_letter

    for lang, path in books.items():
        if lang == "open":
            continue
        sheet = load(path)[words.REPORT["interview_list"][lang == "zh"]]
        height = sheet.row_dimensions[1].height
        assert height <= 15 * 5 + 3, (lang, height)  # 123 points was a sixth of each page
        for cell in sheet[1]:
            assert cell.alignment.wrap_text, cell.value
            width = sheet.column_dimensions[get_column_letter(cell.column)].width
            lines = -(-display_width(cell.value) // (int(width) - 1))
            assert width >= 8 and 15 * lines <= height, (lang, cell.value, width, height)


def test_the_document_has_a_title(books: dict[str, Path]) -> None:
    for lang, path in books.items():
        if lang == "open":
            continue
        properties = load(path).properties
        assert properties.title == words.REPORT["workbook_title"][lang == "zh"]
        assert properties.creator == "retainkit"


def test_titles_wrap_in_their_columns_on_a_row_tall_enough(books: dict[str, Path]) -> None:
    """A report sheet's titles wrap (at most three lines, measured by display width) so
    its columns are as wide as their values: the whole title shows, the table prints at
    a readable scale."""
    from openpyxl.utils import get_column_letter

    from retainkit.reports.writer import HEADER_LINES, page_lines

    book = load(books["zh"])
    for sheet in book.worksheets[1:-1]:  # report sheets; the list has its own test
        height = sheet.row_dimensions[1].height
        for cell in sheet[1]:
            width = sheet.column_dimensions[get_column_letter(cell.column)].width
            if sheet.column_dimensions[get_column_letter(cell.column)].hidden:
                continue
            if cell.value is None:  # a column kept for the table below (Saves on Cost)
                continue
            assert cell.alignment.wrap_text, (sheet.title, cell.value)
            lines = len(page_lines(cell.value, int(width) - 2))
            assert lines <= HEADER_LINES, (sheet.title, cell.value, width)
            assert height >= 15 * lines, (sheet.title, cell.value, width, height)
            # a word of Latin letters is never broken (Chinese breaks anywhere)
            latin = [w for w in cell.value.split(" ") if display_width(w) == len(w)]
            assert width >= max(map(display_width, latin), default=0) + 2, (sheet.title, cell.value)


def test_rate_changes_read_in_percentage_points(books: dict[str, Path]) -> None:
    sheet = load(books["open"])["Summary"]
    rows = list(sheet.iter_rows(min_row=2, max_row=10))
    rates = [row[3] for row in rows if str(row[0].value).endswith("%")]
    others = [row[3] for row in rows if not str(row[0].value).endswith("%")]
    assert any(isinstance(change.value, float) for change in rates)
    for change in rates:
        if change.value is not None:
            assert change.number_format.startswith('+0.0" pp"'), change.number_format
    assert all("pp" not in change.number_format for change in others)


def test_a_change_in_points_fits_its_column(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = demo_workbook(tmp_path, "points", ("report.min_group", "1"), lang="zh")
    sheet = load_workbook(path)["关键指标对比"]
    widest = max(
        display_width(f"{cell.value:+.1f} 个百分点")
        for (cell,) in sheet.iter_rows(min_row=2, max_row=10, min_col=4, max_col=4)
        if isinstance(cell.value, float) and "个百分点" in cell.number_format
    )
    assert sheet.column_dimensions["D"].width >= widest + 1


def test_the_comments_sheet_prints_no_pages_of_stars(books: dict[str, Path]) -> None:
    """Hidden counts (comments from too few leavers) printed page after page of `*`: a
    department with every count hidden is named in one note line, two or more hidden
    themes of a department shown are one row; no figure appears that was hidden."""
    sheet = load(books["en"])["Comments"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    table = [row for row in rows if row[1] is not None or row[3] is not None]
    stars = [row for row in table if row[3] == "*"]
    departments = {row[0] for row in table}
    assert len(stars) <= len(departments), stars
    notes = [str(row[0]) for row in rows if row[0] and row[1] is None and row[3] is None]
    left_out = [n for n in notes if n.startswith(words.REPORT["groups_left_out"][0])]
    assert len(left_out) == 1, notes
    assert not any(str(row[0]) in departments for row in table if row[0] in left_out[0])
    for row in stars:
        assert row[3] == "*" and not any(isinstance(v, int | float) for v in row)


def test_interview_numbers_stand_apart_from_the_employee_number(books: dict[str, Path]) -> None:
    """Right-aligned, an interview's number ran into the employee number printed beside it
    ("100E1203"); it is centred in its column."""
    for lang, path in books.items():
        if lang == "open":
            continue
        sheet = load(path)[words.REPORT["interview_list"][lang == "zh"]]
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, max_row=6)]
        assert numbers and all(cell.alignment.horizontal == "center" for cell in numbers)


def test_an_empty_table_below_says_there_is_none(books: dict[str, Path]) -> None:
    """The demo records no retention decision: the Cost sheet's Saves table was a header
    over nothing; it says there is none in the range."""
    for lang, path in books.items():
        if lang == "open":
            continue
        sheet = load(path)[words.REPORT["cost"][lang == "zh"]]
        values = [row[0] for row in sheet.iter_rows(values_only=True)]
        saves_header = words.REPORT["chances"][lang == "zh"]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        at = next(n for n, row in enumerate(rows) if saves_header in row)
        assert rows[at + 1][0] == ("范围内没有" if lang == "zh" else "None in the range"), values
