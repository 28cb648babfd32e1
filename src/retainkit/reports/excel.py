"""The workbook for management meetings: which sheets, in which order. The figures a
meeting starts with, then every report on a sheet of its own with native charts, then one
row per interview; read from one snapshot, recorded in the audit log before it appears, and
written through the safe path, its temporary files kept in the private run folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.reports.charts import by_frequency, cost_plot, reasons_plot, turnover_plot
from retainkit.reports.comments_sheet import comments_sheet
from retainkit.reports.interview_list import Progress, interview_sheet
from retainkit.reports.model import Options, Report, word
from retainkit.reports.periods import trailing_and_year, whole, year_before
from retainkit.reports.sheet_tables import kinds_sheet, one_period, scores_sheet
from retainkit.reports.summary import REPORTS, figures, summary
from retainkit.reports.writer import Writer

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass
class Exported:
    """What a workbook holds: how many sheets and interviews, and notes on what the text
    cleaning changed."""

    sheets: int = 0
    interviews: int = 0
    notes: list[str] = field(default_factory=list)


def export(
    db: Database,
    path: Path,
    opts: Options,
    *,
    anonymize: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> Exported:
    """Write the workbook to `path` (0600), replacing it only once it is complete;
    `progress` hears how far the interview list got."""
    from retainkit.base.files import refuse_link, replaced_privately
    from retainkit.base.scratch import private_tempdir
    from retainkit.core.audit import record
    from retainkit.reports import build
    from retainkit.storage.copies import copying, snapshot

    refuse_link(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: give the workbook a .xlsx name")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name ending .xlsx")
    if path.exists() and not force:
        raise InputError(f"{path} exists; give --force to replace it")
    if not path.absolute().parent.is_dir():
        raise InputError(f"{path.parent} does not exist; create the folder first")
    if not os.access(path.absolute().parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {path.parent}; choose a folder you can write to")
    pseudonym = None
    if anonymize:
        from retainkit.reports.anonymize import pseudonymizer

        pseudonym = pseudonymizer(db)
    result = Exported()
    lang = opts.lang
    # An erasure waits for this export (copying), which reads one snapshot; openpyxl keeps
    # each sheet in a temporary file until the workbook is saved: in the private folder.
    with copying(db), private_tempdir():
        writer = Writer(opts.lang)
        try:
            with db.read() as session:
                snapshot(session)

                def make(
                    name: str, by: str | None = None, spans: Any = None, **extra: Any
                ) -> Report:
                    spans = spans or opts.spans  # a report's range is its periods'
                    start, end = spans[0].start, spans[-1].end
                    chosen = replace(opts, by=by, spans=spans, start=start, end=end)
                    return build.report(session, name, chosen, pseudonym, **extra)

                _report_sheets(writer, session, opts, make, lang, pseudonym)
                result.interviews = interview_sheet(writer, session, opts, pseudonym, progress)
            result.sheets = writer.sheets
            detail = f"excel workbook, {result.sheets} sheets, {opts.start} - {opts.end}"
            if opts.scope is not None:
                detail += f", {opts.scope.kind} {opts.scope.value}"
            with replaced_privately(path) as handle:
                writer.save(handle)
                # In the audit log before the workbook appears: `people forget` lists it.
                record(
                    db,
                    "export",
                    str(path.absolute()),
                    result.interviews,
                    detail + anonymize * ", anonymized",
                )
        except BaseException:
            _discard(writer)
            raise
    result.notes = writer.clean.notes()
    return result


def _report_sheets(
    writer: Writer,
    session: Any,
    opts: Options,
    make: Callable[..., Report],
    lang: str,
    pseudonym: Callable[[str], str] | None,
) -> None:
    """The Dashboard and the Summary, then every report on a sheet of its own; stored codes
    as words."""
    from retainkit.core.settings import load_settings
    from retainkit.reports.actions import actions
    from retainkit.reports.dashboard import Contents, dashboard, kinds_table, trend_months
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
    writer.currency = settings.currency
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
    dashboard(writer, contents, opts)
    writer.report("summary", summary(found, opts))
    writer.report("reasons_by_period", reasons, reasons_plot(lang))
    for by in ("department", "manager", "level"):
        writer.report(f"reasons_by_{by}", _words(by_frequency(make("reasons", by)), lang))
    writer.report("voluntary", kinds_sheet(make("turnover", "kind"), turnover, lang))
    regret = make("turnover", "department")
    writer.report(
        "regrettable_sheet",
        _subset(regret, ("period", "department", "separations", "regrettable", "regrettable_rate")),
    )
    writer.report("turnover", turnover, turnover_plot(lang))
    span = whole_range[0].label
    cost_plot_ = cost_plot(lang, "department", span)
    cost_sheet = writer.report(
        "cost", _range_note(by_department, span, lang), cost_plot_, below=saved
    )
    writer.table_below(cost_sheet, saved)
    writer.report("scores", _scores(session, scores, lang))
    owners = pseudonym or _people_names(session)
    items = actions(session, replace(opts, by=None), owners)
    writer.report("actions", one_period(_words(items, lang), lang))
    writer.report("followups", one_period(_words(make("followups"), lang), lang))
    writer.report("coverage_sheet", one_period(coverage, lang))
    comments_sheet(writer, session, opts, pseudonym)


def _discard(writer: Writer) -> None:
    """Close the sheets of a workbook that will not be saved while their temporary files
    are still open (else openpyxl complains of closed files as the process ends)."""
    for sheet in writer.book.worksheets:
        with suppress(Exception):
            if not sheet.closed:
                sheet.close()


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
