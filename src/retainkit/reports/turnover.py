"""How many leave: separations by kind, average (daily) headcount and the turnover rates
per period, annualised and over the trailing twelve months; early attrition, hires who
left within a year and the twelve-month retention rate. GROUP BY in SQL.

Headcount, separations and their kinds are facts the organisation knows and are never
hidden; only the regrettable flag (a judgement about one person) is suppressed below
report.min_group, with its complements.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from retainkit.base.vocab import NOT_SEPARATIONS
from retainkit.reports import headcount as heads_of
from retainkit.reports.groups import Namer, ordered, separation_group, years_between
from retainkit.reports.layout import (
    cells,
    counted,
    finish,
    in_scope,
    lead_columns,
    separation_table,
)
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, share, shown
from retainkit.reports.periods import Period, anniversary, annualising, bucket, trailing_year
from retainkit.reports.small_groups import about_few
from retainkit.reports.suppression import TOTAL, Axis, cube

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CLASSES = {
    "voluntary": "resignation",
    "retirement": "retirement",
    "involuntary": "involuntary",
    "end_of_contract": "involuntary",
    "layoff": "involuntary",
}
"""Kinds of separation as the rates count them: resignations (voluntary), retirements, and
involuntary ones (dismissal, end of contract, layoff)."""

UNKNOWN = 2
"""The first-year flag of a leaver whose hire date is unknown."""


def _facts(session: Session, opts: Options) -> tuple[dict[tuple[Any, ...], int], set[Hashable]]:
    """Separations per (group, period, kind, regrettable, first year), the group left out
    without a breakdown; first year is 1, 0 or UNKNOWN."""
    from sqlalchemy import case, func, select

    s = separation_table()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    early = case(
        (s.c.hire_date.is_(None), UNKNOWN),
        (years_between(s.c.hire_date, s.c.last_day) < 1, 1),
        else_=0,
    )
    regrettable = case((s.c.regrettable, 1), else_=0)
    keys = ([group] if group is not None else []) + [period, s.c.kind, regrettable, early]
    query = select(*keys, func.count()).where(counted(s, opts)).group_by(*keys)
    found = {tuple(row[:-1]): int(row[-1]) for row in session.execute(query)}
    return found, ({key[0] for key in found} if opts.by else set())


def _trailing(session: Session, opts: Options) -> dict[tuple[Hashable, int], int]:
    """Separations in the twelve months up to each period's last day, per (group, index)."""
    from sqlalchemy import case, func, select

    s = separation_table()
    group = separation_group(opts.by, s)
    keys = [group] if group is not None else []
    windows = [trailing_year(span) for span in opts.spans]
    columns = [func.sum(case((s.c.last_day.between(w.start, w.end), 1), else_=0)) for w in windows]
    query = (
        select(*keys, *columns)
        .where(
            s.c.status.not_in(NOT_SEPARATIONS),
            s.c.last_day.between(windows[0].start, windows[-1].end),
            in_scope(opts, s.c.department, s.c.manager_no),
        )
        .group_by(*keys)
    )
    result: dict[tuple[Hashable, int], int] = {}
    for row in session.execute(query):
        value = row[0] if keys else TOTAL
        for index, count in enumerate(row[len(keys) :]):
            for target in {value, TOTAL}:
                result[(target, index)] = result.get((target, index), 0) + int(count or 0)
    return result


def turnover(session: Session, opts: Options, namer: Namer) -> Report:
    """Separations, average headcount and the rates, per period and breakdown."""
    facts, seen = _facts(session, opts)
    lead_size = 1 if opts.by else 0
    staff = opts.by in (None, *_STAFF)
    spells = heads_of.stretches(session, opts.by if staff else None, opts)
    steps = heads_of.daily(spells, opts.by if opts.by != "kind" else None)
    extra = {g for g in steps if g is not TOTAL} if opts.by not in (None, "kind") else set()
    groups = ordered(opts.by, seen | extra) if opts.by else ()
    whole = Period("", opts.start, opts.end)
    trailing = _trailing(session, opts)
    retained = heads_of.retention(spells, opts.spans) if staff else {}
    hired = heads_of.hires(spells, opts.spans) if staff else {}

    # The regrettable flag is about one person: hidden below report.min_group.
    # So is a zero of fewer than that many leavers ("0 of 2": neither was regrettable).
    regret: dict[tuple[Hashable, ...], int] = {}
    leavers: dict[tuple[Hashable, ...], int] = {}
    for key, count in facts.items():
        short = key[: lead_size + 1]
        leavers[short] = leavers.get(short, 0) + count
        if key[lead_size + 2] == 1:
            regret[short] = regret.get(short, 0) + count
    axes = ([Axis("group", groups)] if opts.by else []) + [
        Axis("period", tuple(range(len(opts.spans))))
    ]
    few = about_few(leavers, axes, range(len(axes)), opts.min_group)
    regret_cube = cube(regret, axes, opts.min_group, hide=few)

    # Every (group, period) cell's figures, with the totals of groups and of the range.
    sums: dict[tuple[Hashable, Hashable], dict[str, int]] = {}
    for key, count in facts.items():
        group, index = (key[0] if opts.by else TOTAL), key[lead_size]
        kind, early = key[lead_size + 1], key[lead_size + 3]
        names: tuple[str, ...] = ("separations", CLASSES.get(kind, "other"))
        names += ("known",) if early != UNKNOWN else ()
        names += ("early",) if early == 1 else ()
        for place in {(group, index), (group, TOTAL), (TOTAL, index), (TOTAL, TOTAL)}:
            found = sums.setdefault(place, {})
            for name in names:
                found[name] = found.get(name, 0) + count

    rows = []
    for index, group, lead, row in cells(opts, groups, namer):
        # kinds of departure are not groups of staff: their rates are over all staff
        heads_key = TOTAL if opts.by == "kind" else group
        step = steps.get(heads_key)
        span = whole if index is TOTAL else opts.spans[int(index)]  # type: ignore[call-overload]
        headcount = step.mean(span) if step else 0.0
        figures = sums.get((group, index), {})
        separations = figures.get("separations", 0)
        if separations == 0 and not headcount:
            continue
        kinds = {n: figures.get(n, 0) for n in ("resignation", "retirement", "involuntary")}
        known, early = figures.get("known", 0), figures.get("early", 0)
        regrettable = shown(regret_cube, *lead)
        rate = share(separations, headcount)
        row |= {
            "separations": separations,
            "headcount": round(headcount, 2),
            "turnover_rate": rate,
            "annualised_rate": _annualised(separations, headcount, span),
            "voluntary_count": kinds["resignation"],
            "voluntary_rate": share(kinds["resignation"], headcount),
            "retirements": kinds["retirement"],
            "retirement_rate": share(kinds["retirement"], headcount),
            "involuntary_count": kinds["involuntary"],
            "involuntary_rate": share(kinds["involuntary"], headcount),
            "regrettable": regrettable,
            "regrettable_rate": share(regrettable, headcount),
            "first_year": early if known else None,  # unknown, not 0, without hire dates
            "first_year_rate": share(early, known),
            "hire_date_unknown": separations - known,
            # not columns: what the Dashboard and the Summary compare, annualised
            "voluntary_annualised": _annualised(kinds["resignation"], headcount, span),
            "involuntary_annualised": _annualised(kinds["involuntary"], headcount, span),
            "regrettable_annualised": _annualised(regrettable, headcount, span),
        }
        row |= _year_figures(opts, group, index, heads_key, steps, trailing, retained, hired)
        rows.append(row)
    report = Report("turnover", _columns(opts), rows)
    report.notes.append(
        "Average headcount = the mean of the daily headcount over the period. Turnover rate "
        "= separations / average headcount × 100 for the period; annualised = that rate × "
        "the days of a year / the days of the period; trailing 12 months = separations in "
        "the 12 months to the period's last day / their average headcount × 100."
    )
    report.notes.append(
        "Voluntary = resignations; retirements and involuntary separations (dismissal, end "
        "of contract, layoff) are counted apart. First-year share = leavers with under a "
        "year of service / leavers whose hire date is known × 100. New-hire turnover = hires "
        "of the period who left within 12 months / those hires × 100, once 12 months have "
        "passed. 12-month retention = employed a year before the period's last day and "
        "still employed on it / employed a year before × 100."
    )
    if opts.by == "kind":
        report.notes.append("By kind, every rate is over the whole headcount.")
    everyone = sums.get((TOTAL, TOTAL), {})
    unknown = everyone.get("separations", 0) - everyone.get("known", 0)
    if unknown:
        report.notes.append(
            f"{unknown} leavers have no hire date: first-year figures leave them out, and are "
            "blank where no leaver's hire date is known."
        )
    return finish(report, opts)


_STAFF = ("department", "manager", "level")
"""Breakdowns that are groups of staff, for which hires and retention mean something."""


def _annualised(separations: Any, headcount: float, span: Period) -> Any:
    """The period's rate as a rate per year, from the unrounded figures; hidden where the
    count is."""
    if separations is SUPPRESSED:
        return SUPPRESSED
    if not headcount:
        return None
    return round(separations / headcount * 100 * annualising(span), 1)


def _year_figures(
    opts: Options,
    group: Hashable,
    index: Hashable,
    heads_key: Hashable,
    steps: dict[Hashable, heads_of.Steps],
    trailing: dict[tuple[Hashable, int], int],
    retained: dict[tuple[Hashable, int], tuple[int, int]],
    hired: dict[tuple[Hashable, int], tuple[int, int]],
) -> dict[str, Any]:
    """The trailing-twelve-month rate, new-hire turnover and retention of a row; None on
    the range's total row (they belong to a period) and where they mean nothing."""
    if index is TOTAL:
        return {"ttm_rate": None, "hires": None, "new_hire_turnover": None, "retention_rate": None}
    position = int(index)  # type: ignore[call-overload]
    span = opts.spans[position]
    step = steps.get(heads_key)
    window_heads = step.mean(trailing_year(span)) if step else 0.0
    staff = opts.by in (None, *_STAFF)
    hires_then, gone = hired.get((group, position), (0, 0))
    complete = anniversary(span.end, 1) <= opts.today
    before, still = retained.get((group, position), (0, 0))
    return {
        "ttm_rate": share(trailing.get((group, position), 0), window_heads),
        "hires": hires_then if staff else None,
        "new_hire_turnover": share(gone, hires_then) if staff and complete else None,
        "retention_rate": share(still, before) if staff else None,
    }


def _columns(opts: Options) -> list[Column]:
    return [
        *lead_columns(opts),
        Column("separations"),
        Column("headcount", "number"),
        Column("turnover_rate", "rate"),
        Column("annualised_rate", "rate"),
        Column("ttm_rate", "rate"),
        Column("voluntary_count"),
        Column("voluntary_rate", "rate"),
        Column("retirements"),
        Column("retirement_rate", "rate"),
        Column("involuntary_count"),
        Column("involuntary_rate", "rate"),
        Column("regrettable"),
        Column("regrettable_rate", "rate"),
        Column("first_year"),
        Column("first_year_rate", "rate"),
        Column("hire_date_unknown"),
        Column("hires"),
        Column("new_hire_turnover", "rate"),
        Column("retention_rate", "rate"),
    ]
