"""What interviews asked for: action items by the period they were raised, kind and
owner: open, overdue, done, done and the people told, dropped; GROUP BY in SQL."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.reports.layout import actions_in_scope, period_label
from retainkit.reports.model import Column, Options, Report, word
from retainkit.reports.periods import bucket_datetime, within_datetime
from retainkit.reports.suppression import TOTAL
from retainkit.storage.models import ActionItem, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
        .where(
            within_datetime(t.c.created_at, opts.spans), actions_in_scope(opts, t.c.separation_id)
        )
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
