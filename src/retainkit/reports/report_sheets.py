"""What goes on the workbook's report sheets, worked out from one snapshot (by a worker
of `reports.workers` while the interview list is written, or in the export's own process),
and the writing of it: the Dashboard and the Summary, then every report on a sheet of its
own with native charts, then the Comments sheet. Worked out, it is only data (reports,
chart plans, texts), so it can cross from one process to another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from retainkit.reports.charts import Plot, by_frequency, cost_plot, reasons_plot, turnover_plot
from retainkit.reports.comments_sheet import CommentsPart, comments_part, write_comments
from retainkit.reports.model import Options, Report, word
from retainkit.reports.periods import trailing_and_year, whole, year_before
from retainkit.reports.sheet_tables import kinds_sheet, one_period, scores_sheet
from retainkit.reports.summary import REPORTS, figures, summary

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.reports.charts import Planner
    from retainkit.reports.dashboard import Contents
    from retainkit.reports.writer import Writer


class Planned:
    """A chart already planned for its report (a Plot, or None where nothing can be
    charted), standing in for the planner that made it."""

    def __init__(self, plot: Plot | None) -> None:
        self.plot = plot

    def __call__(self, report: Report) -> Plot | None:
        return self.plot


@dataclass(frozen=True)
class ReportSheet:
    """A report on a sheet of its own, with its chart and the table that goes below it."""

    key: str
    report: Report
    chart: Planned | None = None
    below: Report | None = None


@dataclass(frozen=True)
class ReportSheets:
    """Everything the report sheets show, in order."""

    currency: str
    dashboard: Contents
    sheets: list[ReportSheet]
    comments: CommentsPart


def write_report_sheets(writer: Writer, plan: ReportSheets, opts: Options) -> None:
    """Write the report sheets (before the interview list, when it is written already)."""
    from retainkit.reports.dashboard import dashboard

    writer.currency = plan.currency
    dashboard(writer, plan.dashboard, opts)
    for part in plan.sheets:
        sheet = writer.report(part.key, part.report, part.chart, below=part.below)
        if part.below is not None:
            writer.table_below(sheet, part.below)
    write_comments(writer, plan.comments, opts.lang)


def report_sheets(
    session: Session, opts: Options, pseudonym: Callable[[str], str] | None
) -> ReportSheets:
    """What the report sheets show, read in `session`; stored codes as words."""
    from retainkit.reports import build

    def make(name: str, by: str | None = None, spans: Any = None, **extra: Any) -> Report:
        spans = spans or opts.spans  # a report's range is its periods'
        start, end = spans[0].start, spans[-1].end
        chosen = replace(opts, by=by, spans=spans, start=start, end=end)
        return build.report(session, name, chosen, pseudonym, **extra)

    return _sheets(session, opts, make, opts.lang, pseudonym)


def _planned(report: Report, planner: Planner) -> Planned:
    return Planned(planner(report) if report.rows else None)


def _sheets(
    session: Any,
    opts: Options,
    make: Callable[..., Report],
    lang: str,
    pseudonym: Callable[[str], str] | None,
) -> ReportSheets:
    from retainkit.core.settings import load_settings
    from retainkit.reports.actions import actions
    from retainkit.reports.dashboard import Contents, kinds_table, trend_months
    from retainkit.reports.saves import saves_measure

    turnover, cost = make("turnover"), make("cost")
    coverage, scores = make("interviews"), make("scores")

    def over(span: Any) -> dict[str, Report]:
        return {name: make(name, None, [span]) for name in REPORTS}

    def wider() -> tuple[dict[str, Report], dict[str, Report]]:
        ttm, year = trailing_and_year(opts.spans[-1], lang)
        return over(ttm), over(year)

    year_ago = over(year_before(opts.spans[-1], lang))
    found = figures(session, opts, turnover=turnover, cost=cost, interviews=coverage,
                    scores=scores, year_ago=year_ago, wider=wider)  # fmt: skip
    reasons = by_frequency(make("reasons"))
    whole_range = [whole(opts.start, opts.end)]
    by_department = one_period(make("cost", "department", whole_range), lang)
    definitions = [n for n in turnover.notes + by_department.notes[:1] if not n.startswith("*")]
    sheets = [word(key, lang) for key in SHEETS]
    settings = load_settings(session)
    trend = _subset(make("turnover", None, trend_months(opts)), TREND)
    kinds = kinds_table(turnover, lang)
    scope = opts.scope.label if opts.scope else ""
    if opts.scope is not None and opts.scope.kind == "manager" and pseudonym is not None:
        scope = f"{word('organisation_of', lang)}: {pseudonym(opts.scope.value)}"
    contents = Contents(
        found, reasons, definitions, sheets, settings.organisation, trend, kinds, scope
    )
    saved = make("saves")
    contents = replace(contents, saves=saves_measure(saved, opts))
    parts = [
        ReportSheet("summary", summary(found, opts)),
        ReportSheet("reasons_by_period", reasons, _planned(reasons, reasons_plot(lang))),
    ]
    for by in ("department", "manager", "level"):
        parts.append(
            ReportSheet(f"reasons_by_{by}", _words(by_frequency(make("reasons", by)), lang))
        )
    parts.append(ReportSheet("voluntary", kinds_sheet(make("turnover", "kind"), turnover, lang)))
    regret = make("turnover", "department")
    regret_keys = ("period", "department", "separations", "regrettable", "regrettable_rate")
    parts.append(ReportSheet("regrettable_sheet", _subset(regret, regret_keys)))
    parts.append(ReportSheet("turnover", turnover, _planned(turnover, turnover_plot(lang))))
    span = whole_range[0].label
    by_department = _range_note(by_department, span, lang)
    cost_chart = _planned(by_department, cost_plot(lang, "department", span))
    parts.append(ReportSheet("cost", by_department, cost_chart, below=saved))
    parts.append(ReportSheet("scores", _scores(session, scores, lang)))
    owners = pseudonym or _people_names(session)
    items = actions(session, replace(opts, by=None), owners)
    parts.append(ReportSheet("actions", one_period(_words(items, lang), lang)))
    parts.append(ReportSheet("followups", one_period(_words(make("followups"), lang), lang)))
    parts.append(ReportSheet("coverage_sheet", one_period(coverage, lang)))
    comments = comments_part(session, opts, pseudonym)
    return ReportSheets(settings.currency, contents, parts, comments)


SHEETS = (
    "summary", "reasons_by_period", "reasons_by_department", "reasons_by_manager",
    "reasons_by_level", "voluntary", "regrettable_sheet", "turnover", "cost", "scores",
    "actions", "followups", "coverage_sheet", "comments_sheet", "interview_list",
)  # fmt: skip
"""The sheets after the Dashboard, in order, as its index lists them."""
CODED = ("kind", "level", "type", "item")
"""Columns of report sheets whose values may be stored codes (kinds, levels, dimensions)."""


def _words(report: Report, lang: str) -> Report:
    """The report with stored codes in its CODED columns as words in `lang`; other values
    (departments, names, reasons already in words) unchanged."""
    from retainkit.base.words import code_word

    keys = [c.key for c in report.columns if c.key in CODED]
    rows = [
        row | {k: code_word(row[k], lang) for k in keys if isinstance(row.get(k), str)}
        for row in report.rows
    ]
    return replace(report, rows=rows)


def _question_names(session: Any, report: Report, lang: str) -> Report:
    """The scores report with each question's key as the question's text in `lang`, from
    the newest exit questionnaire that asks it."""
    from sqlalchemy import select

    from retainkit.core.questionnaires.loading import load_text
    from retainkit.storage.models import QuestionnaireVersion

    sources = session.execute(
        select(QuestionnaireVersion.source)
        .where(QuestionnaireVersion.key == "exit")
        .order_by(QuestionnaireVersion.version)
    ).scalars()
    texts: dict[str, str] = {}
    for source in sources:  # newer versions last: their wording wins
        texts |= {q.key: q.text(lang) for q in load_text(source).questions}
    question = word("question", lang)
    rows = [
        row | {"item": texts.get(row["item"], row["item"])}
        if row.get("type") == question and isinstance(row.get("item"), str)
        else row
        for row in report.rows
    ]
    return replace(report, rows=rows)


def _people_names(session: Any) -> Callable[[str], str]:
    """Names an action item's owner as "name (employee number)": recorded by employee
    number, or by the name of exactly one person of the organisation; any other owner
    ("Head of People") as recorded."""
    from sqlalchemy import select

    from retainkit.storage.models import ActionItem, Person

    owners = select(ActionItem.owner).where(ActionItem.owner.is_not(None)).distinct()
    query = select(Person.employee_no, Person.name).where(
        Person.employee_no.in_(owners) | Person.name.in_(owners)
    )
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for number, name in session.execute(query):
        names[number] = f"{name} ({number})"
        counts[name] = counts.get(name, 0) + 1
        names.setdefault(f"name:{name}", f"{name} ({number})")

    def owner(recorded: str) -> str:
        if recorded in names:
            return names[recorded]
        if counts.get(recorded) == 1:
            return names[f"name:{recorded}"]
        return recorded

    return owner


def _scores(session: Any, scores: Report, lang: str) -> Report:
    """The Scores sheet: dimensions and kinds of row as words, questions as their text,
    one eNPS row, a period whose every figure is hidden as one line."""
    from retainkit.base.words import code_word
    from retainkit.reports.scores import nps_questions

    enps = {key for _, key in nps_questions(session, "exit")}
    dimension = word("dimension", lang)

    def named(item: str) -> str:
        text = code_word(item, lang)
        return text[:1].upper() + text[1:]

    rows = [row | {"item": named(row["item"])}
            if row.get("type") == dimension and isinstance(row.get("item"), str) else row
            for row in scores.rows]  # fmt: skip
    return _question_names(session, scores_sheet(replace(scores, rows=rows), enps, lang), lang)


TREND = ("period", "turnover_rate", "ttm_rate")
"""The columns of the Dashboard's monthly trend."""


def _range_note(report: Report, span: str, lang: str) -> Report:
    """A report over the one period `span` without a period column repeating it on every
    row: the range said once, in the first note (and the chart's title)."""
    colon = "：" if lang == "zh" else ": "
    columns = [c for c in report.columns if c.key != "period"]
    rows = [{k: v for k, v in row.items() if k != "period"} for row in report.rows]
    notes = [word("period", lang) + colon + span, *report.notes]
    return replace(report, columns=columns, rows=rows, notes=notes)


def _subset(report: Report, keys: tuple[str, ...]) -> Report:
    columns = [c for c in report.columns if c.key in keys]
    rows = [{c.key: row.get(c.key) for c in columns} for row in report.rows]
    return replace(report, columns=columns, rows=rows)
