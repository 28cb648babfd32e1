"""The Dashboard, the workbook's first sheet and the page a management meeting reads: the
title, the organisation, the range and the day it was made; the key figures as tiles,
each against the period before and the same period a year before (rates annualised),
the change coloured better or worse, and where the period's figure is hidden, the twelve
months and the year; the last twelve months' trend, each month's rate annualised beside
the trailing-twelve-month rate on one axis; voluntary, involuntary and regrettable
turnover by period; the five most frequent reasons leavers resign for; the definitions and
what `*` means; an index of the other sheets. Printed, it fits one upright page. Its
tables and their charts' plans are in `dashboard_tables`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from retainkit.reports.dashboard_tables import (  # noqa: F401 (kinds_table, trend_months: excel.py)
    KIND_RATES,
    first_year_bases,
    kinds_plot,
    kinds_table,
    monthly,
    top_reasons,
    trend_months,
    trend_plot,
)
from retainkit.reports.model import SUPPRESSED, Options, Report, word
from retainkit.reports.notes import in_language
from retainkit.reports.summary import Figures, Measure
from retainkit.reports.writer import FORMATS, Writer, money_format, page_lines

POINTS_WORD = {"en": " pp", "zh": " 个百分点"}
COLON = {"en": ": ", "zh": "："}
TILES_PER_ROW = 4
TILE_WIDTH = 32.0
"""Four tiles across an upright page: five made the page a third wider than it is tall at
the scale its height allows, and the whole of it printed at 43%."""
LINE_WIDTH = int(TILES_PER_ROW * TILE_WIDTH * 0.95)
"""Characters of a definition's line: as wide as the tiles, so the page is not widened."""
BETTER = "FF2E7D32"
WORSE = "FFC62828"
GREY = "FF595959"
TILE_FILL = "FFF2F2F2"
LOWER_IS_BETTER = frozenset(
    ("total_separations", "annualised_rate", "voluntary_annualised", "regrettable_annualised",
     "first_year_rate", "total_cost", "open_actions", "overdue_actions")
)  # fmt: skip
HIGHER_IS_BETTER = frozenset(("interview_coverage", "enps", "retention_rate", "saves"))
TILE_CM = TILE_WIDTH * 0.254
"""A tile column's width in cm as LibreOffice draws it (a character of width: 0.254 cm)."""
CHART_ROWS = 14
"""Rows a chart under its table takes (its height, 6.5 cm)."""
NOISE_BASE = 10
"""Leavers with a known hire date under which the first-year share's tile shows its count
("0 of 2") and its changes uncoloured: over so few, one person moves it by ten points or
more (the 300-person demo's swung 100% -> 0% on 1 and 2 leavers, coloured as progress)."""
PROVISIONAL = frozenset(("interview_coverage",))
"""Tiles marked † in a period not yet over: its last weeks' leavers may still be
interviewed, so the figure can only rise."""


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
    kinds: Report | None = None
    """`report turnover` by period, for the annualised rates by kind of separation."""
    scope: str = ""
    """The part of the organisation the workbook covers ("" for all of it)."""
    saves: Measure | None = None
    """The Saves tile: leavers kept (`report saves`), after the summary's measures."""


def direction(measure: Measure, change: float | None = None) -> int:
    """+1 where the change (from the period before, or the one given) is better, -1 where
    worse, 0 where neither or unknown."""
    change = measure.change if change is None else change
    if not change:
        return 0
    sign = 1 if change > 0 else -1
    if measure.key in HIGHER_IS_BETTER:
        return sign
    if measure.key in LOWER_IS_BETTER:
        return -sign
    return 0


def right(cell: Any) -> Any:
    """A header cell aligned right, over the right-aligned numbers of its column."""
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(horizontal="right", wrap_text=True, vertical="bottom")
    return cell


def dashboard(writer: Writer, contents: Contents, opts: Options) -> None:
    """Write the Dashboard as the workbook's next sheet (the first, when called first)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from retainkit.reports.writer import FONT

    lang = opts.lang
    widths = [2.0] + [TILE_WIDTH] * TILES_PER_ROW + [10.0] * 4  # the last: charts' sources
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
               fill: bool = False, side: str = "left") -> Any:  # fmt: skip
        """A figure: left in a tile, under its label; right in a table, under its header."""
        if value is None or value is SUPPRESSED:
            shown = "*" if value is SUPPRESSED else "–"
            cell = text(shown, size=size, bold=bold, color=GREY, fill=fill)
            cell.alignment = Alignment(horizontal=side)
            return cell
        cell = WriteOnlyCell(sheet, value=value / 100 if kind == "rate" else value)
        cell.number_format = money_format(writer.currency) if kind == "money" else FORMATS.get(
            kind, "General")  # fmt: skip
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=side)
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
    if contents.scope:
        add([None, text(contents.scope, size=13, bold=True)])
    made = (
        f"{word('range', lang)} {found.start} – {found.end} · {word('made_on', lang)} {opts.today}"
    )
    add([None, text(made, color=GREY)])
    add([])
    against = f"{found.this_period}"
    others = [p for p in (found.previous_period, found.year_ago) if p]
    if others:
        joined = {"en": " and ", "zh": "、"}[lang].join(others)
        against += f" {word('against', lang)} {joined}"
    add([None, text(f"{word('key_figures', lang)}{COLON[lang]}{against}", size=13, bold=True)])
    add([None, text(word("annualised_note", lang), color=GREY)])
    measures = list(found.measures) + ([contents.saves] if contents.saves else [])
    bases = first_year_bases(contents.kinds)
    now, before = bases.get(found.this_period), bases.get(found.previous_period or "")
    provisional = bool(opts.spans) and opts.spans[-1].partial

    def value(m: Measure) -> Any:
        cell = number(m.this_period, m.kind, size=18, bold=True, fill=True)
        if not isinstance(m.this_period, int | float):
            return cell
        if m.key == "first_year_rate" and now is not None and now[1] < NOISE_BASE:
            counted = word("of_count", lang).format(n=now[0], base=now[1])
            cell.number_format = f'{cell.number_format}"{counted}"'
        if m.key in PROVISIONAL and provisional:
            cell.number_format = f'{cell.number_format}" †"'
        return cell

    def noisy(m: Measure, other: tuple[int, int] | None) -> bool:
        """A share over a handful of leavers: its change is shown, never coloured."""
        if m.key != "first_year_rate":
            return False
        return any(b is None or b[1] < NOISE_BASE for b in (now, other))

    for start in range(0, len(measures), TILES_PER_ROW):
        band = measures[start : start + TILES_PER_ROW]
        add([None] + [text(word(m.key, lang), color=GREY, fill=True) for m in band])
        add([None] + [value(m) for m in band], 26)
        # the periods are named in the heading: short labels keep each line in its tile
        previous = word("previous_period", lang) if found.previous_period else None
        ago = word("year_ago", lang) if found.year_ago else None
        add([None] + [_versus(m, previous, m.previous_period, m.change, lang, text,
                              noisy(m, before)) for m in band])  # fmt: skip
        add([None] + [_versus(m, ago, m.year_ago, m.change_year, lang, text, noisy(m, None))
                      for m in band])  # fmt: skip
        if any(m.ttm is not None or m.year is not None for m in band):
            for which in (0, 1):
                add([None] + [_wider(m, found, which, lang, text) for m in band])
        add([])
    trend = monthly(contents.trend, opts) if contents.trend is not None else None
    if trend is not None and trend.rows:
        # Its chart goes beside the kinds' chart, under the kinds' table: two charts of
        # two tiles' width side by side, where one beside its table had a tile's width.
        after = 3 + len(contents.kinds.rows) if contents.kinds and contents.kinds.rows else 1
        at = f"{_letter(2 + TILES_PER_ROW // 2)}{rows + len(trend.rows) + 3 + after}"
        rows = _chart_table(trend, trend_plot(lang), "trend", writer, sheet, lang, rows, add,
                            text, anchor=at, axis=word("annualised", lang))  # fmt: skip
    if contents.kinds is not None and contents.kinds.rows:
        rows = _chart_table(contents.kinds, kinds_plot(lang), "by_kind", writer, sheet, lang,
                            rows, add, text)  # fmt: skip
    add([None, text(word("top_reasons", lang), size=13, bold=True)])
    top = top_reasons(contents.reasons, lang)
    if top:
        add(
            [None, text(word("reason", lang), bold=True)]
            + [right(text(word(k, lang), bold=True)) for k in ("separations", "share")]
        )
    for reason, total, share in top:
        add([None, text(reason), number(total, "count", side="right"),
             number(share, "rate", side="right")])  # fmt: skip
    if not top:
        sheet_name = word("reasons_by_period", lang)
        line = word("none_shown", lang).format(n=opts.min_group, sheet=sheet_name)
        for part in page_lines(line, LINE_WIDTH):
            add([None, text(part, color=GREY)])
    add([])
    add([None, text(word("definitions", lang), size=13, bold=True)])
    hidden = word("hidden_meaning", lang).format(n=opts.min_group)
    notes = [in_language(note, lang) for note in contents.definitions] + [hidden]
    if provisional and any(isinstance(m.this_period, int | float) for m in measures
                           if m.key in PROVISIONAL):  # fmt: skip
        notes.append(word("provisional", lang))
    for note in notes:
        for line in page_lines(note, LINE_WIDTH):
            add([None, text(line, color=GREY)])
    add([])
    add([None, text(word("sheets_index", lang), size=13, bold=True)])
    names = list(contents.sheets)
    for start in range(0, len(names), TILES_PER_ROW):
        add([None] + [text(name) for name in names[start : start + TILES_PER_ROW]])
    # What prints: the tiles' columns. The charts' hidden sources are no part of the page
    # (printed, their text ran on past the hidden columns and widened it by a third).
    sheet.print_area = f"A1:{_letter(TILES_PER_ROW + 1)}{rows}"


def _chart_table(report: Report, planner: Any, title: str, writer: Writer, sheet: Any,
                 lang: str, rows: int, add: Any, text: Any, *,
                 anchor: str | None = None, axis: str | None = None) -> int:  # fmt: skip
    """A table under its title (columns B on) and its chart under it (or at `anchor`), drawn
    from hidden copies of the plotted columns (gaps where a value is hidden), its value axis
    titled `axis` if given, padded to the chart's height; the row reached."""
    from retainkit.reports.charts import draw, marked, plotted

    add([None, text(word(title, lang), size=13, bold=True)])
    rows += 1
    header = rows + 1
    plot = planner(report)
    hidden = TILES_PER_ROW + 2
    series = [report.column(key) for key in plot.series] if plot is not None else []
    titles = [None] + [
        text(c.title(lang), bold=True)
        if c.kind == "text"
        else right(text(c.title(lang), bold=True))
        for c in report.columns
    ]
    titles += [None] * (hidden - 1 - len(titles))
    copies = [c.title(lang) for c in series]  # the hidden copies' titles, the labels' last
    add([*titles, *copies, *([report.column(plot.category).title(lang)] if plot else [])])
    rows += 1
    for number, row in enumerate(report.rows):
        line = [None] + [writer.cell(sheet, row.get(c.key), c.kind) for c in report.columns]
        line += [None] * (hidden - 1 - len(line))
        if plot is not None and plot.first <= number <= plot.last:
            line += [writer.rate_cell(sheet, plotted(row.get(c.key), "rate")) for c in series]
            line.append(writer.clean(sheet, marked(row, plot)))
        add(line)
        rows += 1
    if plot is not None:  # two tiles wide
        chart = draw(sheet, report, plot, hidden, lang, top=header, left=1,
                     anchor=anchor or f"B{rows + 1}", size=(2 * TILE_CM - 0.3, 6.5))  # fmt: skip
        if axis:
            chart.y_axis.title = axis
    if anchor is not None:  # drawn beside another chart: no rows of its own
        add([])
        return rows + 1
    end = rows + 1 + CHART_ROWS
    while rows < end:
        add([])
        rows += 1
    return rows


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _versus(measure: Measure, label: str | None, before: Any, change: float | None,
            lang: str, text: Any, noisy: bool = False) -> Any:  # fmt: skip
    """A tile's line against another period: its value and the change, coloured unless
    `noisy` (a share of a handful of leavers, which one person moves by tens of points)."""
    if label is None:
        return text("", fill=True)
    line = f"{label}{COLON[lang]}{_shown(before, measure.kind)}"
    if change is not None:
        unit = POINTS_WORD[lang] if measure.kind == "rate" else ""
        kind = "number" if measure.kind == "rate" else measure.kind
        line += f" ({'+' if change > 0 else ''}{_shown(change, kind)}{unit})"
    better = direction(measure, change) if change and not noisy else 0
    color = {1: BETTER, -1: WORSE}.get(better, GREY)
    return text(line, color=color, fill=True)


def _wider(measure: Measure, found: Figures, which: int, lang: str, text: Any) -> Any:
    """Where the period's value is hidden, the twelve months' (`which` 0) or the year's."""
    label, value = ((found.ttm, measure.ttm), (found.year, measure.year))[which]
    if not label or value is None:
        return text("", fill=True)
    return text(f"{label}{COLON[lang]}{_shown(value, measure.kind)}", color=GREY, fill=True)


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
