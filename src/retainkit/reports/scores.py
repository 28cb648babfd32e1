"""What interviews say: the mean 0-100 score per dimension and per question, and eNPS,
per period and breakdown, with the change from the previous period; GROUP BY in SQL."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import Namer, ordered, tenure_band
from retainkit.reports.layout import finish, in_scope, lead_columns, period_axis, period_label
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, word
from retainkit.reports.periods import bucket_datetime, within_datetime
from retainkit.reports.suppression import TOTAL, Axis, cube
from retainkit.storage.models import (
    Answer,
    Interview,
    InterviewScore,
    Person,
    QuestionnaireVersion,
    Separation,
    table_of,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _day(session: Session, column: Any) -> Any:
    """SQL: the calendar day (UTC) of a timestamp column."""
    from sqlalchemy import Date, cast, func

    if session.get_bind().dialect.name == "sqlite":
        return func.date(column)
    return cast(column, Date)


def _interview_group(session: Session, by: str | None, i: Any, s: Any, p: Any) -> Any:
    """SQL: an interview's breakdown value: from its separation's snapshot where it has one
    (exit and follow-up interviews), from the person as they are now otherwise (stay)."""
    from sqlalchemy import func

    if by is None:
        return None
    if by == "tenure":
        at = func.coalesce(s.c.last_day, _day(session, i.c.completed_at))
        return tenure_band(func.coalesce(s.c.hire_date, p.c.hire_date), at)
    if by == "kind":
        return s.c.kind
    column = {"department": "department", "manager": "manager_no", "level": "level"}[by]
    return func.coalesce(s.c[column], p.c[column])


def nps_questions(session: Session, kind: str) -> list[tuple[int, str]]:
    """(questionnaire version id, question key) of every nps question of a kind."""
    from sqlalchemy import select

    from retainkit.core.questionnaires.loading import load_text

    found = []
    query = select(QuestionnaireVersion.id, QuestionnaireVersion.source).where(
        QuestionnaireVersion.kind == kind
    )
    for version_id, source in session.execute(query):
        questionnaire = load_text(source)
        found += [(version_id, q.key) for q in questionnaire.questions if q.type == "nps"]
    return found


def scores(session: Session, opts: Options, namer: Namer, *, kind: str = "exit") -> Report:
    """Mean 0-100 per dimension and per question, and eNPS, per period and breakdown, with
    the change from the previous period."""
    from sqlalchemy import case, func, select

    i = table_of(Interview).alias("i")
    s = table_of(Separation).alias("s")
    p = table_of(Person).alias("p")
    period = bucket_datetime(i.c.completed_at, opts.spans)
    group = _interview_group(session, opts.by, i, s, p)
    keys = ([group] if group is not None else []) + [period]
    completed = (
        (i.c.kind == kind)
        & (i.c.status == "completed")
        & within_datetime(i.c.completed_at, opts.spans)
        & in_scope(
            opts,
            func.coalesce(s.c.department, p.c.department),
            func.coalesce(s.c.manager_no, p.c.manager_no),
        )
    )

    def joined(query: Any) -> Any:
        return query.join(p, p.c.id == i.c.person_id).outerjoin(s, s.c.id == i.c.separation_id)

    interviews = {
        tuple(row[:-1]): row[-1]
        for row in session.execute(
            joined(select(*keys, func.count()).select_from(i)).where(completed).group_by(*keys)
        )
    }
    groups = ordered(opts.by, {key[0] for key in interviews}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [period_axis(opts)]
    counted = cube(interviews, axes, opts.min_group)

    # item -> (group, period) -> (answers, sum of scores); totals added up below
    items: dict[tuple[str, str], dict[tuple[Hashable, ...], tuple[int, float]]] = {}
    d = table_of(InterviewScore)
    query = (
        joined(
            select(*keys, d.c.dimension, func.count(), func.sum(d.c.score))
            .select_from(i)
            .join(d, d.c.interview_id == i.c.id)
        )
        .where(completed)
        .group_by(*keys, d.c.dimension)
    )
    for found in session.execute(query):
        items.setdefault(("dimension", found[-3]), {})[tuple(found[:-3])] = (found[-2], found[-1])
    a = table_of(Answer)
    # One pass over the answers: per question, and the promoters and detractors that eNPS
    # needs (kept only for the questionnaires' nps questions).
    nps = set(nps_questions(session, kind))
    query = (
        joined(
            select(
                *keys,
                i.c.questionnaire_id,
                a.c.question_key,
                func.count(),
                func.sum(a.c.score),
                func.sum(case((a.c.score >= 90, 1), else_=0)),
                func.sum(case((a.c.score <= 60, 1), else_=0)),
            )
            .select_from(i)
            .join(a, a.c.interview_id == i.c.id)
        )
        .where(completed, a.c.score.is_not(None))
        .group_by(*keys, i.c.questionnaire_id, a.c.question_key)
    )
    promoters: dict[tuple[Hashable, ...], tuple[int, int, int]] = {}
    for found in session.execute(query):
        lead = tuple(found[:-6])
        version, question, n, total, good, bad = found[-6:]
        per_question = items.setdefault(("question", question), {})
        before = per_question.get(lead, (0, 0.0))
        per_question[lead] = (before[0] + n, before[1] + (total or 0.0))
        if (version, question) in nps:
            was = promoters.get(lead, (0, 0, 0))
            promoters[lead] = (was[0] + n, was[1] + int(good or 0), was[2] + int(bad or 0))

    def gather(
        table: dict[tuple[Hashable, ...], tuple[Any, ...]], group: Hashable, index: Hashable
    ) -> tuple[Any, ...]:
        parts = [
            value
            for key, value in table.items()
            if (not opts.by or group is TOTAL or key[0] == group)
            and (index is TOTAL or key[-1] == index)
        ]
        return tuple(sum(part[n] for part in parts) for n in range(len(parts[0]))) if parts else ()

    def value(kind_: str, item: str, group: Hashable, index: Hashable) -> tuple[Any, Any]:
        """(responses, score) as shown: hidden where the interviews are, or too few."""
        lead = (group, index) if opts.by else (index,)
        if counted.count(*lead) == 0:
            return 0, None
        if counted.shown(*lead) is None:
            return SUPPRESSED, SUPPRESSED
        if kind_ == "enps":
            found = gather(promoters, group, index)
            if not found or not found[0]:
                return 0, None
            n, good, bad = found
            result = round((good - bad) / n * 100, 1)
        else:
            found = gather(items[(kind_, item)], group, index)
            if not found or not found[0]:
                return 0, None
            n, total = found
            result = round(total / n, 1)
        if opts.min_group > 1 and n < opts.min_group:
            return SUPPRESSED, SUPPRESSED
        return n, result

    order = sorted(items, key=lambda k: (k[0] != "dimension", k[1])) + (
        [("enps", "enps")] if nps else []
    )
    rows = []
    for group in (*groups, TOTAL) if opts.by else (TOTAL,):
        for item in order:
            previous: Any = None
            for index in (*range(len(opts.spans)), TOTAL):
                n, mean = value(item[0], item[1], group, index)
                if n == 0 and index is TOTAL:
                    continue
                change: Any = None
                if index is not TOTAL:
                    if SUPPRESSED in (mean, previous):
                        change = SUPPRESSED if previous is not None and mean is not None else None
                    elif mean is not None and previous is not None:
                        change = round(mean - previous, 1)
                    previous = mean
                if n == 0:
                    continue
                row: dict[str, Any] = {"period": period_label(opts, index)}
                if opts.by:
                    row[opts.by] = namer(group)
                row |= {
                    "type": word(item[0], opts.lang),
                    "item": item[1] if item[0] != "enps" else word("enps", opts.lang),
                    "responses": n,
                    "mean": mean,
                    "change": change,
                }
                rows.append(row)
    rows.sort(key=lambda r: _order(opts, r["period"]))
    columns = [
        *lead_columns(opts),
        Column("type", "text"),
        Column("item", "text"),
        Column("responses"),
        Column("mean", "score"),
        Column("change", "score"),
    ]
    report = Report("scores", columns, rows)
    report.notes.append(
        f"Completed {kind} interviews by the day they were finished. Scores 0–100 "
        "(likert 1→0, 5→100; yes/no 0 or 100; reversed where the question says so). "
        "eNPS = % answering 9–10 − % answering 0–6. Change: from the previous period."
    )
    return finish(report, opts)


def _order(opts: Options, label: str) -> int:
    labels = [span.label for span in opts.spans]
    return labels.index(label) if label in labels else len(labels)
