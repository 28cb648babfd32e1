"""Whether the loop is closed after leaving: follow-up contacts whose window closed in
the range, by kind: due, done on time, late, not done; GROUP BY in SQL."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import Namer, ordered, separation_group
from retainkit.reports.layout import cells, finish, in_scope, lead_columns, period_axis
from retainkit.reports.model import Column, Options, Report, share, shown, word
from retainkit.reports.periods import bucket
from retainkit.reports.small_groups import about_few
from retainkit.reports.suppression import TOTAL, Axis, cube
from retainkit.storage.models import FollowUp, Separation, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FOLLOWUP_KINDS = ("first", "mid", "yearly_care", "rehire_check")
FOLLOWUP_OUTCOMES = ("done_on_time", "done_late", "not_done")


def followup_cube(
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
            in_scope(opts, s.c.department, s.c.manager_no),
        )
        .group_by(*keys, outcome)
    )
    counts = {tuple(row[:-1]): row[-1] for row in session.execute(query)}
    groups = ordered(opts.by, {key[0] for key in counts}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [period_axis(opts)]
    axes += [Axis("kind", FOLLOWUP_KINDS)] if by_kind else []
    axes.append(Axis("outcome", FOLLOWUP_OUTCOMES))
    # "0 done on time" of fewer than report.min_group contacts tells of each of them
    few = about_few(counts, axes, range(len(axes) - 1), opts.min_group)
    return cube(counts, axes, opts.min_group, hide=few), groups


def followups(session: Session, opts: Options, namer: Namer) -> Report:
    """Follow-up contacts after leaving by kind: due, done on time, late, not done."""
    data, groups = followup_cube(session, opts, by_kind=True)
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
