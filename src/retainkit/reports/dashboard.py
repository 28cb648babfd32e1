"""The Dashboard, the workbook's first sheet and the page a management meeting reads: the
title, the organisation, the range and the day it was made; the key figures as tiles,
each against the period before with the change coloured better or worse; the five most
frequent reasons; the definitions and what `*` means; an index of the other sheets.
Printed, it fits one page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from retainkit.reports.model import SUPPRESSED, Options, Report, word
from retainkit.reports.notes import in_language
from retainkit.reports.summary import Figures, Measure
from retainkit.reports.writer import FORMATS, Writer

POINTS_WORD = {"en": " pp", "zh": " 个百分点"}
COLON = {"en": ": ", "zh": "："}
TILES_PER_ROW = 5
TILE_WIDTH = 30.0
LINE_WIDTH = int(TILES_PER_ROW * TILE_WIDTH * 0.95)
"""Characters of a definition's line: as wide as the tiles, so the page is not widened."""
BETTER = "FF2E7D32"
WORSE = "FFC62828"
GREY = "FF595959"
TILE_FILL = "FFF2F2F2"
LOWER_IS_BETTER = frozenset(
    ("total_separations", "turnover_rate", "voluntary_rate", "regrettable_rate", "total_cost",
     "open_actions")
)  # fmt: skip
HIGHER_IS_BETTER = frozenset(("interview_coverage", "enps", "saves"))
"""Which way a change is good; the rest (average headcount) are neither."""


@dataclass(frozen=True)
class Contents:
    """What the Dashboard shows, gathered while the workbook is made."""

    figures: Figures
    reasons: Report
    """`report reasons` for the range, its coded primary rows most frequent first."""
    definitions: Sequence[str]
    """Notes that define the figures (in English, as the reports write them)."""
    sheets: Sequence[str]
    """The other sheets' names, in order."""
    organisation: str
    """The `report.organisation` setting; empty when not set."""
    trend: Report | None = None
    """`report turnover` by month over the last twelve months of the range."""
    saves: Measure | None = None
    """The Saves tile: leavers kept (`report saves`), after the summary's measures."""


def page_lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns (a Chinese character takes two), broken
    at a space where there is one: a long definition printed as several rows that fit the
    page instead of one row that makes the whole page shrink to fit it."""
    from retainkit.reports.writer import display_width

    lines: list[str] = []
    line = ""
    for word_ in text.split(" "):
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
    if line:
        lines.append(line)
    return lines


def direction(measure: Measure) -> int:
    """+1 where the change is better, -1 where worse, 0 where neither or unknown."""
    if not measure.change:
        return 0
    sign = 1 if measure.change > 0 else -1
    if measure.key in HIGHER_IS_BETTER:
        return sign
    if measure.key in LOWER_IS_BETTER:
        return -sign
    return 0


def top_reasons(report: Report, lang: str, count: int = 5) -> list[tuple[str, Any, Any]]:
    """(reason, separations, share of all separations in %) of the most frequent primary
    reasons with a shown total; hidden figures as SUPPRESSED."""
    primary = word("primary", lang)
    everyone = word("all_separations", lang)
    rows = [r for r in report.rows if r.get("type") == primary]
    coded = [r for r in rows if r.get("code") and isinstance(r.get("total"), int | float)]
    whole = next((r.get("total") for r in rows if r.get("reason") == everyone), None)
    found = []
    for row in sorted(coded, key=lambda r: -r["total"])[:count]:
        share: Any = SUPPRESSED
        if isinstance(whole, int | float) and whole:
            share = round(row["total"] / whole * 100, 1)
        found.append((str(row.get("reason")), row["total"], share))
    return found


def dashboard(writer: Writer, contents: Contents, opts: Options) -> None:
    """Write the Dashboard as the workbook's next sheet (the first, when called first)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from retainkit.reports.writer import FONT

    lang = opts.lang
    widths = [2.0] + [TILE_WIDTH] * TILES_PER_ROW + [10.0]  # the last: the trend chart's source
    sheet = writer.sheet("dashboard", widths, one_page=True, hidden_after=TILES_PER_ROW + 1)

    def text(value: str, *, size: float = 11, bold: bool = False, color: str | None = None,
             fill: bool = False, wrap: bool = False) -> Any:  # fmt: skip
        cell = WriteOnlyCell(sheet, value=writer.clean(sheet, value))
        cell.font = Font(name=FONT, size=size, bold=bold, color=color)
        if fill:
            cell.fill = PatternFill("solid", fgColor=TILE_FILL)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def number(value: Any, kind: str, *, size: float = 11, bold: bool = False,
               fill: bool = False) -> Any:  # fmt: skip
        if value is None or value is SUPPRESSED:
            shown = "*" if value is SUPPRESSED else "–"
            cell = text(shown, size=size, bold=bold, color=GREY, fill=fill)
            cell.alignment = Alignment(horizontal="left")
            return cell
        cell = WriteOnlyCell(sheet, value=value / 100 if kind == "rate" else value)
        cell.number_format = FORMATS.get(kind, "General")
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal="left")
        if fill:
            cell.fill = PatternFill("solid", fgColor=TILE_FILL)
        return cell

    found = contents.figures
    rows = 0

    def add(cells: list[Any], height: float | None = None) -> None:
        nonlocal rows
        rows += 1
        if height is not None:
            sheet.row_dimensions[rows].height = height
        sheet.append(cells)

    add([None, text(word("workbook_title", lang), size=20, bold=True)], 30)
    if contents.organisation:
        add([None, text(contents.organisation, size=14)])
    made = (
        f"{word('range', lang)} {found.start} – {found.end} · {word('made_on', lang)} {opts.today}"
    )
    add([None, text(made, color=GREY)])
    add([])
    against = f"{found.this_period}"
    if found.previous_period:
        against += f" {word('against', lang)} {found.previous_period}"
    add([None, text(f"{word('key_figures', lang)}{COLON[lang]}{against}", size=13, bold=True)])
    measures = list(found.measures) + ([contents.saves] if contents.saves else [])
    for start in range(0, len(measures), TILES_PER_ROW):
        band = measures[start : start + TILES_PER_ROW]
        add([None] + [text(word(m.key, lang), color=GREY, fill=True) for m in band])
        add([None] + [number(m.this_period, m.kind, size=18, bold=True, fill=True)
                      for m in band], 26)  # fmt: skip
        add([None] + [_versus(m, found, lang, text) for m in band])
        add([])
    add([None, text(word("top_reasons", lang), size=13, bold=True)])
    add([None] + [text(word(k, lang), bold=True) for k in ("reason", "separations",
                                                                   "share")])  # fmt: skip
    for reason, total, share in top_reasons(contents.reasons, lang):
        add([None, text(reason), number(total, "count"), number(share, "rate")])
    add([])
    if contents.trend is not None and contents.trend.rows:
        rows = _trend(contents.trend, writer, sheet, lang, rows, add, text)
    add([])
    add([None, text(word("definitions", lang), size=13, bold=True)])
    hidden = word("hidden_meaning", lang).format(n=opts.min_group)
    for note in [in_language(note, lang) for note in contents.definitions] + [hidden]:
        for line in page_lines(note, LINE_WIDTH):
            add([None, text(line, color=GREY)])
    add([])
    add([None, text(word("sheets_index", lang), size=13, bold=True)])
    names = list(contents.sheets)
    for start in range(0, len(names), TILES_PER_ROW):
        add([None] + [text(name) for name in names[start : start + TILES_PER_ROW]])


def _trend(report: Report, writer: Writer, sheet: Any, lang: str, rows: int, add: Any,
           text: Any) -> int:  # fmt: skip
    """The monthly turnover table (month, separations, rate) and its line chart beside it,
    drawn from a hidden copy of the rates (gaps where a rate is hidden); the row reached."""
    from retainkit.reports.charts import draw, plotted, turnover_plot

    add([None, text(word("trend", lang), size=13, bold=True)])
    rows += 1
    header = rows + 1
    plot = turnover_plot(lang)(report)
    hidden = TILES_PER_ROW + 2
    titles = [None] + [text(c.title(lang), bold=True) for c in report.columns]
    titles += [None] * (hidden - 1 - len(titles))
    add([*titles, report.column("turnover_rate").title(lang)])  # the hidden copy's title
    rows += 1
    for number, row in enumerate(report.rows):
        line = [None] + [writer.cell(sheet, row.get(c.key), c.kind) for c in report.columns]
        line += [None] * (hidden - 1 - len(line))
        if plot is not None and plot.first <= number <= plot.last:
            value = plotted(row.get("turnover_rate"), "rate")
            line.append(writer.rate_cell(sheet, value))
        add(line)
        rows += 1
    if plot is not None:
        draw(sheet, report, plot, hidden, lang, top=header, left=1,
             anchor=f"{_letter(len(report.columns) + 3)}{header}", size=(11.0, 6.5))  # fmt: skip
    return rows


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _versus(measure: Measure, found: Figures, lang: str, text: Any) -> Any:
    """The tile's last line: the previous period's value and the change, coloured."""
    if found.previous_period is None:
        return text("", fill=True)
    before = measure.previous_period
    line = f"{found.previous_period}{COLON[lang]}{_shown(before, measure.kind)}"
    if measure.change is not None:
        unit = POINTS_WORD[lang] if measure.kind == "rate" else ""
        kind = "number" if measure.kind == "rate" else measure.kind
        line += f" ({'+' if measure.change > 0 else ''}{_shown(measure.change, kind)}{unit})"
    color = {1: BETTER, -1: WORSE}.get(direction(measure), GREY)
    return text(line, color=color, fill=True)


def _shown(value: Any, kind: str) -> str:
    """A figure as a tile's text: whole numbers for counts and money, one decimal else."""
    if value is SUPPRESSED:
        return "*"
    if value is None:
        return "–"
    if kind == "rate":
        return f"{value:.1f}%"
    if kind in ("count", "money"):
        return f"{value:,.0f}"
    return f"{value:,.1f}"
