"""Who was employed when: the stretches of employment read from the people and their
separations, the average headcount of a period as the mean of its daily headcount, the
twelve-month retention rate and the hires of a period with those who left within a year.

The database adds up the stretches by day they start and end (GROUP BY); the daily
headcount is then a step function, and its mean over a period is the person-days it holds
divided by the period's days.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import TENURE_BANDS
from retainkit.reports.model import Options
from retainkit.reports.periods import Period, anniversary
from retainkit.reports.suppression import TOTAL
from retainkit.storage.models import Person, Separation, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EARLIEST = date(1, 1, 1)
"""Where a stretch with no known start (an unknown hire date) begins."""
ONE_DAY = timedelta(days=1)


def spells() -> Any:
    """SQL: each stretch of employment: (start, end, department, manager_no, level); one
    per separation (as snapshotted), and the current one of each person not leaving,
    starting at their last rehire. A start is NULL where the hire date is unknown."""
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
    ).where(s.c.status != "cancelled")
    current = select(
        func.coalesce(rehired, p.c.hire_date).label("start"),
        null().label("end"),
        p.c.department,
        p.c.manager_no,
        p.c.level,
    ).where(~leaving)
    return union_all(ended, current).subquery("spell")


def _group_column(spell: Any, by: str | None) -> Any:
    return {"department": spell.c.department, "manager": spell.c.manager_no,
            "level": spell.c.level}.get(by or "")  # fmt: skip


class Steps:
    """A daily headcount as a step function: changes (+ on a start, - the day after an end)
    added up into person-days up to any day."""

    def __init__(self) -> None:
        self.changes: dict[date, int] = {}
        self._days: list[date] | None = None
        self._heads: list[int] = []
        self._sums: list[int] = []

    def add(self, start: date, end: date | None, count: int) -> None:
        """`count` people employed from `start` to `end` (inclusive; None: still)."""
        if end is not None and end < start:
            return
        self.changes[start] = self.changes.get(start, 0) + count
        if end is not None:
            after = end + timedelta(days=1)
            self.changes[after] = self.changes.get(after, 0) - count

    def mean(self, span: Period) -> float:
        """The mean daily headcount over a period."""
        days = (span.end - span.start).days + 1
        return (self.person_days(span.end + ONE_DAY) - self.person_days(span.start)) / days

    def person_days(self, before: date) -> int:
        """Person-days from the first change up to (not including) `before`."""
        if self._days is None:
            self._index()
        days = self._days or []
        at = bisect.bisect_right(days, before) - 1
        if at < 0:
            return 0
        day = days[at]
        return self._sums[at] + self._heads[at] * (before - day).days

    def _index(self) -> None:
        self._days = sorted(self.changes)
        head = total = 0
        previous: date | None = None
        for day in self._days:
            if previous is not None:
                total += head * (day - previous).days
            head += self.changes[day]
            self._heads.append(head)
            self._sums.append(total)
            previous = day


def daily(session: Session, by: str | None) -> dict[Hashable, Steps]:
    """The daily headcount of each group (TOTAL: everyone). Someone counts on every day
    from their hire (or rehire) to their last day, both included."""
    from sqlalchemy import func, select

    spell = spells()
    steps: dict[Hashable, Steps] = {TOTAL: Steps()}
    if by == "tenure":
        query = select(spell.c.start, spell.c.end, func.count()).group_by(
            spell.c.start, spell.c.end
        )
        for start, end, count in session.execute(query):
            for band, lo, hi in _bands(start, end):
                steps.setdefault(band, Steps()).add(lo, hi, count)
                steps[TOTAL].add(lo, hi, count)
        return steps
    group = _group_column(spell, by)
    keys = [group] if group is not None else []
    for kind, column in (("start", spell.c.start), ("end", spell.c.end)):
        query = select(*keys, column, func.count()).group_by(*keys, column)
        for row in session.execute(query):
            value, day, count = (row[0] if keys else TOTAL), row[-2], row[-1]
            if kind == "end" and day is None:
                continue
            # a start on day d adds from d; an end on day d takes away from d + 1
            change = (day or EARLIEST, count) if kind == "start" else (day + ONE_DAY, -count)
            for target in {value, TOTAL}:
                changes = steps.setdefault(target, Steps()).changes
                changes[change[0]] = changes.get(change[0], 0) + change[1]
    return steps


def headcounts(
    session: Session, opts: Options, spans: Sequence[Period] | None = None
) -> dict[tuple[Hashable, int], float]:
    """Average headcount per (group, period index), TOTAL for everyone: the mean of the
    daily headcount over the period."""
    steps = daily(session, opts.by)
    chosen = list(opts.spans if spans is None else spans)
    return {
        (group, index): step.mean(span)
        for group, step in steps.items()
        for index, span in enumerate(chosen)
    }


def _bands(start: date | None, end: date | None) -> list[tuple[str, date, date | None]]:
    """The tenure bands a stretch passes through, each with its first and last day."""
    if start is None:
        return [("unknown", EARLIEST, end)]
    edges = [start, anniversary(start, 1), anniversary(start, 3), anniversary(start, 5)]
    found: list[tuple[str, date, date | None]] = []
    for n, band in enumerate(TENURE_BANDS[:4]):
        lo = edges[n]
        hi = edges[n + 1] - timedelta(days=1) if n < 3 else None
        if end is not None and (hi is None or end < hi):
            hi = end
        if hi is not None and hi < lo:
            break
        found.append((band, lo, hi))
        if hi == end and end is not None:
            break
    return found


def retention(session: Session, opts: Options) -> dict[tuple[Hashable, int], tuple[int, int]]:
    """Per (group, period index): (employed a year before the period's last day, of them
    still employed on it, in the same stretch of employment)."""
    from sqlalchemy import Date, case, func, literal, select

    spell = spells()
    group = _group_column(spell, opts.by) if opts.by != "tenure" else None
    keys = [group] if group is not None else []
    columns = []
    for span in opts.spans:
        before = literal(anniversary(span.end, -1), Date)
        then = (spell.c.start.is_(None) | (spell.c.start <= before)) & (
            spell.c.end.is_(None) | (spell.c.end >= before)
        )
        still = then & (spell.c.end.is_(None) | (spell.c.end >= literal(span.end, Date)))
        columns += [func.sum(case((then, 1), else_=0)), func.sum(case((still, 1), else_=0))]
    result: dict[tuple[Hashable, int], tuple[int, int]] = {}
    for row in session.execute(select(*keys, *columns).group_by(*keys)):
        value = row[0] if keys else TOTAL
        figures = [int(v or 0) for v in row[len(keys) :]]
        for index in range(len(opts.spans)):
            pair = (figures[2 * index], figures[2 * index + 1])
            result[(value, index)] = pair
            if keys:
                was = result.get((TOTAL, index), (0, 0))
                result[(TOTAL, index)] = (was[0] + pair[0], was[1] + pair[1])
    return result


def hires(session: Session, opts: Options) -> dict[tuple[Hashable, int], tuple[int, int]]:
    """Per (group, period index of the hire or rehire): (hires, of them gone within a year
    of starting: a last day before the first anniversary)."""
    from sqlalchemy import case, func, select

    from retainkit.reports.groups import years_between
    from retainkit.reports.periods import bucket

    spell = spells()
    group = _group_column(spell, opts.by) if opts.by != "tenure" else None
    keys = [group] if group is not None else []
    period = bucket(spell.c.start, opts.spans)
    early = case(
        (spell.c.end.is_not(None) & (years_between(spell.c.start, spell.c.end) < 1), 1), else_=0
    )
    query = (
        select(*keys, period, func.count(), func.sum(early))
        .where(spell.c.start.between(opts.spans[0].start, opts.spans[-1].end))
        .group_by(*keys, period)
    )
    result: dict[tuple[Hashable, int], tuple[int, int]] = {}
    for row in session.execute(query):
        value = row[0] if keys else TOTAL
        index, count, gone = row[-3], int(row[-2]), int(row[-1] or 0)
        if index is None:
            continue
        targets = {value, TOTAL}
        for target in targets:
            was = result.get((target, index), (0, 0))
            result[(target, index)] = (was[0] + count, was[1] + gone)
    return result
