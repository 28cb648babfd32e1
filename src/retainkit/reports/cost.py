"""What leaving costs: yearly salary × a replacement factor by level, plus a cost per
hire, per period and breakdown; GROUP BY in SQL, then small-group suppression."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.base.vocab import LEVELS
from retainkit.reports.groups import Namer, ordered, separation_group
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
from retainkit.storage.models import Person, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def cost_settings(session: Session) -> tuple[dict[str, float], dict[str, float], float]:
    from retainkit.core.settings import load_settings

    settings = load_settings(session)
    factors = {level: float(settings.cost_factors[level]) for level in LEVELS}
    salaries = {level: float(settings.cost_salaries[level]) for level in LEVELS}
    return factors, salaries, float(settings.cost_per_hire)


def cost(session: Session, opts: Options, namer: Namer) -> Report:
    """Turnover cost per period and breakdown: salary × the level's factor + cost per hire."""
    from sqlalchemy import case, func, select

    factors, salaries, per_hire = cost_settings(session)
    s = separation_table()
    p = table_of(Person).alias("p")
    level = func.coalesce(s.c.level, "staff")
    factor = case(*((level == name, value) for name, value in factors.items()), else_=0.0)
    default_salary = case(*((level == name, value) for name, value in salaries.items()), else_=0.0)
    salary = func.coalesce(p.c.salary, default_salary)
    estimated = case((p.c.salary.is_(None), 1), else_=0)
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = ([group] if group is not None else []) + [period, estimated]
    query = (
        select(*keys, func.count(), func.sum(salary * factor + per_hire))
        .select_from(s)
        .join(p, p.c.id == s.c.person_id)
        .where(counted(s, opts))
        .group_by(*keys)
    )
    counts: dict[tuple[Hashable, ...], int] = {}
    money: dict[tuple[Hashable, ...], float] = {}
    for found in session.execute(query):
        key = tuple(found[:-2])
        counts[key] = found[-2]
        money[key] = float(found[-1] or 0)
    groups = ordered(opts.by, {key[0] for key in counts}) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [
        period_axis(opts),
        Axis("estimated", (0, 1)),
    ]
    data = cube(counts, axes, opts.min_group)

    def total_cost(group: Hashable, index: Hashable) -> float:
        return sum(
            value
            for key, value in money.items()
            if (not opts.by or group is TOTAL or key[0] == group)
            and (index is TOTAL or key[-2] == index)
        )

    rows = []
    for index, group, lead, row in cells(opts, groups, namer):
        if data.count(*lead, TOTAL) == 0:
            continue
        separations = shown(data, *lead, TOTAL)
        amount: Any = (
            SUPPRESSED if separations is SUPPRESSED else round(total_cost(group, index), 2)
        )
        row |= {
            "separations": separations,
            "estimated": shown(data, *lead, 1),
            "total_cost": amount,
            "cost_per_separation": share(amount, separations, 1.0),
        }
        rows.append(row)
    columns = [
        *lead_columns(opts),
        Column("separations"),
        Column("estimated"),
        Column("total_cost", "money"),
        Column("cost_per_separation", "money"),
    ]
    report = Report("cost", columns, rows)
    factor_text = ", ".join(f"{name} {value:g}" for name, value in factors.items())
    report.notes.append(
        f"Cost per separation = yearly salary × replacement factor by level ({factor_text}) "
        f"+ {per_hire:g} per hire; settings cost.factor.*, cost.per_hire."
    )
    estimated_total = data.count(*((TOTAL,) if opts.by else ()), TOTAL, 1)
    if estimated_total:
        report.notes.append(
            f"{estimated_total} of {data.count(*((TOTAL,) if opts.by else ()), TOTAL, TOTAL)} "
            "salaries were not known and estimated from cost.salary.<level>."
        )
    converted = session.execute(
        select(p.c.salary_months, func.count())
        .select_from(s)
        .join(p, p.c.id == s.c.person_id)
        .where(counted(s, opts), p.c.salary.is_not(None), p.c.salary_months.is_not(None))
        .group_by(p.c.salary_months)
        .order_by(p.c.salary_months)
    ).all()
    if converted:
        times = ", ".join(f"{count} × {months} months" for months, count in converted)
        report.notes.append(
            f"{sum(count for _, count in converted)} salaries were imported as monthly pay and "
            f"made yearly ({times}; setting salary.months_per_year)."
        )
    return finish(report, opts)
