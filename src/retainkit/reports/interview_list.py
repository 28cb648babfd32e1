"""The workbook's interview list: one row per interview held or started in the range,
who (or a pseudonym), dates, kind, mode, every answer in a column of its own, dimension
scores; streamed from one query, so memory stays flat however many interviews there are."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from retainkit.base.words import code_word
from retainkit.reports.answer_columns import AnswerColumns, answer_columns
from retainkit.reports.layout import in_scope
from retainkit.reports.model import Options, word
from retainkit.reports.writer import Cleaner, Verbatim, Writer, display_width, verbatim_cell

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LEAD_WIDTHS = {"interview": 9.0, "employee_no": 10.0, "name": 20.0, "person": 14.0,
               "questionnaire": 24.0, "interviewer": 20.0, "department": 18.0,
               "separation_kind": 14.0, "level": 14.0, "retention_risk": 14.0}  # fmt: skip
"""Widths of the first columns, in characters; at least their title's display width."""
MAX_HEADER_LINES = 5
"""The header row is as tall as its longest wrapped title, at most this many lines: a column
whose title would wrap to more is widened (eight lines made a header row of 123 points, a
sixth of every printed page)."""

Progress = Callable[[int, int], None]
"""Told (interviews written, interviews in all) as the list is written: once at the start,
every 500 interviews, and once at the end, when the two are equal."""
STEP = 500


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
        .where(
            Answer.interview_id == Interview.id,
            Answer.skipped.is_(False),
            Answer.not_asked.is_(False),
        )
        .scalar_subquery()
    )
    score_column = (
        select(scores).where(InterviewScore.interview_id == Interview.id).scalar_subquery()
    )
    start = datetime.combine(opts.start, time(), UTC)
    end = datetime.combine(opts.end + timedelta(days=1), time(), UTC)
    when = func.coalesce(Interview.completed_at, Interview.started_at)
    in_range = (when >= start) & (when < end)
    scoped = in_scope(
        opts,
        func.coalesce(Separation.department, Person.department),
        func.coalesce(Separation.manager_no, Person.manager_no),
    )
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
        .where(in_range, scoped)
        .order_by(Interview.id)
    )
    versions = (
        select(func.count(), Interview.questionnaire_id)
        .join(Person, Person.id == Interview.person_id)
        .outerjoin(Separation, Separation.id == Interview.separation_id)
        .where(in_range, scoped)
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


@dataclass(frozen=True)
class ListLayout:
    """The interview list's columns and how many rows it will have."""

    titles: list[str]
    widths: list[float]
    named: int
    """The first columns, which say which interview and who, repeated on every page."""
    total: int


Row = tuple[list[Any], tuple[int, ...]]
"""An interview's cells, its number first (the writing side centres it), and the places of
the texts among them that must go into text cells (Verbatim): usually none."""


def interview_sheet(
    writer: Writer,
    session: Session,
    opts: Options,
    pseudonym: Callable[[str], str] | None,
    progress: Progress | None = None,
) -> int:
    """Write the list on a sheet of its own, telling `progress` how far it got; the number
    of interviews written."""
    layout, rows = list_rows(session, opts, pseudonym, writer.clean)
    return write_list(writer, layout, rows, progress)


def list_rows(
    session: Session, opts: Options, pseudonym: Callable[[str], str] | None, clean: Cleaner
) -> tuple[ListLayout, Iterator[Row]]:
    """The list's layout and its rows, streamed from one query; texts cleaned by `clean`
    (without a sheet: a text that must go into a text cell comes as a Verbatim)."""
    lang = opts.lang
    query, versions = _interview_query(session, opts)
    found = session.execute(versions).all()
    lead_keys = ["interview"]
    lead_keys += ["person"] if pseudonym else ["employee_no", "name"]
    lead_keys += ["kind", "questionnaire", "status", "mode"]
    lead_keys += [] if pseudonym else ["interviewer"]
    lead_keys += ["held_by", "started", "completed_on", "last_day", "separation_kind",
                  "department", "level", "retention_risk"]  # fmt: skip
    columns = answer_columns(
        session, [v for _, v in found], len(lead_keys), lang, pseudonym is not None
    )
    titles = [word(key, lang) for key in lead_keys] + columns.titles
    widths = [max(LEAD_WIDTHS.get(k, 12.0), display_width(word(k, lang)) + 2.0) for k in lead_keys]
    widths += columns.widths
    widths = [
        max(width, -(-display_width(title) // MAX_HEADER_LINES) + 1.0)
        for title, width in zip(titles, widths, strict=True)
    ]
    layout = ListLayout(titles, widths, 2 if pseudonym else 3, sum(n for n, _ in found))
    people = {} if pseudonym else _interviewer_names(session)
    rows = _rows(session, query, columns, people, pseudonym, clean, lang, len(titles))
    return layout, rows


def _rows(
    session: Session,
    query: Any,
    columns: AnswerColumns,
    people: dict[str, str],
    pseudonym: Callable[[str], str] | None,
    clean: Cleaner,
    lang: str,
    width: int,
) -> Iterator[Row]:
    names = columns.names
    words = _Words(lambda value: code_word(value, lang))
    labels = _Labels(lambda text: clean(None, text))
    # Dates go in as they are: openpyxl gives a date its yyyy-mm-dd format itself.
    result = session.connection().execute(query.execution_options(yield_per=2000))
    for row in result:
        verbatim = clean.verbatim
        (number, employee_no, name, kind, version_id, status, mode, interviewer, held_by,
         started, completed, last_day, separation_kind, department, level, person_department,
         person_level, risk, answers_raw, scores_raw) = row  # fmt: skip
        line: list[Any] = [number]
        if pseudonym:
            line.append(pseudonym(employee_no))
        else:
            line += [clean(None, employee_no), clean(None, name)]
        line += [words[kind], names.get(version_id, ""), words[status], words[mode]]
        if not pseudonym:
            held = people.get(interviewer, interviewer) if interviewer else None
            line.append(labels.get(INTERVIEWER, held, str) if held else None)
        line += [words[held_by], _local_day(started), _local_day(completed), last_day,
                 words[separation_kind],
                 labels.get(DEPARTMENT, department or person_department or "", str),
                 words[level or person_level], words[risk]]  # fmt: skip
        line += [None] * (width - len(line))
        answers = _decoded(answers_raw)
        for place, key, convert, by_value in columns.answer_slots.get(version_id, ()):
            value = answers.get(key)
            if value is None:
                continue
            if by_value:
                line[place] = labels.get(place, value, convert)
                continue
            shown = convert(value)
            line[place] = clean(None, shown) if isinstance(shown, str) else shown
        for dimension, score in _decoded(scores_raw).items():
            slot = columns.dimension_slots.get(dimension)
            if slot is not None and score is not None:
                line[slot] = round(float(score), 1)
        if clean.verbatim == verbatim:
            yield line, ()
        else:
            yield line, tuple(i for i, cell in enumerate(line) if type(cell) is Verbatim)


def write_list(
    writer: Writer, layout: ListLayout, rows: Iterable[Row], progress: Progress | None = None
) -> int:
    """Write the list on a sheet of its own, kept the workbook's last and sent ahead into
    the file (`Writer.send_ahead`); the number of interviews written."""
    from openpyxl.utils import get_column_letter

    total = layout.total
    if progress is not None:
        progress(0, total)
    titles, widths = layout.titles, layout.widths
    sheet = writer.sheet(
        "interview_list",
        widths,
        pages_wide=None,
        repeat_columns=f"A:{get_column_letter(layout.named)}",
    )
    writer.last = sheet
    lines = max(_lines(title, width) for title, width in zip(titles, widths, strict=True))
    sheet.row_dimensions[1].height = 15.0 * min(lines, MAX_HEADER_LINES) + 3
    writer.header(sheet, titles, wrap=True)
    centred, append = writer.centred, sheet.append
    done = 0
    for line, marked in rows:
        line[0] = centred(sheet, line[0])
        for place in marked:
            line[place] = verbatim_cell(sheet, line[place])
        append(line)
        done += 1
        if progress is not None and done % STEP == 0:
            progress(done, total)
    if progress is not None:
        progress(done, total)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{done + 1}"
    writer.send_ahead(sheet)  # finished: compressed into the file while the rest is written
    return done


class _Words(dict[Any, Any]):
    """Each distinct value's cell worked out once (codes as words, departments cleaned)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value: Any) -> Any:
        made = None if value is None else self.make(value)
        if len(self) < MEMO:
            self[value] = made
        return made


MEMO = 10_000
"""The most distinct values kept for the cells worked out once (memory stays flat)."""
_SCALARS = (str, int, float, bool)


class _Labels:
    """The answers whose cell depends on the value alone (all but free text), and the
    departments: each distinct value of each column turned into its label and cleaned
    once; where cleaning changed it (and counted what it did), worked out again for every
    cell, so the counts stay true."""

    def __init__(self, clean: Callable[[str], Any]) -> None:
        self.clean = clean
        self.known: dict[tuple[int, type, Any], Any] = {}

    def get(self, place: int, value: Any, convert: Callable[[Any], Any]) -> Any:
        kind = type(value)
        if kind not in _SCALARS:
            return self._cell(convert(value))
        key = (place, kind, value)  # the type too: True and 1 are equal keys
        found = self.known.get(key, _MISSING)
        if found is _MISSING:
            shown = convert(value)
            found = self._cell(shown)
            if (found is shown or not isinstance(shown, str)) and len(self.known) < MEMO:
                self.known[key] = found  # only what cleaning left as it was
        return found

    def _cell(self, shown: Any) -> Any:
        return self.clean(shown) if isinstance(shown, str) else shown


_MISSING = object()
DEPARTMENT, INTERVIEWER = -1, -2
"""The places of the department and the interviewer among _Labels' columns."""


def _lines(title: str, width: float) -> int:
    """About how many lines `title` wraps to in a column `width` characters wide."""
    return -(-display_width(title) // max(int(width) - 1, 1))


def _interviewer_names(session: Session) -> dict[str, str]:
    """Interviewers recorded by employee number, as "number name"."""
    from sqlalchemy import select

    from retainkit.storage.models import Interview, Person

    held = select(Interview.interviewer).where(Interview.interviewer.is_not(None)).distinct()
    query = select(Person.employee_no, Person.name).where(Person.employee_no.in_(held))
    return {number: f"{number} {name}" for number, name in session.execute(query)}
