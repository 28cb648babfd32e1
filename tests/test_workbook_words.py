"""A Chinese workbook is Chinese throughout: no title, label, code word, reason, question
or note of retainkit's in English (the people's own data, departments and free text,
stays as written; so do the taxonomy's codes in the reasons sheets' Code column)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from retainkit.base import words
from retainkit.reports.notes import in_language
from tests.test_workbook_charts import demo_workbook

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("words")
    return {
        lang: demo_workbook(root / f"{lang}-{n}", lang, ("report.min_group", n), lang=lang)
        for lang in ("en", "zh")
        for n in ("1",)
    } | {"zh-hidden": demo_workbook(root / "zh-hidden", "zh-hidden", lang="zh")}


def catalogue() -> set[str]:
    """retainkit's own English words: labels, codes as words, reasons, questions, choices."""
    from retainkit.core.questionnaires.loading import load_text
    from retainkit.core.reasons import taxonomy

    found = {english for table in (words.REPORT, words.CODES, words.INTERVIEW)
             for english, _ in table.values()}  # fmt: skip
    found |= {reason.label("en") for reason in taxonomy().values()}
    folder = Path(words.__file__).resolve().parent.parent / "questionnaires"
    for source in folder.glob("*.toml"):
        if source.stem == "reasons":
            continue
        for question in load_text(source.read_text()).questions:
            found.add(question.text("en"))
            found |= {choice.label("en") for choice in question.choices}
    return {text for text in found if text and not text.isdigit() and text != "eNPS"}


def notes(path: Path) -> set[str]:
    """The notes below each report table: rows of one cell, in column A, after the first
    blank row (a small table below, like the Cost sheet's saves, has rows of several)."""
    from openpyxl import load_workbook

    found = set()
    for sheet in load_workbook(path).worksheets[:-1]:
        below = False
        for row in sheet.iter_rows(values_only=True):
            if all(value is None for value in row):
                below = True
            elif below and isinstance(row[0], str) and all(v is None for v in row[1:]):
                found.add(row[0])
    return found


def texts(path: Path) -> list[tuple[str, str, Any]]:
    """(sheet, header, text) of every text cell; not the reasons' Code column."""
    from openpyxl import load_workbook

    code = words.REPORT["code"][1]
    found = []
    for sheet in load_workbook(path).worksheets:
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(values_only=True):
            for title, value in zip(header, row, strict=False):
                if isinstance(value, str) and title != code:
                    found.append((sheet.title, title, value))
    return found


def test_every_note_has_its_chinese(books: dict[str, Path]) -> None:
    english, chinese = notes(books["en"]), notes(books["zh"])
    assert len(english) >= 8 and len(chinese) == len(english)
    assert not english & chinese
    translated = {in_language(note, "zh") for note in english}
    # written in Chinese at once: the Summary's, the Comments sheet's departments left out,
    # the Cost sheet's range (期间：…), an empty Saves table's 范围内没有
    assert len(chinese - translated) <= 4


@pytest.mark.parametrize("which", ["zh", "zh-hidden"])
def test_the_chinese_workbook_holds_no_english_of_retainkits_own(
    which: str, books: dict[str, Path]
) -> None:
    english = catalogue() | notes(books["en"])
    shown = texts(books[which])
    assert len(shown) > 500
    left = sorted({(sheet, value) for sheet, _, value in shown if value in english})
    assert not left, left[:20]
    # Nor inside a longer cell: "维度: conditions", "dimension: ...".
    phrases = [text for text in english if " " in text or "_" in text]
    inside = sorted({(s, v) for s, _, v in shown for p in phrases if p in v and v != p})
    assert not inside, inside[:20]
    assert not [v for _, _, v in shown if v.startswith(("dimension", "question"))]


@pytest.mark.parametrize(
    ("note", "figures"),
    [
        ("3 salaries were imported as monthly pay and made yearly (2 × 12 months, 1 × 13 months;"
         " setting salary.months_per_year).", ["3 ", "2 × 12", "1 × 13"]),
        ("4 leavers have no hire date: first-year figures leave them out, and are blank where no "
         "leaver's hire date is known.", ["4 "]),
        ("12 verified separations from 2026-01-01 to 2026-11-30; the stated and verified primary "
         "reasons agree for 9 (75.0%).", ["12", "2026-01-01", "2026-11-30", "9", "75.0%"]),
    ],
)  # fmt: skip
def test_notes_the_demo_does_not_show_have_their_chinese_too(note: str, figures: list[str]) -> None:
    chinese = in_language(note, "zh")
    assert chinese != note and all(figure in chinese for figure in figures), chinese
    # English words, not the setting names (salary.months_per_year) a reader types
    assert not any(w in chinese for w in ("monthly", " months", "salaries", "leavers", "verified"))


def test_a_questionnaire_is_named_by_its_title_and_version() -> None:
    from retainkit.base.workbook_words import questionnaire_label

    assert questionnaire_label("离职面谈", 2, "zh") == "离职面谈（第 2 版）"
    assert questionnaire_label("Exit interview", 2, "en") == "Exit interview (version 2)"


def test_the_chinese_workbook_names_questionnaires_not_their_keys(
    books: dict[str, Path],
) -> None:
    import re

    key = re.compile(r"^(exit|stay|followup-first|followup-mid)( v\d+$| · )")
    named = sorted({(sheet, value) for sheet, _, value in texts(books["zh"]) if key.match(value)})
    assert not named, named[:5]


def test_the_chinese_sheets_name_themes_kinds_and_the_summary_in_chinese(
    books: dict[str, Path],
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(books["zh"])
    assert "关键指标对比" in book.sheetnames and "概览" not in book.sheetnames
    comments = book["留言"]
    header = [c.value for c in comments[1]]
    assert "代码" not in header  # a theme's code is an English key
    kinds = {row[1] for row in book["主动与被动离职"].iter_rows(min_row=2, values_only=True)}
    assert "   辞退" in kinds and "被动离职合计" in kinds
    quoted = [n for n in notes(books["zh"]) if "retainkit " in n]
    assert quoted and all("命令 retainkit" in n for n in quoted), quoted
