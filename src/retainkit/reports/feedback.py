"""What interviews say and whether the loop is closed: the scores, interviews, follow-ups
and actions reports, computed with GROUP BY in SQL."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import Namer, ordered, separation_group, tenure_band
from retainkit.reports.layout import (
    cells,
    counted,
    finish,
    lead_columns,
    period_axis,
    period_label,
)
from retainkit.reports.model import (
    SUPPRESSED,
    Column,
    Options,
    Report,
    share,
    shown,
    word,
)
from retainkit.reports.periods import bucket, bucket_datetime, within_datetime
from retainkit.reports.suppression import TOTAL, Axis, cube
from retainkit.storage.models import (
    ActionItem,
    Answer,
    Contact,
    FollowUp,
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


# -- scores -------------------------------------------------------------------------------------


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


# -- interviews and follow-ups -----------------------------------------------------------------

EXIT_STATES = ("completed", "declined", "draft", "not_held")
INTEREST = ("yes", "maybe", "no", "unknown")
FOLLOWUP_KINDS = ("first", "mid", "yearly_care", "rehire_check")
FOLLOWUP_OUTCOMES = ("done_on_time", "done_late", "not_done")


def _followup_cube(
    session: Session, opts: Options, by_kind: bool
) -> tuple[Any, tuple[Hashable, ...]]:
    """Follow-up contacts after leaving whose window closed in the range (or that were
    done in it): on time, late, or not done."""
    from sqlalchemy import case, func, select

    f = table_of(FollowUp).alias("f")
    s = table_of(Separation).alias("s")
    period = bucket(f.c.due_to, opts.spans)
    group = separation_group(opts.by, s)
    outcome = case(
        ((f.c.status == "done") & (f.c.done_on <= f.c.due_to), "done_on_time"),
        (f.c.status == "done", "done_late"),
        else_="not_done",
    )
    keys = ([group] if group is not None else []) + [period]
    keys += [f.c.kind] if by_kind else []
    query = (
        select(*keys, outcome, func.count())
        .select_from(f)
        .join(s, s.c.id == f.c.separation_id)
        .where(
            f.c.kind.in_(FOLLOWUP_KINDS),
            f.c.status != "cancelled",
            f.c.due_to.between(opts.start, opts.end),
            (f.c.status != "planned") | (f.c.due_to < opts.today),
        )
        .group_by(*keys, outcome)
    )
    counts = {tuple(row[:-1]): row[-1] for row in session.execute(query)}
    groups = ordered(opts.by, {key[0] for key in counts}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [period_axis(opts)]
    axes += [Axis("kind", FOLLOWUP_KINDS)] if by_kind else []
    axes.append(Axis("outcome", FOLLOWUP_OUTCOMES))
    return cube(counts, axes, opts.min_group), groups


def interviews(session: Session, opts: Options, namer: Namer) -> Report:
    """Exit interview coverage, declines, open drafts, follow-ups on time and rehire
    interest, by the period of the last day."""
    import json

    from sqlalchemy import Text, case, cast, func, select

    s = table_of(Separation).alias("s")
    i = table_of(Interview)
    c = table_of(Contact)
    rank = func.max(case((i.c.status == "completed", 3), (i.c.status == "declined", 2), else_=1))
    best = (
        select(i.c.separation_id, rank.label("rank"))
        .where(i.c.kind == "exit", i.c.separation_id.is_not(None))
        .group_by(i.c.separation_id)
        .subquery()
    )
    latest = (
        select(c.c.person_id, func.max(c.c.id).label("id"))
        .where(c.c.rehire_interest.is_not(None))
        .group_by(c.c.person_id)
        .subquery()
    )
    a = table_of(Answer)
    said = case(
        *((cast(a.c.value, Text) == json.dumps(choice), choice) for choice in INTEREST[:3]),
        else_=None,
    )
    at_exit = (
        select(i.c.separation_id, func.max(said).label("interest"))
        .join(a, a.c.interview_id == i.c.id)
        .where(i.c.kind == "exit", i.c.status == "completed", a.c.question_key == "would_return")
        .group_by(i.c.separation_id)
        .subquery()
    )
    interest_contact = table_of(Contact).alias("ic")
    state = case(
        (best.c.rank == 3, "completed"),
        (best.c.rank == 2, "declined"),
        (best.c.rank == 1, "draft"),
        else_="not_held",
    )
    interest = func.coalesce(interest_contact.c.rehire_interest, at_exit.c.interest, "unknown")
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = ([group] if group is not None else []) + [period, state, interest]
    query = (
        select(*keys, func.count())
        .select_from(s)
        .outerjoin(best, best.c.separation_id == s.c.id)
        .outerjoin(latest, latest.c.person_id == s.c.person_id)
        .outerjoin(interest_contact, interest_contact.c.id == latest.c.id)
        .outerjoin(at_exit, at_exit.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(*keys)
    )
    counts = {tuple(row[:-1]): row[-1] for row in session.execute(query)}
    follow, follow_groups = _followup_cube(session, opts, by_kind=False)
    groups = ordered(opts.by, {key[0] for key in counts}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [
        period_axis(opts),
        Axis("exit", EXIT_STATES),
        Axis("interest", INTEREST),
    ]
    lead_size = 2 if opts.by else 1

    def published(key: tuple[Hashable, ...]) -> bool:
        return sum(1 for value in key[lead_size:] if value is not TOTAL) <= 1

    data = cube(counts, axes, opts.min_group, published)
    rows = []
    for _, group, lead, row in cells(opts, groups, namer):
        if data.count(*lead, TOTAL, TOTAL) == 0:
            continue
        separations = shown(data, *lead, TOTAL, TOTAL)
        completed = shown(data, *lead, "completed", TOTAL)
        due = on_time = None
        if group is TOTAL or group in follow_groups:
            due, on_time = shown(follow, *lead, TOTAL), shown(follow, *lead, "done_on_time")
        row |= {
            "separations": separations,
            "completed": completed,
            "declined": shown(data, *lead, "declined", TOTAL),
            "drafts": shown(data, *lead, "draft", TOTAL),
            "not_held": shown(data, *lead, "not_held", TOTAL),
            "coverage": share(completed, separations),
            "planned": due,
            "done_on_time": on_time,
            "on_time_rate": share(on_time, due) if due is not None else None,
            "rehire_yes": shown(data, *lead, TOTAL, "yes"),
            "rehire_maybe": shown(data, *lead, TOTAL, "maybe"),
        }
        rows.append(row)
    columns = [
        *lead_columns(opts),
        Column("separations"),
        Column("completed"),
        Column("declined"),
        Column("drafts"),
        Column("not_held"),
        Column("coverage", "rate"),
        Column("planned"),
        Column("done_on_time"),
        Column("on_time_rate", "rate"),
        Column("rehire_yes"),
        Column("rehire_maybe"),
    ]
    report = Report("interviews", columns, rows)
    report.notes.append(
        "By the period of the last day. Coverage = completed exit interviews / separations "
        "× 100. Follow-ups: contacts after leaving whose window closed in the period; on "
        "time = logged by the window's last day. Would return: the latest answer, from a "
        "follow-up contact or else the exit interview."
    )
    return finish(report, opts)


def followups(session: Session, opts: Options, namer: Namer) -> Report:
    """Follow-up contacts after leaving by kind: due, done on time, late, not done."""
    data, groups = _followup_cube(session, opts, by_kind=True)
    rows = []
    for _, _, lead, head in cells(opts, groups, namer):
        for kind in (*FOLLOWUP_KINDS, TOTAL):
            if data.count(*lead, kind, TOTAL) == 0:
                continue
            due = shown(data, *lead, kind, TOTAL)
            on_time = shown(data, *lead, kind, "done_on_time")
            rows.append(
                head
                | {
                    "kind": word("total", opts.lang) if kind is TOTAL else kind,
                    "planned": due,
                    "done_on_time": on_time,
                    "done_late": shown(data, *lead, kind, "done_late"),
                    "not_done": shown(data, *lead, kind, "not_done"),
                    "on_time_rate": share(on_time, due),
                }
            )
    columns = [
        *lead_columns(opts),
        Column("kind", "text"),
        Column("planned"),
        Column("done_on_time"),
        Column("done_late"),
        Column("not_done"),
        Column("on_time_rate", "rate"),
    ]
    report = Report("followups", columns, rows)
    report.notes.append(
        "Contacts after leaving whose window closed in the period, or which were done; "
        "on time = logged by the window's last day."
    )
    return finish(report, opts)


# -- actions ------------------------------------------------------------------------------------


def actions(session: Session, opts: Options, owner_name: Any = None) -> Report:
    """Action items by the period they were raised, kind and owner: open, overdue, done,
    done and the people told, dropped. They count items, not people: nothing is hidden."""
    from sqlalchemy import case, func, select

    t = table_of(ActionItem)
    period = bucket_datetime(t.c.created_at, opts.spans)
    still_open = t.c.status.in_(("open", "in_progress"))

    def number(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    keys = [period, t.c.kind, t.c.owner]
    query = (
        select(
            *keys,
            func.count(),
            number(still_open),
            number(still_open & (t.c.due_date < opts.today)),
            number(t.c.status == "done"),
            number((t.c.status == "done") & t.c.informed_at.is_not(None)),
            number(t.c.status == "dropped"),
        )
        .where(within_datetime(t.c.created_at, opts.spans))
        .group_by(*keys)
    )
    measures = ("total", "open", "overdue", "done", "informed", "dropped")
    # (period or TOTAL, kind or TOTAL, owner or TOTAL) -> sums, added up in one pass
    sums: dict[tuple[Hashable, ...], list[int]] = {}
    for found in session.execute(query):
        index, kind_, owner_ = found[:3]
        numbers = [int(v or 0) for v in found[3:]]
        for key in ((index, kind_, owner_), (TOTAL, kind_, owner_), (index, TOTAL, TOTAL),
                    (TOTAL, TOTAL, TOTAL)):  # fmt: skip
            into = sums.setdefault(key, [0] * len(measures))
            for n, value in enumerate(numbers):
                into[n] += value
    rows = []
    for index in (*range(len(opts.spans)), TOTAL):
        pairs = sorted(
            {(k[1], k[2]) for k in sums if k[0] == index and k[1] is not TOTAL},
            key=lambda x: (str(x[0]), str(x[1] or "")),
        )
        for kind, owner in [*pairs, (TOTAL, TOTAL)]:
            if (index, kind, owner) not in sums:
                continue
            values = sums[(index, kind, owner)]
            row: dict[str, Any] = {
                "period": period_label(opts, index),
                "kind": word("total", opts.lang) if kind is TOTAL else kind,
                "owner": ""
                if owner is TOTAL
                else (
                    owner_name(owner)
                    if owner_name and owner
                    else owner or word("not_set", opts.lang)
                ),
            }
            row |= dict(zip(measures, values, strict=True))
            rows.append(row)
    columns = [Column("period", "text"), Column("kind", "text"), Column("owner", "text")] + [
        Column(m) for m in measures
    ]
    report = Report("actions", columns, rows)
    report.notes.append(
        "By the period the item was raised. Overdue = open past its due date; done and "
        "informed = the people who raised it were told."
    )
    return report
