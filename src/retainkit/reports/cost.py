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
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, share
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


def separation_cost(session: Session, s: Any, p: Any) -> tuple[Any, Any]:
    """SQL: what one separation `s` of person `p` costs (yearly salary × the level's factor
    + the cost per hire), and 1 where the salary is estimated from the level, else 0."""
    from sqlalchemy import case, func

    factors, salaries, per_hire = cost_settings(session)
    level = func.coalesce(s.c.level, "staff")
    factor = case(*((level == name, value) for name, value in factors.items()), else_=0.0)
    default_salary = case(*((level == name, value) for name, value in salaries.items()), else_=0.0)
    salary = func.coalesce(p.c.salary, default_salary)
    return salary * factor + per_hire, case((p.c.salary.is_(None), 1), else_=0)


def cost(session: Session, opts: Options, namer: Namer) -> Report:
    """Turnover cost per period and breakdown: salary × the level's factor + cost per hire."""
    from sqlalchemy import func, select

    factors, _, per_hire = cost_settings(session)
    s = separation_table()
    p = table_of(Person).alias("p")
    each, estimated = separation_cost(session, s, p)
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = ([group] if group is not None else []) + [period, estimated]
    query = (
        select(*keys, func.count(), func.sum(each))
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
    lead_size = 1 if opts.by else 0

    # Each (group, period) cell's separations, estimated salaries and cost, with totals.
    sums: dict[tuple[Hashable, Hashable], list[float]] = {}
    for key, count in counts.items():
        group, index = (key[0] if opts.by else TOTAL), key[lead_size]
        for place in {(group, index), (group, TOTAL), (TOTAL, index), (TOTAL, TOTAL)}:
            adding = sums.setdefault(place, [0, 0, 0.0])
            adding[0] += count
            adding[1] += count if key[-1] == 1 else 0
            adding[2] += money[key]

    # How many left is a fact; what they cost is the sum of their salaries, hidden where
    # fewer than report.min_group known salaries go into it (and its complements). Costs
    # made only of estimated salaries come from the settings and reveal nobody's pay.
    known = {key[:-1]: count for key, count in counts.items() if key[-1] == 0}
    axes = ([Axis("group", groups)] if opts.by else []) + [period_axis(opts)]
    pay = cube(known, axes, opts.min_group)

    rows = []
    for index, group, lead, row in cells(opts, groups, namer):
        separations, leavers_estimated, spent = sums.get((group, index), [0, 0, 0.0])
        if separations == 0:
            continue
        amount: Any = SUPPRESSED if pay.shown(*lead) is None else round(spent, 2)
        row |= {
            "separations": int(separations),
            "estimated": int(leavers_estimated),
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
    every, estimated_total, _ = sums.get((TOTAL, TOTAL), [0, 0, 0.0])
    if estimated_total:
        report.notes.append(
            f"{int(estimated_total)} of {int(every)} "
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
