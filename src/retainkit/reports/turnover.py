"""How many leave: separations, average headcount and the turnover, voluntary,
regrettable and first-year rates per period; GROUP BY in SQL, then small-group
suppression."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.base.vocab import VOLUNTARY_KINDS
from retainkit.reports.groups import Namer, first_year, ordered, separation_group, tenure_band
from retainkit.reports.layout import (
    cells,
    counted,
    finish,
    lead_columns,
    period_axis,
    separation_table,
)
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, share, shown
from retainkit.reports.periods import bucket
from retainkit.reports.suppression import TOTAL, Axis, cube
from retainkit.storage.models import Person, Separation, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _spells() -> Any:
    """SQL: each stretch of employment: (start, end, department, manager_no, level,
    hire_date); one per separation (as snapshotted), and the current one of each person
    not leaving, starting at their last rehire."""
    from sqlalchemy import func, null, select, union_all

    s = table_of(Separation)
    p = table_of(Person)
    rehired = (
        select(func.max(s.c.rehired_on))
        .where(s.c.person_id == p.c.id, s.c.status == "rehired")
        .scalar_subquery()
    )
    leaving = select(s.c.id).where(s.c.person_id == p.c.id, s.c.status == "open").exists()
    ended = select(
        s.c.hire_date.label("start"),
        s.c.last_day.label("end"),
        s.c.department,
        s.c.manager_no,
        s.c.level,
        s.c.hire_date,
    ).where(s.c.status != "cancelled")
    current = select(
        func.coalesce(rehired, p.c.hire_date).label("start"),
        null().label("end"),
        p.c.department,
        p.c.manager_no,
        p.c.level,
        func.coalesce(rehired, p.c.hire_date).label("hire_date"),
    ).where(~leaving)
    return union_all(ended, current).subquery("spell")


def headcounts(session: Session, opts: Options) -> dict[tuple[Hashable, int], float]:
    """Average headcount per (group, period index), TOTAL for all groups: the mean of the
    headcount on the period's first and last day."""
    from sqlalchemy import Date, case, func, literal, select

    spell = _spells()
    days = sorted({d for p in opts.spans for d in (p.start, p.end)})

    def alive(day: Any) -> Any:
        at = literal(day, Date)
        return (spell.c.start.is_(None) | (spell.c.start <= at)) & (
            spell.c.end.is_(None) | (spell.c.end >= at)
        )

    at_day: dict[tuple[Hashable, Any], int] = {}
    if opts.by == "tenure":
        columns = [
            func.sum(case((alive(d) & (tenure_band(spell.c.hire_date, literal(d, Date)) == b), 1),
                          else_=0))
            for d in days
            for b in ("under_1", "1_3", "3_5", "5_plus", "unknown")
        ]  # fmt: skip
        (values,) = session.execute(select(*columns)).all()
        bands = ("under_1", "1_3", "3_5", "5_plus", "unknown")
        for n, value in enumerate(values):
            at_day[(bands[n % 5], days[n // 5])] = int(value or 0)
    else:
        group_column = {
            "department": spell.c.department,
            "manager": spell.c.manager_no,
            "level": spell.c.level,
        }.get(opts.by or "")
        columns = [func.sum(case((alive(d), 1), else_=0)) for d in days]
        keys = [group_column] if group_column is not None else []
        for row in session.execute(select(*keys, *columns).group_by(*keys)):
            group = row[0] if keys else TOTAL
            for n, day in enumerate(days):
                at_day[(group, day)] = int(row[len(keys) + n] or 0)
    groups = {group for group, _ in at_day}
    if TOTAL not in groups:  # broken down: all staff is the sum of the groups
        for day in days:
            at_day[(TOTAL, day)] = sum(at_day.get((g, day), 0) for g in groups)
    result: dict[tuple[Hashable, int], float] = {}
    for group in groups | {TOTAL}:
        for index, span in enumerate(opts.spans):
            pair = (at_day.get((group, span.start), 0), at_day.get((group, span.end), 0))
            result[(group, index)] = sum(pair) / 2
    return result


FLAGS = ("voluntary", "regrettable", "first_year")
UNKNOWN = 2
"""The first_year flag of a leaver whose hire date is not known."""


def _turnover_cube(session: Session, opts: Options, extra_groups: set[Hashable]) -> Any:
    from sqlalchemy import case, func, select

    s = separation_table()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    flags = [
        case((s.c.kind.in_(VOLUNTARY_KINDS), 1), else_=0),
        case((s.c.regrettable, 1), else_=0),
        # 2: the hire date is not known, so neither is whether it was the first year
        case((s.c.hire_date.is_(None), UNKNOWN), else_=first_year(s.c.hire_date, s.c.last_day)),
    ]
    keys = ([group] if group is not None else []) + [period, *flags]
    query = select(*keys, func.count()).where(counted(s, opts)).group_by(*keys)
    counts = {tuple(row[:-1]): row[-1] for row in session.execute(query)}
    groups = ordered(opts.by, {key[0] for key in counts} | extra_groups) if opts.by else ()
    axes = (
        ([Axis("group", groups)] if opts.by else [])
        + [period_axis(opts)]
        + [Axis(flag, (0, 1, UNKNOWN) if flag == "first_year" else (0, 1)) for flag in FLAGS]
    )
    lead = 2 if opts.by else 1

    def published(key: tuple[Hashable, ...]) -> bool:
        return sum(1 for value in key[lead:] if value is not TOTAL) <= 1

    return cube(counts, axes, opts.min_group, published), groups


def turnover(session: Session, opts: Options, namer: Namer) -> Report:
    """Separations, average headcount and the rates, per period and breakdown."""
    heads = headcounts(session, opts)
    extra = {g for g, _ in heads if g is not TOTAL} if opts.by not in (None, "kind") else set()
    data, groups = _turnover_cube(session, opts, extra)
    rows = []
    for index, group, lead, row in cells(opts, groups, namer):
        # kinds of departure are not groups of staff: their rates are over all staff
        heads_key = TOTAL if opts.by == "kind" else group
        if index is TOTAL:
            each = [heads.get((heads_key, i), 0.0) for i in range(len(opts.spans))]
            headcount = sum(each) / len(each) if each else 0.0
        else:
            headcount = heads.get((heads_key, index), 0.0)  # type: ignore[arg-type]
        separations = shown(data, *lead, TOTAL, TOTAL, TOTAL)
        if data.count(*lead, TOTAL, TOTAL, TOTAL) == 0 and not headcount:
            continue
        voluntary = shown(data, *lead, 1, TOTAL, TOTAL)
        regrettable = shown(data, *lead, TOTAL, 1, TOTAL)
        early = shown(data, *lead, TOTAL, TOTAL, 1)
        known = _known(separations, shown(data, *lead, TOTAL, TOTAL, UNKNOWN))
        if known == 0:
            early = None  # nobody's hire date is known: unknown, not 0
        row |= {
            "separations": separations,
            "headcount": round(headcount, 2),
            "turnover_rate": share(separations, headcount),
            "voluntary_count": voluntary,
            "voluntary_rate": share(voluntary, headcount),
            "regrettable": regrettable,
            "regrettable_rate": share(regrettable, headcount),
            "first_year": early,
            "first_year_rate": share(early, known),
        }
        rows.append(row)
    columns = [
        *lead_columns(opts),
        Column("separations"),
        Column("headcount", "number"),
        Column("turnover_rate", "rate"),
        Column("voluntary_count"),
        Column("voluntary_rate", "rate"),
        Column("regrettable"),
        Column("regrettable_rate", "rate"),
        Column("first_year"),
        Column("first_year_rate", "rate"),
    ]
    report = Report("turnover", columns, rows)
    report.notes.append(
        "Rates are per period, not annualised: separations / average headcount × 100; "
        "average headcount = (headcount on the first day + on the last day) / 2; "
        "first-year turnover = leavers with under a year of service / all leavers × 100."
    )
    if opts.by == "kind":
        report.notes.append("By kind, every rate is over the whole headcount.")
    unknown = data.count(*((TOTAL,) if opts.by else ()), TOTAL, TOTAL, TOTAL, UNKNOWN)
    if unknown:
        report.notes.append(
            f"{unknown} leavers have no hire date: first-year figures leave them out, and are "
            "blank where no leaver's hire date is known."
        )
    return finish(report, opts)


def _known(separations: Any, unknown: Any) -> Any:
    """Leavers whose hire date is known: hidden where either count is."""
    if separations is SUPPRESSED or unknown is SUPPRESSED:
        return SUPPRESSED
    return separations - unknown
