"""The workbook for management meetings: every report on a sheet of its own, native
charts, and one row per interview, written with openpyxl's write-only mode so memory
stays flat however many interviews there are.

Text is always written as text: openpyxl turns a string starting with "=" into a formula
and "#N/A" into an error, so such strings get a cell typed as a string; characters XLSX
cannot hold are removed, and text over 32,767 characters is cut with a visible marker;
both are counted in a note. Line breaks are written as Excel's own, a line feed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, suppressed_note, word
from retainkit.reports.periods import whole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

MAX_TEXT = 32_767
CUT_MARKER = " […cut]"
# What XML 1.0 (and so XLSX) cannot hold: C0 controls but tab, newline and return; lone
# surrogates; the two non-characters U+FFFE and U+FFFF.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
FORMATS = {
    "count": "#,##0",
    "number": "#,##0.0",
    "rate": "0.0%",
    "money": "#,##0",
    "score": "0.0",
    "date": "yyyy-mm-dd",
}


@dataclass
class Summary:
    sheets: int = 0
    interviews: int = 0
    notes: list[str] = field(default_factory=list)


class Cleaner:
    """Makes any text safe to write: never a formula, nothing XLSX cannot hold, no cell
    over the limit; counts what it changed."""

    def __init__(self) -> None:
        self.removed = 0
        self.cut = 0

    def __call__(self, sheet: Any, text: str) -> Any:
        if "\r" in text:  # XML reads a bare carriage return back as a line feed
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if _UNWRITABLE.search(text):
            text, removed = _UNWRITABLE.subn("", text)
            self.removed += removed
        if len(text) > MAX_TEXT:
            text = text[: MAX_TEXT - len(CUT_MARKER)] + CUT_MARKER
            self.cut += 1
        if text.startswith("=") or text in _ERROR_CODES:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # text, not a formula or an error
            return cell
        return text

    def notes(self) -> list[str]:
        found = []
        if self.removed:
            found.append(
                f"{self.removed} control characters that XLSX cannot hold were removed from text"
            )
        if self.cut:
            found.append(f"{self.cut} texts over {MAX_TEXT:,} characters were cut, marked "
                         f"{CUT_MARKER.strip()!r}")  # fmt: skip
        return found


class Writer:
    """One workbook in write-only mode, with the styles its cells share."""

    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.book = Workbook(write_only=True)
        self.lang = lang
        self.clean = Cleaner()
        self.bold = Font(bold=True)
        self.sheets = 0

    def sheet(self, key: str, widths: list[float]) -> Any:
        from openpyxl.utils import get_column_letter

        sheet = self.book.create_sheet(word(key, self.lang)[:31])
        for position, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.freeze_panes = "A2"
        self.sheets += 1
        return sheet

    def header(self, sheet: Any, titles: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for title in titles:
            cell = self.clean(sheet, title)  # a question may start with "=" too
            if isinstance(cell, str):  # the cleaner leaves only safe text as a plain str
                cell = WriteOnlyCell(sheet, value=cell)
            cell.font = self.bold
            cells.append(cell)
        sheet.append(cells)

    def cell(self, sheet: Any, value: Any, kind: str) -> Any:
        """A report value as a real number, percent or date cell; hidden ones as *."""
        from openpyxl.cell import WriteOnlyCell

        if value is None:
            return None
        if value is SUPPRESSED:
            return "*"
        if isinstance(value, str):
            return self.clean(sheet, value)
        if kind == "rate":
            value = value / 100
        cell = WriteOnlyCell(sheet, value=value)
        number_format = FORMATS.get(kind)
        if number_format:
            cell.number_format = number_format
        return cell

    def report(
        self,
        key: str,
        report: Report,
        chart: Callable[[Any, Report], None] | None = None,
    ) -> None:
        """A report on a sheet of its own: header row frozen, autofilter, notes below."""
        from openpyxl.utils import get_column_letter

        widths = [_width(c, report, self.lang) for c in report.columns]
        sheet = self.sheet(key, widths)
        self.header(sheet, [c.title(self.lang) for c in report.columns])
        for row in report.rows:
            sheet.append(
                [
                    self.cell(sheet, row.get(c.key), row["_kind"] if c.kind == "mixed" else c.kind)
                    for c in report.columns
                ]
            )
        last = get_column_letter(len(report.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(report.rows) + 1}"
        if chart is not None and report.rows:
            chart(sheet, report)
        if report.notes:
            sheet.append([])
            for note in report.notes:
                sheet.append([self.clean(sheet, note)])

    def save(self, path: Path) -> None:
        self.book.save(path)


def _width(column: Column, report: Report, lang: str) -> float:
    longest = max(
        [len(column.title(lang))] + [len(_shown(row.get(column.key))) for row in report.rows[:500]]
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


# -- charts -------------------------------------------------------------------------------------


def _rows_where(report: Report, test: Callable[[dict[str, Any]], bool]) -> tuple[int, int] | None:
    """The first and last sheet row of a contiguous block of report rows passing `test`."""
    found = [n for n, row in enumerate(report.rows) if test(row)]
    if not found:
        return None
    return found[0] + 2, found[-1] + 2


def _column(report: Report, key: str) -> int:
    return next(n for n, c in enumerate(report.columns, 1) if c.key == key)


def reasons_chart(lang: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import BarChart, Reference

        primary = word("primary", lang)
        block = _rows_where(report, lambda r: r["type"] == primary and bool(r["code"]))
        if block is None:
            return
        periods = [c for c in report.columns if c.label is not None]
        first = _column(report, periods[0].key)
        chart = BarChart()
        chart.type = "bar"
        chart.title = word("reasons_by_period", lang)
        data = Reference(sheet, min_col=first, max_col=first + len(periods) - 1,
                         min_row=1, max_row=block[1])  # fmt: skip
        chart.add_data(data, titles_from_data=True)
        reason = _column(report, "reason")
        chart.set_categories(Reference(sheet, min_col=reason, min_row=block[0], max_row=block[1]))
        chart.height, chart.width = 12, 22
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def turnover_chart(lang: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import LineChart, Reference

        total = word("total", lang)
        block = _rows_where(report, lambda r: r["period"] != total)
        if block is None:
            return
        chart = LineChart()
        chart.title = word("turnover_rate", lang)
        rate = _column(report, "turnover_rate")
        chart.add_data(
            Reference(sheet, min_col=rate, min_row=1, max_row=block[1]), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=block[0], max_row=block[1]))
        chart.y_axis.number_format = "0.0%"
        chart.height, chart.width = 10, 20
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def cost_chart(lang: str, by: str) -> Callable[[Any, Report], None]:
    def draw(sheet: Any, report: Report) -> None:
        from openpyxl.chart import BarChart, Reference

        everyone = word("all", lang)
        block = _rows_where(report, lambda r: r[by] != everyone)
        if block is None:
            return
        chart = BarChart()
        chart.title = f"{word('total_cost', lang)} – {word(by, lang)}"
        amount = _column(report, "total_cost")
        chart.add_data(
            Reference(sheet, min_col=amount, min_row=1, max_row=block[1]), titles_from_data=True
        )
        chart.set_categories(
            Reference(sheet, min_col=_column(report, by), min_row=block[0], max_row=block[1])
        )
        chart.height, chart.width = 10, 20
        sheet.add_chart(chart, f"{_letter(len(report.columns) + 2)}2")

    return draw


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position)


def _subset(report: Report, keys: tuple[str, ...]) -> Report:
    columns = [c for c in report.columns if c.key in keys]
    rows = [{c.key: row.get(c.key) for c in columns} for row in report.rows]
    return replace(report, columns=columns, rows=rows)


# -- the summary --------------------------------------------------------------------------------


def _open_actions(session: Session, day: date) -> int:
    """Action items open at the end of `day`: raised by then, not yet done or dropped."""
    from datetime import time, timedelta

    from sqlalchemy import func, select

    from retainkit.storage.models import ActionItem

    end = datetime.combine(day + timedelta(days=1), time(), UTC)
    still_open = ActionItem.status.in_(("open", "in_progress"))
    done_later = (ActionItem.status == "done") & (ActionItem.done_on > day)
    dropped_later = (ActionItem.status == "dropped") & (ActionItem.updated_at >= end)
    query = select(func.count()).where(
        ActionItem.created_at < end, still_open | done_later | dropped_later
    )
    return int(session.execute(query).scalar_one())


def summary(session: Session, opts: Options, reports: dict[str, Report]) -> Report:
    """The last period beside the one before: the figures a meeting starts with."""
    lang = opts.lang
    labels = [span.label for span in opts.spans]
    current = labels[-1]
    previous = labels[-2] if len(labels) > 1 else None

    def pick(
        name: str,
        key: str,
        label: str | None,
        test: Callable[[dict[str, Any]], bool] = lambda r: True,
    ) -> Any:
        if label is None:
            return None
        for row in reports[name].rows:
            if row.get("period") == label and test(row):
                return row.get(key)
        return 0 if key in ("separations", "total_cost") else None

    enps = word("enps", lang)
    measures: list[tuple[str, str, Callable[[str | None], Any]]] = [
        ("headcount", "number", lambda p: pick("turnover", "headcount", p)),
        ("total_separations", "count", lambda p: pick("turnover", "separations", p)),
        ("turnover_rate", "rate", lambda p: pick("turnover", "turnover_rate", p)),
        ("voluntary_rate", "rate", lambda p: pick("turnover", "voluntary_rate", p)),
        ("regrettable_rate", "rate", lambda p: pick("turnover", "regrettable_rate", p)),
        ("total_cost", "money", lambda p: pick("cost", "total_cost", p)),
        ("interview_coverage", "rate", lambda p: pick("interviews", "coverage", p)),
        ("enps", "score", lambda p: pick("scores", "mean", p, lambda r: r["type"] == enps)),
        (
            "open_actions",
            "count",
            lambda p: (
                None if p is None else _open_actions(session, opts.spans[labels.index(p)].end)
            ),
        ),
    ]
    rows = []
    for key, kind, value in measures:
        now, before = value(current), value(previous)
        change: Any = None
        if isinstance(now, int | float) and isinstance(before, int | float):
            change = round(now - before, 1)
        rows.append(
            {"measure": word(key, lang), "this_period": now, "previous_period": before,
             "change": change, "_kind": kind}
        )  # fmt: skip
    columns = [
        Column("measure", "text"),
        Column("this_period", "mixed", current),
        Column("previous_period", "mixed", previous or word("previous_period", lang)),
        Column("change", "mixed"),
    ]
    report = Report("summary", columns, rows)
    report.notes.append(
        f"{word('this_period', lang)}: {current}"
        + (f"; {word('previous_period', lang)}: {previous}" if previous else "")
        + f". Range {opts.start} – {opts.end}."
    )
    if any(v is SUPPRESSED for row in rows for v in row.values()):
        report.notes.append(suppressed_note(opts.min_group))
    return report


# -- the interview list -------------------------------------------------------------------------


@dataclass
class _Layout:
    """Where each questionnaire version's answers go in an interview row."""

    titles: list[str]
    answer_slots: dict[int, list[tuple[int, str, Callable[[Any], Any]]]]
    dimension_slots: dict[str, int]


def _converter(question: Any, lang: str) -> Callable[[Any], Any]:
    """How an answer is shown: likert and nps as numbers, the rest as labels."""
    if question.type in ("likert", "nps"):
        return lambda value: int(value) if isinstance(value, int | float) else value
    if question.type == "choice":
        labels = {c.value: c.label(lang) for c in question.choices}
        return lambda value: labels.get(value, value)
    if question.type == "text":
        return lambda value: value if isinstance(value, str) else json.dumps(value)
    return lambda value: question.describe(value, lang)


def _layout(
    session: Session, version_ids: list[int], lead: int, lang: str, anonymize: bool
) -> _Layout:
    from sqlalchemy import select

    from retainkit.core.questionnaires import load_text
    from retainkit.storage.models import QuestionnaireVersion

    versions = session.execute(
        select(QuestionnaireVersion.id, QuestionnaireVersion.key, QuestionnaireVersion.source)
        .where(QuestionnaireVersion.id.in_(version_ids))
        .order_by(QuestionnaireVersion.key, QuestionnaireVersion.version.desc())
    ).all()
    several = len({key for _, key, _ in versions}) > 1
    titles: list[str] = []
    places: dict[tuple[str, str], int] = {}
    slots: dict[int, list[tuple[int, str, Callable[[Any], Any]]]] = {}
    dimensions: set[str] = set()
    for version_id, key, source in versions:
        questionnaire = load_text(source)
        slots[version_id] = []
        for question in questionnaire.questions:
            if anonymize and question.sensitive:
                continue
            if question.dimension:
                dimensions.add(question.dimension)
            place = places.get((key, question.key))
            if place is None:
                place = places[(key, question.key)] = lead + len(titles)
                prefix = f"{key} · " if several else ""
                titles.append(prefix + question.text(lang))
            slots[version_id].append((place, question.key, _converter(question, lang)))
    dimension_slots = {}
    for dimension in sorted(dimensions):
        dimension_slots[dimension] = lead + len(titles)
        titles.append(f"{word('dimension', lang)}: {dimension}")
    return _Layout(titles, slots, dimension_slots)


def _interview_query(session: Session, opts: Options) -> tuple[Any, Any]:
    """The interviews in the range with their answers and scores folded into one JSON
    object each, by the database itself (one row per interview, however many answers)."""
    from datetime import time, timedelta

    from sqlalchemy import func, select

    from retainkit.storage.models import Answer, Interview, InterviewScore, Person, Separation

    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        answers = func.json_group_object(Answer.question_key, func.json(Answer.value))
        scores = func.json_group_object(InterviewScore.dimension, InterviewScore.score)
    else:
        answers = func.json_object_agg(Answer.question_key, Answer.value)
        scores = func.json_object_agg(InterviewScore.dimension, InterviewScore.score)
    answer_column = (
        select(answers)
        .where(Answer.interview_id == Interview.id, Answer.skipped.is_(False))
        .scalar_subquery()
    )
    score_column = (
        select(scores).where(InterviewScore.interview_id == Interview.id).scalar_subquery()
    )
    start = datetime.combine(opts.start, time(), UTC)
    end = datetime.combine(opts.end + timedelta(days=1), time(), UTC)
    when = func.coalesce(Interview.completed_at, Interview.started_at)
    in_range = (when >= start) & (when < end)
    query = (
        select(
            Interview.id,
            Person.employee_no,
            Person.name,
            Interview.kind,
            Interview.questionnaire_id,
            Interview.status,
            Interview.mode,
            Interview.interviewer,
            Interview.held_by,
            Interview.started_at,
            Interview.completed_at,
            Separation.last_day,
            Separation.kind,
            Separation.department,
            Separation.level,
            Person.department,
            Person.level,
            Interview.retention_risk,
            answer_column,
            score_column,
        )
        .join(Person, Person.id == Interview.person_id)
        .outerjoin(Separation, Separation.id == Interview.separation_id)
        .where(in_range)
        .order_by(Interview.id)
    )
    versions = (
        select(func.count(), Interview.questionnaire_id)
        .where(in_range)
        .group_by(Interview.questionnaire_id)
    )
    return query, versions


def _local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone().date()


def _decoded(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        loaded = json.loads(raw)
        return loaded if isinstance(loaded, dict) else {}
    return dict(raw)


def interview_sheet(
    writer: Writer,
    session: Session,
    opts: Options,
    pseudonym: Callable[[str], str] | None,
    bar: Any = None,
) -> int:
    """One row per interview: who (or a pseudonym), dates, kind, mode, every answer in a
    column of its own, dimension scores."""
    from openpyxl.cell import WriteOnlyCell

    lang = writer.lang
    query, versions = _interview_query(session, opts)
    found = session.execute(versions).all()
    task = bar.add_task("interviews", total=sum(n for n, _ in found)) if bar else None
    lead_keys = ["interview"]
    lead_keys += ["person"] if pseudonym else ["employee_no", "name"]
    lead_keys += ["kind", "questionnaire", "status", "mode"]
    lead_keys += [] if pseudonym else ["interviewer"]
    lead_keys += ["held_by", "started", "completed_on", "last_day", "separation_kind",
                  "department", "level", "retention_risk"]  # fmt: skip
    layout = _layout(session, [v for _, v in found], len(lead_keys), lang, pseudonym is not None)
    titles = [word(key, lang) for key in lead_keys] + layout.titles
    widths = [12.0] * len(lead_keys) + [24.0] * len(layout.titles)
    sheet = writer.sheet("interview_list", widths)
    writer.header(sheet, titles)
    date_format = FORMATS["date"]
    clean = writer.clean
    names = _questionnaire_names(session)
    done = 0
    width = len(titles)

    def day(value: date | None) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = date_format
        return cell

    result = session.execute(query.execution_options(yield_per=2000))
    for row in result:
        (number, employee_no, name, kind, version_id, status, mode, interviewer, held_by,
         started, completed, last_day, separation_kind, department, level, person_department,
         person_level, risk, answers_raw, scores_raw) = row  # fmt: skip
        line: list[Any] = [number]
        if pseudonym:
            line.append(pseudonym(employee_no))
        else:
            line += [clean(sheet, employee_no), clean(sheet, name)]
        line += [kind, names.get(version_id, ""), status, mode]
        if not pseudonym:
            line.append(clean(sheet, interviewer) if interviewer else None)
        line += [held_by, day(_local_day(started)), day(_local_day(completed)), day(last_day),
                 separation_kind, clean(sheet, department or person_department or ""),
                 level or person_level, risk]  # fmt: skip
        line += [None] * (width - len(line))
        answers = _decoded(answers_raw)
        for place, key, convert in layout.answer_slots.get(version_id, ()):
            value = answers.get(key)
            if value is None:
                continue
            shown = convert(value)
            line[place] = clean(sheet, shown) if isinstance(shown, str) else shown
        for dimension, score in _decoded(scores_raw).items():
            slot = layout.dimension_slots.get(dimension)
            if slot is not None and score is not None:
                line[slot] = round(float(score), 1)
        sheet.append(line)
        done += 1
        if bar is not None and done % 500 == 0:
            bar.advance(task, 500)
    if bar is not None:
        bar.advance(task, done % 500)
    sheet.auto_filter.ref = f"A1:{_letter(width)}{done + 1}"
    return done


def _questionnaire_names(session: Session) -> dict[int, str]:
    from sqlalchemy import select

    from retainkit.storage.models import QuestionnaireVersion

    query = select(QuestionnaireVersion.id, QuestionnaireVersion.key, QuestionnaireVersion.version)
    return {n: f"{key} v{version}" for n, key, version in session.execute(query)}


# -- the whole workbook -------------------------------------------------------------------------


def export(
    db: Database,
    path: Path,
    opts: Options,
    *,
    anonymize: bool = False,
    force: bool = False,
    progress: bool = False,
) -> Summary:
    """Write the workbook to `path` (0600), replacing it only once it is complete."""
    from retainkit.base.files import replaced_privately
    from retainkit.core.audit import record
    from retainkit.reports import build

    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: give the workbook a .xlsx name")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name ending .xlsx")
    if path.exists() and not force:
        raise InputError(f"{path} exists; give --force to replace it")
    if not path.absolute().parent.is_dir():
        raise InputError(f"{path.parent} does not exist; create the folder first")
    pseudonym = None
    if anonymize:
        from retainkit.reports.anonymize import pseudonymizer

        pseudonym = pseudonymizer(db)
    writer = Writer(opts.lang)
    result = Summary()
    lang = opts.lang
    with db.read() as session, _progress(progress) as bar:

        def make(name: str, by: str | None = None, spans: Any = None, **extra: Any) -> Report:
            chosen = replace(opts, by=by, spans=spans or opts.spans)
            return build.report(session, name, chosen, pseudonym, **extra)

        reports = {
            "turnover": make("turnover"),
            "cost": make("cost"),
            "interviews": make("interviews"),
            "scores": make("scores"),
        }
        writer.report("summary", summary(session, opts, reports))
        writer.report("reasons_by_period", make("reasons"), reasons_chart(lang))
        for by in ("department", "manager", "level"):
            writer.report(f"reasons_by_{by}", make("reasons", by))
        kinds = make("turnover", "kind")
        writer.report(
            "voluntary",
            _subset(kinds, ("period", "kind", "separations", "headcount", "turnover_rate")),
        )
        regret = make("turnover", "department")
        writer.report(
            "regrettable_sheet",
            _subset(
                regret, ("period", "department", "separations", "regrettable", "regrettable_rate")
            ),
        )
        writer.report("turnover", reports["turnover"], turnover_chart(lang))
        whole_range = [whole(opts.start, opts.end)]
        writer.report(
            "cost", make("cost", "department", whole_range), cost_chart(lang, "department")
        )
        writer.report("scores", reports["scores"])
        writer.report("actions", make("actions"))
        writer.report("followups", make("followups"))
        writer.report("coverage_sheet", reports["interviews"])
        result.interviews = interview_sheet(writer, session, opts, pseudonym, bar)
    result.sheets = writer.sheets
    with replaced_privately(path) as temporary:
        writer.save(temporary)
    result.notes = writer.clean.notes()
    detail = f"excel workbook, {result.sheets} sheets, {opts.start} - {opts.end}"
    record(
        db, "export", str(path.absolute()), result.interviews, detail + anonymize * ", anonymized"
    )
    return result


@contextmanager
def _progress(show: bool) -> Iterator[Any]:
    """A progress bar on the terminal's stderr; nothing at all on a pipe."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        yield bar
