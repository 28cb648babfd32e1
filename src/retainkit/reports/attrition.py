"""Why people leave, how many, and what it costs: the reasons, turnover and cost reports,
each computed with GROUP BY in SQL, then protected by small-group suppression."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.base.vocab import LEVELS, VOLUNTARY_KINDS
from retainkit.core.reasons import taxonomy
from retainkit.reports.groups import (
    Namer,
    first_year,
    ordered,
    separation_group,
    tenure_band,
)
from retainkit.reports.layout import (
    cells,
    counted,
    finish,
    lead_columns,
    period_axis,
    period_columns,
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
from retainkit.reports.periods import bucket
from retainkit.reports.suppression import TOTAL, Axis, Subtotal, cube
from retainkit.storage.models import (
    Interview,
    Person,
    Separation,
    StatedReason,
    VerifiedReason,
    table_of,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_RECORDED = "not_recorded"


def _separations() -> Any:
    return table_of(Separation).alias("s")


# -- reasons ------------------------------------------------------------------------------------


def _stated(primary: bool) -> Any:
    """SQL: (separation_id, code) of the stated reasons in completed exit interviews."""
    from sqlalchemy import select

    i, r = table_of(Interview), table_of(StatedReason)
    return (
        select(i.c.separation_id, r.c.code)
        .join(r, r.c.interview_id == i.c.id)
        .where(
            i.c.kind == "exit",
            i.c.status == "completed",
            i.c.separation_id.is_not(None),
            r.c.is_primary.is_(primary),
        )
        .distinct()
    )


def _verified(primary: bool) -> Any:
    from sqlalchemy import select

    v = table_of(VerifiedReason)
    return select(v.c.separation_id, v.c.code).where(v.c.is_primary.is_(primary))


def _reason_source(primary: bool, use_verified: bool) -> Any:
    """SQL: (separation_id, code) of the reasons a report counts: verified ones where a
    separation has them (with --verified), stated ones otherwise."""
    from sqlalchemy import exists, select, union_all

    stated = _stated(primary)
    if not use_verified:
        return stated.subquery()
    v = table_of(VerifiedReason)
    st = stated.subquery()
    has_verified = exists(select(v.c.separation_id).where(v.c.separation_id == st.c.separation_id))
    return union_all(
        _verified(primary), select(st.c.separation_id, st.c.code).where(~has_verified)
    ).subquery()


def reasons(session: Session, opts: Options, namer: Namer, *, use_verified: bool = False) -> Report:
    """Separations by primary reason per period (and breakdown), with company-controlled
    and personal subtotals; contributing reasons counted separately below."""
    from sqlalchemy import func, select

    s = _separations()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = [period] + ([group] if group is not None else [])

    primary = _reason_source(True, use_verified)
    code = func.coalesce(primary.c.code, NOT_RECORDED)
    query = (
        select(*keys, code, func.count())
        .select_from(s)
        .outerjoin(primary, primary.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(*keys, code)
    )
    first = {_key(row, opts): row[-1] for row in session.execute(query)}

    contributing = _reason_source(False, use_verified)
    query = (
        select(*keys, contributing.c.code, func.count())
        .select_from(s)
        .join(contributing, contributing.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(*keys, contributing.c.code)
    )
    others = {_key(row, opts): row[-1] for row in session.execute(query)}

    known = taxonomy()
    seen = {key[-1] for key in (*first, *others)}
    codes = tuple(known) + tuple(
        sorted(str(c) for c in seen if c not in known and c != NOT_RECORDED)
    )
    controllable = tuple(c for c in codes if c in known and known[c].controllable)
    personal = tuple(c for c in codes if c not in controllable)
    groups = ordered(opts.by, (key[0] for key in (*first, *others))) if opts.by else ()

    def axes(reason_axis: Axis) -> list[Axis]:
        return ([Axis("group", groups)] if opts.by else []) + [reason_axis, period_axis(opts)]

    primary_cube = cube(
        first,
        axes(
            Axis(
                "reason",
                (*codes, NOT_RECORDED),
                (("controllable", controllable), ("personal", personal)),
            )
        ),
        opts.min_group,
    )
    other_cube = cube(others, axes(Axis("reason", codes)), opts.min_group)

    def label(value: Hashable, total_word: str) -> tuple[str, str]:
        if value is TOTAL:
            return "", word(total_word, opts.lang)
        if isinstance(value, Subtotal):
            return "", word(value.name, opts.lang)
        if value == NOT_RECORDED:
            return "", word(NOT_RECORDED, opts.lang)
        found = known.get(str(value))
        return str(value), found.label(opts.lang) if found else str(value)

    rows: list[dict[str, Any]] = []
    for group in (*groups, TOTAL) if opts.by else (None,):
        lead = (group,) if opts.by else ()
        for kind, data, reason_coords, total_word in (
            (
                "primary",
                primary_cube,
                (*controllable, *personal, Subtotal("controllable"), Subtotal("personal"),
                 NOT_RECORDED, TOTAL),
                "all_separations",
            ),
            ("contributing", other_cube, (*codes, TOTAL), "all_mentions"),
        ):  # fmt: skip
            for reason in reason_coords:
                if reason in codes and data.count(*lead, reason, TOTAL) == 0:
                    continue  # a reason nobody gave: no row
                code_value, text = label(reason, total_word)
                row: dict[str, Any] = {opts.by: namer(group)} if opts.by else {}
                row |= {"type": word(kind, opts.lang), "code": code_value, "reason": text}
                for index, span in enumerate(opts.spans):
                    row[span.label] = shown(data, *lead, reason, index)
                row["total"] = shown(data, *lead, reason, TOTAL)
                rows.append(row)
    columns = [
        *([Column(opts.by, "text")] if opts.by else []),
        Column("type", "text"),
        Column("code", "text"),
        Column("reason", "text"),
        *period_columns(opts),
    ]
    report = Report("reasons", columns, rows)
    source = "verified reasons where recorded, stated otherwise" if use_verified else "stated"
    report.notes.append(
        f"Primary reasons ({source}) count each separation once; contributing reasons are "
        "counted separately, a separation may give several."
    )
    return finish(report, opts)


def _key(row: Any, opts: Options) -> tuple[Hashable, ...]:
    """A result row's cube key: (group, code, period) or (code, period)."""
    period, *rest = row[:-1]
    return (*rest, period)


def compare(session: Session, opts: Options) -> Report:
    """Stated against verified primary reasons, for the separations HR verified."""
    from sqlalchemy import func, select

    s = _separations()
    stated = _stated(True).subquery()
    verified = _verified(True).subquery()
    stated_code = func.coalesce(stated.c.code, NOT_RECORDED)
    query = (
        select(stated_code, verified.c.code, func.count())
        .select_from(s)
        .join(verified, verified.c.separation_id == s.c.id)
        .outerjoin(stated, stated.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(stated_code, verified.c.code)
    )
    counts: dict[tuple[Hashable, ...], int] = {(a, b): n for a, b, n in session.execute(query)}
    known = taxonomy()
    seen = {code for pair in counts for code in pair}
    codes = tuple(c for c in known if c in seen) + tuple(
        sorted(str(c) for c in seen if c not in known and c != NOT_RECORDED)
    )
    stated_codes = (*codes, NOT_RECORDED) if NOT_RECORDED in seen else codes

    def published(key: tuple[Hashable, ...]) -> bool:
        a, b = key
        return a is TOTAL or b is TOTAL or a == b

    data = cube(
        counts, [Axis("stated", stated_codes), Axis("verified", codes)], opts.min_group, published
    )
    rows = []
    for code in (*stated_codes, TOTAL):
        found = known.get(str(code))
        in_verified = code in codes or code is TOTAL
        rows.append(
            {
                "code": "" if code is TOTAL or code == NOT_RECORDED else code,
                "reason": word("total", opts.lang)
                if code is TOTAL
                else (found.label(opts.lang) if found else word(str(code), opts.lang)),
                "stated": shown(data, code, TOTAL),
                "verified": shown(data, TOTAL, code) if in_verified else 0,
                "agree": shown(data, code, code) if in_verified and code is not TOTAL else None,
            }
        )
    agree_total = sum(counts.get((c, c), 0) for c in codes)
    total = data.count(TOTAL, TOTAL)
    columns = [
        Column("code", "text"),
        Column("reason", "text"),
        Column("stated"),
        Column("verified"),
        Column("agree"),
    ]
    report = Report("compare", columns, rows)
    if total:
        report.notes.append(
            f"{total} verified separations from {opts.start} to {opts.end}; the stated and "
            f"verified primary reasons agree for {agree_total} "
            f"({round(agree_total / total * 100, 1)}%)."
            if opts.min_group <= 1 or agree_total >= opts.min_group
            else f"{total} verified separations from {opts.start} to {opts.end}."
        )
    return finish(report, opts)


# -- turnover -----------------------------------------------------------------------------------


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


def _turnover_cube(session: Session, opts: Options, extra_groups: set[Hashable]) -> Any:
    from sqlalchemy import case, func, select

    s = _separations()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    flags = [
        case((s.c.kind.in_(VOLUNTARY_KINDS), 1), else_=0),
        case((s.c.regrettable, 1), else_=0),
        first_year(s.c.hire_date, s.c.last_day),
    ]
    keys = ([group] if group is not None else []) + [period, *flags]
    query = select(*keys, func.count()).where(counted(s, opts)).group_by(*keys)
    counts = {tuple(row[:-1]): row[-1] for row in session.execute(query)}
    groups = ordered(opts.by, {key[0] for key in counts} | extra_groups) if opts.by else ()
    axes = (
        ([Axis("group", groups)] if opts.by else [])
        + [period_axis(opts)]
        + [Axis(flag, (0, 1)) for flag in FLAGS]
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
        row |= {
            "separations": separations,
            "headcount": round(headcount, 2),
            "turnover_rate": share(separations, headcount),
            "voluntary_count": voluntary,
            "voluntary_rate": share(voluntary, headcount),
            "regrettable": regrettable,
            "regrettable_rate": share(regrettable, headcount),
            "first_year": early,
            "first_year_rate": share(early, separations),
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
    return finish(report, opts)


# -- cost ---------------------------------------------------------------------------------------


def cost_settings(session: Session) -> tuple[dict[str, float], dict[str, float], float]:
    from retainkit.core.settings import settings_map

    values = settings_map(session)
    factors = {level: float(values[f"cost.factor.{level}"]) for level in LEVELS}
    salaries = {level: float(values[f"cost.salary.{level}"]) for level in LEVELS}
    return factors, salaries, float(values["cost.per_hire"])


def cost(session: Session, opts: Options, namer: Namer) -> Report:
    """Turnover cost per period and breakdown: salary × the level's factor + cost per hire."""
    from sqlalchemy import case, func, select

    factors, salaries, per_hire = cost_settings(session)
    s = _separations()
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
    return finish(report, opts)
