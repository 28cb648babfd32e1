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
    left), last day in the range."""
    from retainkit.base.vocab import NOT_SEPARATIONS

    c = separation.c
    return c.status.not_in(NOT_SEPARATIONS) & c.last_day.between(opts.start, opts.end)


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
