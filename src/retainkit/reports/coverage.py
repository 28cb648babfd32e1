"""Exit interview coverage: per period of the last day, how many leavers completed,
declined or never had an exit interview, follow-ups on time, and who would return;
GROUP BY in SQL, then small-group suppression."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from retainkit.reports.followups import followup_cube
from retainkit.reports.groups import Namer, ordered, separation_group
from retainkit.reports.layout import cells, counted, finish, lead_columns, period_axis
from retainkit.reports.model import Column, Options, Report, share, shown
from retainkit.reports.periods import bucket
from retainkit.reports.small_groups import about_few
from retainkit.reports.suppression import TOTAL, Axis, cube
from retainkit.storage.models import Answer, Contact, Interview, Separation, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EXIT_STATES = ("completed", "declined", "draft", "not_held")
INTEREST = ("yes", "maybe", "no", "unknown")


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
    follow, follow_groups = followup_cube(session, opts, by_kind=False)
    groups = ordered(opts.by, {key[0] for key in counts}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [
        period_axis(opts),
        Axis("exit", EXIT_STATES),
        Axis("interest", INTEREST),
    ]
    lead_size = 2 if opts.by else 1

    def published(key: tuple[Hashable, ...]) -> bool:
        return sum(1 for value in key[lead_size:] if value is not TOTAL) <= 1

    def public(key: tuple[Hashable, ...]) -> bool:
        return all(value is TOTAL for value in key[lead_size:])  # how many left: a fact

    few = about_few(counts, axes, range(lead_size), opts.min_group)
    data = cube(counts, axes, opts.min_group, published, public, hide=few)
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
