"""The contact plan's rules, as pure functions: `today` and the cadence are passed in.

What is due when after a separation, the next stay interview, the priority of a contact,
and what a logged outcome does to a planned contact. Nothing here reads the database or
the clock; core.followups applies these rules to stored rows. docs/followups.md explains
them for HR.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from retainkit.base.vocab import CONTACT_OUTCOMES as OUTCOMES

LEVEL_POINTS = {"core": 40, "senior": 30, "middle": 20, "staff": 10}


@dataclass(frozen=True)
class Cadence:
    """When contacts fall due; each field is a setting (docs/followups.md)."""

    exit_before: int = 14  # exit interview window opens this many days before the last day
    first: tuple[int, int] = (30, 60)  # days after the last day
    mid: tuple[int, int] = (180, 240)
    yearly_window: int = 7  # yearly care: days either side of the anniversary; 0: none
    rehire_months: int = 6  # rehire check for people in the rehire pool; 0: none
    retry_days: int = 7  # after no answer, try again this many days later
    max_tries: int = 3  # then the contact is marked unreachable
    stay_months: int = 12  # stay interviews for high performers and core people
    stay_first_year_months: int = 6  # ... and this often in their first year


@dataclass(frozen=True)
class Planned:
    kind: str
    due_from: date
    due_to: date


@dataclass(frozen=True)
class Leaver:
    """What the plan of a separation depends on."""

    last_day: date
    notice_date: date | None
    kind: str
    level: str | None
    performance: int | None
    regrettable: bool
    rehire_eligible: bool
    in_rehire_pool: bool


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def anniversary(last_day: date, years: int) -> date:
    return add_months(last_day, 12 * years)


def priority(
    *,
    level: str | None,
    performance: int | None,
    regrettable: bool = False,
    voluntary: bool = False,
    rehire_eligible: bool = False,
    high_performer: bool = False,
) -> int:
    """0-100: level (core 40, senior 30, middle 20, staff 10), + 20 regrettable or high
    performer, + 4 per performance point, + 10 voluntary, + 10 eligible for rehire."""
    score = LEVEL_POINTS.get(level or "", 10)
    score += 20 if regrettable or high_performer else 0
    score += 4 * (performance or 0)
    score += 10 if voluntary else 0
    score += 10 if rehire_eligible else 0
    return min(score, 100)


def leaver_priority(leaver: Leaver) -> int:
    return priority(
        level=leaver.level,
        performance=leaver.performance,
        regrettable=leaver.regrettable,
        voluntary=leaver.kind == "voluntary",
        rehire_eligible=leaver.rehire_eligible,
    )


def separation_plan(leaver: Leaver, cadence: Cadence, today: date) -> list[Planned]:
    """Contacts to plan when a separation is recorded (the exit interview only if not past)."""
    last = leaver.last_day
    plan = []
    opens = leaver.notice_date or last - timedelta(days=cadence.exit_before)
    if last >= today:
        plan.append(Planned("exit_interview", min(opens, last), last))
    plan.append(
        Planned("first", last + timedelta(cadence.first[0]), last + timedelta(cadence.first[1]))
    )
    plan.append(Planned("mid", last + timedelta(cadence.mid[0]), last + timedelta(cadence.mid[1])))
    care = next_yearly_care(last, cadence, after=last + timedelta(cadence.mid[1]))
    if care is not None:
        plan.append(care)
    if leaver.in_rehire_pool:
        check = next_rehire_check(last, cadence, after=last)
        if check is not None:
            plan.append(check)
    return plan


def history_plan(leaver: Leaver, cadence: Cadence, today: date) -> list[Planned]:
    """The contacts of a separation from history (an HR system's export): the plan `depart`
    would have made on its last day, keeping what has not closed by today. A last day still
    to come is planned as `depart` plans it. A yearly care or rehire check kept brings the
    next one when it is done, as always; one whose window closed brings none."""
    plan = separation_plan(leaver, cadence, min(today, leaver.last_day))
    return [planned for planned in plan if planned.due_to >= today]


def next_yearly_care(last_day: date, cadence: Cadence, *, after: date) -> Planned | None:
    """The first anniversary of the last day whose window opens after `after`."""
    if cadence.yearly_window <= 0:
        return None
    years = 1
    while anniversary(last_day, years) - timedelta(cadence.yearly_window) <= after:
        years += 1
    day = anniversary(last_day, years)
    window = timedelta(cadence.yearly_window)
    return Planned("yearly_care", day - window, day + window)


def next_rehire_check(last_day: date, cadence: Cadence, *, after: date) -> Planned | None:
    """Every `rehire_months` after the last day, the first one after `after`; 14-day window."""
    if cadence.rehire_months <= 0:
        return None
    step = 1
    while add_months(last_day, cadence.rehire_months * step) <= after:
        step += 1
    day = add_months(last_day, cadence.rehire_months * step)
    return Planned("rehire_check", day, day + timedelta(days=14))


def following(
    planned: Planned, last_day: date | None, cadence: Cadence, today: date
) -> Planned | None:
    """What comes after a yearly care or rehire check that is done or skipped."""
    if last_day is None:
        return None
    after = max(planned.due_to, today)
    if planned.kind == "yearly_care":
        return next_yearly_care(last_day, cadence, after=after)
    if planned.kind == "rehire_check":
        return next_rehire_check(last_day, cadence, after=after)
    return None


def stay_due(
    *,
    hire_date: date | None,
    last_stay: date | None,
    cadence: Cadence,
    today: date,
) -> Planned:
    """The next stay interview: every 12 months, every 6 in the first year after hire.

    A first stay interview whose date has passed (someone hired long before retainkit was
    used) is due today rather than overdue for years.
    """
    base = last_stay or hire_date or today
    first_year = hire_date is not None and add_months(hire_date, 12) > base
    months = cadence.stay_first_year_months if first_year else cadence.stay_months
    day = add_months(base, months)
    if last_stay is None:
        day = max(day, today)
    return Planned("stay_interview", day, day + timedelta(days=30))


@dataclass(frozen=True)
class AfterOutcome:
    status: str  # the planned contact's new status
    attempts: int
    planned: Planned  # its window (moved for a retry)


def after_outcome(
    planned: Planned, attempts: int, outcome: str, cadence: Cadence, today: date
) -> AfterOutcome:
    """A logged contact's effect: reached is done; no answer retries, then unreachable."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    tries = attempts + 1
    if outcome == "reached":
        return AfterOutcome("done", tries, planned)
    if outcome == "declined":
        return AfterOutcome("declined", tries, planned)
    if outcome == "unreachable" or tries >= cadence.max_tries:
        return AfterOutcome("unreachable", tries, planned)
    retry = today + timedelta(days=cadence.retry_days)
    window = max((planned.due_to - planned.due_from).days, cadence.retry_days)
    return AfterOutcome(
        "planned", tries, replace(planned, due_from=retry, due_to=retry + timedelta(window))
    )
