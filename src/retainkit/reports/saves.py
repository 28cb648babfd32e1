"""Saves: leavers kept. Per period of the last day: the retention chances (a separation
with a retention action item, or a decision recorded), how many were decided, the saves
(retained: the separation withdrawn) and exits confirmed, the save rate (saves / chances
decided × 100), and the turnover cost avoided: what the saved separations would have cost,
computed as `report cost` computes cost. GROUP BY in SQL; the cost avoided is hidden where
fewer than report.min_group known salaries go into it, as in `report cost`."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.reports.cost import separation_cost
from retainkit.reports.layout import cells, finish, period_axis, separation_table
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, share
from retainkit.reports.periods import bucket
from retainkit.reports.summary import Measure
from retainkit.reports.suppression import TOTAL, cube
from retainkit.storage.models import ActionItem, Interview, Person, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

COLUMNS = ("chances", "decided", "saves", "exits_confirmed", "save_rate", "cost_avoided")


def saves(session: Session, opts: Options) -> Report:
    """Retention chances and how they ended, per period of the last day, with the total."""
    from sqlalchemy import func, or_, select

    s = separation_table()
    p = table_of(Person).alias("p")
    a = table_of(ActionItem)
    i = table_of(Interview)
    each, estimated = separation_cost(session, s, p)
    # A retention action item on the separation or on one of its interviews: two lists of
    # separations, each made once (a subquery per separation took seconds).
    retention = a.c.escalation == "retention"
    raised = or_(
        s.c.id.in_(select(a.c.separation_id).where(retention, a.c.separation_id.is_not(None))),
        s.c.id.in_(
            select(i.c.separation_id)
            .join(a, a.c.interview_id == i.c.id)
            .where(retention, i.c.separation_id.is_not(None))
        ),
    )
    period = bucket(s.c.last_day, opts.spans)
    decision = func.coalesce(s.c.retention_decision, "undecided")
    keys = [period, decision, estimated]
    query = (
        select(*keys, func.count(), func.sum(each))
        .select_from(s)
        .join(p, p.c.id == s.c.person_id)
        .where(
            s.c.status != "cancelled",
            s.c.last_day.between(opts.start, opts.end),
            or_(s.c.retention_decision.is_not(None), raised),
        )
        .group_by(*keys)
    )
    # (period or TOTAL) -> chances, decided, saves, confirmed, cost avoided
    sums: dict[Hashable, list[float]] = {}
    known: dict[tuple[Hashable, ...], int] = {}
    for found in session.execute(query):
        index, chosen, guessed, count, money = tuple(found)
        for place in (index, TOTAL):
            adding = sums.setdefault(place, [0, 0, 0, 0, 0.0])
            adding[0] += count
            adding[1] += count if chosen != "undecided" else 0
            adding[2] += count if chosen == "retained" else 0
            adding[3] += count if chosen == "left" else 0
            adding[4] += float(money or 0) if chosen == "retained" else 0.0
        if chosen == "retained" and guessed == 0:
            known[(index,)] = known.get((index,), 0) + count
    pay = cube(known, [period_axis(opts)], opts.min_group)
    rows = []
    for index, _, lead, row in cells(opts, (), str):
        chances, decided, kept, confirmed, avoided = sums.get(index, [0, 0, 0, 0, 0.0])
        if not chances:
            continue
        amount: Any = round(avoided, 2)
        if known and pay.shown(*lead) is None:
            amount = SUPPRESSED
        row |= {
            "chances": int(chances),
            "decided": int(decided),
            "saves": int(kept),
            "exits_confirmed": int(confirmed),
            "save_rate": share(kept, decided),
            "cost_avoided": amount,
        }
        rows.append(row)
    columns = [Column("period", "text"), *(Column(key) for key in COLUMNS[:4])]
    columns += [Column("save_rate", "rate"), Column("cost_avoided", "money")]
    report = Report("saves", columns, rows)
    report.notes.append(
        "By the period of the last day. A retention chance: a separation with a retention "
        "action item or a recorded decision. Save: retained (separation withdraw); save rate "
        "= saves / chances decided × 100. Cost avoided: what the saved separations would "
        "have cost, as report cost computes it (settings cost.*)."
    )
    return finish(report, opts)


def saves_measure(report: Report, opts: Options) -> Measure:
    """The Dashboard's Saves tile: saves in the last period, against the one before."""
    labels = [span.label for span in opts.spans]

    def value(label: str | None) -> int | None:
        if label is None:
            return None
        row = next((r for r in report.rows if r.get("period") == label), None)
        return int(row["saves"]) if row else None  # no retention chance: "–", not a 0

    now = value(labels[-1])
    before = value(labels[-2] if len(labels) > 1 else None)
    change = None if before is None or now is None else float(now - before)
    return Measure("saves", "count", now, before, change)
