"""How big a report sheet's cells are and where its chart goes: column widths by display
width (a Chinese character takes two), titles wrapped over up to three lines so a column
is as wide as its values, notes wrapped within the table's width on rows tall enough, and
a chart under a table too wide to have it beside."""

from __future__ import annotations

import unicodedata
from typing import Any

from retainkit.reports.charts import Plot, chart_size
from retainkit.reports.model import Column, Report


def kind_of(row: dict[str, Any], column: Column) -> str:
    """How a cell reads: its column's kind, or for a "mixed" column the row's own
    (`_kind`, or `_kind_<column>` where one column of the row differs)."""
    if column.kind != "mixed":
        return column.kind
    return str(row.get(f"_kind_{column.key}", row["_kind"]))


def display_width(text: str) -> int:
    """How many character cells `text` takes on screen: wide (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


CHAR_CM = 0.254
"""A character of column width in cm as LibreOffice prints it at 100%."""
PAGE_CHARS = 27.7 / CHAR_CM
PAGE_HEIGHT = 18.0
"""Landscape A4 between the margins (cm): across, in characters; down."""
ROW_CM = 0.53
"""A row of 15 points in cm."""
LINE_HEIGHT = 15.0
"""Points a line of 11-point text takes in a row."""
HEADER_LINES = 3
"""A report sheet's header wraps over at most this many lines: its columns are as wide as
their values, not their titles (the Turnover sheet's twenty titles in one line each made
its table too wide to print at a readable scale)."""


def page_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a Chinese character takes two), broken
    at a space where there is one, at each line break it has: what a wrapped cell shows."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word_ in paragraph.split(" "):
            candidate = f"{line} {word_}" if line else word_
            if display_width(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word_:  # a word (or a run of Chinese) longer than a line
                if display_width(line + char) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def note_width(widths: list[float]) -> int:
    """Characters of a wrapped line in cells this wide, all told (a letter of running text
    is narrower than the digit a column's width counts, but capitals are wider: a margin)."""
    return max(int(sum(widths) * 0.92) - 2, 8)


def header_height(titles: list[str], widths: list[float]) -> float:
    """The header row's height: each title wrapped in its column."""
    lines = max(
        [len(page_lines(t, max(int(w) - 2, 1))) for t, w in zip(titles, widths, strict=False)] + [1]
    )
    return LINE_HEIGHT * lines + 3


def chart_row(report: Report, plot: Plot, widths: list[float], below: Report | None) -> int | None:
    """The row a chart goes at under its table when the page then prints larger than with
    the chart beside it (a wide table: Turnover's twenty columns) and table, notes and
    chart still fit on the first page; None: beside the table, on the second row."""
    table = sum(widths)
    chart_width, chart_height = chart_size(plot)
    beside = min(1.0, PAGE_CHARS / (table + chart_width / CHAR_CM))
    under = min(1.0, PAGE_CHARS / table)
    above = HEADER_LINES + len(report.rows) + 2 * len(report.notes) + 2  # rows, notes: 2 lines
    fits = (above * ROW_CM + chart_height + 1) * under <= PAGE_HEIGHT
    if below is not None or under < beside + 0.05 or not fits:
        return None
    return len(report.rows) + 1 + (1 + len(report.notes)) * bool(report.notes) + 2


def _title_width(title: str) -> int:
    """The narrowest column (in characters) that shows `title` in HEADER_LINES lines; a
    word of Latin letters is never broken, Chinese breaks anywhere."""
    words_ = [w for w in title.split(" ") if all(display_width(ch) == 1 for ch in w)]
    width = max([display_width(w) for w in words_] + [-(-display_width(title) // HEADER_LINES)])
    while len(page_lines(title, width)) > HEADER_LINES:
        width += 1
    return width


def column_width(column: Column, report: Report, lang: str) -> float:
    suffix = {"en": " pp", "zh": " 个百分点"}[lang if lang == "zh" else "en"]
    longest = max(
        [_title_width(column.title(lang))]
        + [
            display_width(_shown(row.get(column.key)))
            + (display_width(suffix) + 1) * (kind_of(row, column) == "points")
            for row in report.rows[:500]
        ]
    )
    return float(min(max(longest + 2, 8), 60))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
