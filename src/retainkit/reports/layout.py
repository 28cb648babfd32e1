"""What every report shares: which separations count, the period axis and columns, and
the rows of a period-by-breakdown table."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

from retainkit.reports.model import Column, Options, Report, count_hidden, suppressed_note, word
from retainkit.reports.suppression import TOTAL, Axis


def separation_table() -> Any:
    """SQL: the separation table under the alias "s" the reports on leavers read."""
    from retainkit.storage.models import Separation, table_of

    return table_of(Separation).alias("s")


def counted(separation: Any, opts: Options) -> Any:
    """SQL: the separations a report counts: not cancelled or withdrawn (kept: no one
    left), last day in the range, in the workbook's scope."""
    from retainkit.base.vocab import NOT_SEPARATIONS

    c = separation.c
    found = c.status.not_in(NOT_SEPARATIONS) & c.last_day.between(opts.start, opts.end)
    return found & in_scope(opts, c.department, c.manager_no)


def in_scope(opts: Options, department: Any, manager_no: Any) -> Any:
    """SQL: a row (a person, or a separation's snapshot) is in the options' scope; true
    without one."""
    from sqlalchemy import true

    scope = opts.scope
    if scope is None:
        return true()
    if scope.kind == "department":
        return department == scope.value
    return manager_no.in_(sorted(scope.managers))


def period_axis(opts: Options) -> Axis:
    return Axis("period", tuple(range(len(opts.spans))))


def period_columns(opts: Options, kind: str = "count") -> list[Column]:
    """A column per period, then the range's total."""
    return [Column(p.label, kind, p.label) for p in opts.spans] + [Column("total", kind)]


def lead_columns(opts: Options) -> list[Column]:
    """The period, then the breakdown when there is one."""
    return [Column("period", "text")] + ([Column(opts.by, "text")] if opts.by else [])


def period_label(opts: Options, index: Hashable) -> str:
    return word("total", opts.lang) if index is TOTAL else opts.spans[int(index)].label  # type: ignore[call-overload]


def cells(
    opts: Options, groups: tuple[Hashable, ...], namer: Callable[[Hashable], str]
) -> Iterator[tuple[Hashable, Hashable, tuple[Hashable, ...], dict[str, Any]]]:
    """Each row of a period-by-breakdown table, the totals last: (period index, group,
    the row's cube coordinates, the row's first cells)."""
    for index in (*range(len(opts.spans)), TOTAL):
        for group in (*groups, TOTAL) if opts.by else (TOTAL,):
            head: dict[str, Any] = {"period": period_label(opts, index)}
            if opts.by:
                head[opts.by] = namer(group)
            yield index, group, ((group, index) if opts.by else (index,)), head


def finish(report: Report, opts: Options) -> Report:
    """Count what is hidden, and say why when anything is."""
    report.suppressed = count_hidden(report.rows)
    if report.suppressed:
        report.notes.append(suppressed_note(opts.min_group))
    return report


def actions_in_scope(opts: Options, separation_id: Any) -> Any:
    """SQL: an action item (by its separation column) belongs to the options' scope: in a
    scoped workbook, the items raised about a leaver in it; all of them without a scope."""
    from sqlalchemy import select, true

    if opts.scope is None:
        return true()
    s = separation_table()
    return separation_id.in_(select(s.c.id).where(in_scope(opts, s.c.department, s.c.manager_no)))
