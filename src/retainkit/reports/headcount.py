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

from retainkit.base.vocab import NOT_SEPARATIONS
from retainkit.reports.groups import TENURE_BANDS
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
    from sqlalchemy import case, func, null, select, union_all

    s = table_of(Separation)
    p = table_of(Person)
    # One pass over the separations per person (a join, not a subquery per person): the
    # last rehire, and whether one is open (the person is leaving or has left).
    per_person = (
        select(
            s.c.person_id,
            func.max(case((s.c.status == "rehired", s.c.rehired_on))).label("rehired"),
            func.max(case((s.c.status == "open", 1), else_=0)).label("leaving"),
        )
        .group_by(s.c.person_id)
        .subquery()
    )
    ended = select(
        s.c.hire_date.label("start"),
        s.c.last_day.label("end"),
        s.c.department,
        s.c.manager_no,
        s.c.level,
    ).where(s.c.status.not_in(NOT_SEPARATIONS))
    current = (
        select(
            func.coalesce(per_person.c.rehired, p.c.hire_date).label("start"),
            null().label("end"),
            p.c.department,
            p.c.manager_no,
            p.c.level,
        )
        .select_from(p.outerjoin(per_person, per_person.c.person_id == p.c.id))
        .where(func.coalesce(per_person.c.leaving, 0) == 0)
    )
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


Stretch = tuple[Hashable, date | None, date | None, int]
"""(group, start, end, how many): stretches of employment alike; TOTAL as the group when
not broken down by a group of staff."""


def stretches(session: Session, by: str | None) -> list[Stretch]:
    """The stretches of employment, counted by group, start and end in SQL."""
    from sqlalchemy import func, select

    spell = spells()
    group = _group_column(spell, by)
    keys = [group] if group is not None else []
    query = select(*keys, spell.c.start, spell.c.end, func.count()).group_by(
        *keys, spell.c.start, spell.c.end
    )
    return [
        ((row[0] if keys else TOTAL), row[-3], row[-2], int(row[-1]))
        for row in session.execute(query)
    ]


def daily(found: list[Stretch], by: str | None) -> dict[Hashable, Steps]:
    """The daily headcount of each group (TOTAL: everyone). Someone counts on every day
    from their hire (or rehire) to their last day, both included; with an unknown hire
    date, from before any range."""
    steps: dict[Hashable, Steps] = {TOTAL: Steps()}
    for group, start, end, count in found:
        if by == "tenure":
            for band, lo, hi in _bands(start, end):
                steps.setdefault(band, Steps()).add(lo, hi, count)
                steps[TOTAL].add(lo, hi, count)
            continue
        for target in {group, TOTAL}:
            steps.setdefault(target, Steps()).add(start or EARLIEST, end, count)
    return steps


def _bands(start: date | None, end: date | None) -> list[tuple[str, date, date | None]]:
    """The tenure bands a stretch passes through, each with its first and last day."""
    if start is None:
        return [("unknown", EARLIEST, end)]
    edges = [start, anniversary(start, 1), anniversary(start, 3), anniversary(start, 5)]
    found: list[tuple[str, date, date | None]] = []
    for n, band in enumerate(TENURE_BANDS[:4]):
        lo = edges[n]
        hi = edges[n + 1] - ONE_DAY if n < 3 else None
        if end is not None and (hi is None or end < hi):
            hi = end
        if hi is not None and hi < lo:
            break
        found.append((band, lo, hi))
        if hi == end and end is not None:
            break
    return found


def retention(
    found: list[Stretch], spans: Sequence[Period]
) -> dict[tuple[Hashable, int], tuple[int, int]]:
    """Per (group, period index): (employed a year before the period's last day, of them
    still employed on it, in the same stretch of employment).

    The periods follow each other, so the ones a stretch counts in are a run of them: from
    the first whose year-before day is on or after its start, to the last whose day (the
    year-before day, or the last day) is on or before its end."""
    before = [anniversary(span.end, -1) for span in spans]
    last = [span.end for span in spans]
    size = len(spans)
    # runs added up per group: +count where a run starts, -count after it ends
    runs: dict[Hashable, list[list[int]]] = {}
    for group, start, end, count in found:
        first = 0 if start is None else bisect.bisect_left(before, start)
        then_to = size - 1 if end is None else bisect.bisect_right(before, end) - 1
        still_to = size - 1 if end is None else bisect.bisect_right(last, end) - 1
        for target in {group, TOTAL}:
            then, still = runs.setdefault(target, [[0] * (size + 1), [0] * (size + 1)])
            for marks, to in ((then, then_to), (still, still_to)):
                if first <= to:
                    marks[first] += count
                    marks[to + 1] -= count
    result: dict[tuple[Hashable, int], tuple[int, int]] = {}
    for group, (then, still) in runs.items():
        employed = retained = 0
        for index in range(size):
            employed += then[index]
            retained += still[index]
            result[(group, index)] = (employed, retained)
    return result


def hires(
    found: list[Stretch], spans: Sequence[Period]
) -> dict[tuple[Hashable, int], tuple[int, int]]:
    """Per (group, period index of the hire or rehire): (hires, of them gone within a year
    of starting: a last day before the first anniversary)."""
    starts = [span.start for span in spans]
    result: dict[tuple[Hashable, int], tuple[int, int]] = {}
    for group, start, end, count in found:
        if start is None or start < starts[0] or start > spans[-1].end:
            continue
        index = bisect.bisect_right(starts, start) - 1
        gone = count if end is not None and end < anniversary(start, 1) else 0
        for target in {group, TOTAL}:
            was = result.get((target, index), (0, 0))
            result[(target, index)] = (was[0] + count, was[1] + gone)
    return result
