"""The contact plan's rules as pure functions, with `today` passed in."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from retainkit.core.schedule import (
    Cadence,
    Leaver,
    Planned,
    add_months,
    after_outcome,
    following,
    leaver_priority,
    next_yearly_care,
    priority,
    separation_plan,
    stay_due,
)
from tests.conftest import PINNED_DATES

TODAY = date(2026, 11, 23)
CADENCE = Cadence()


def leaver(**changes: object) -> Leaver:
    base = {
        "last_day": date(2026, 12, 31),
        "notice_date": date(2026, 11, 30),
        "kind": "voluntary",
        "level": "senior",
        "performance": 4,
        "regrettable": True,
        "rehire_eligible": True,
        "in_rehire_pool": True,
    }
    return Leaver(**(base | changes))  # type: ignore[arg-type]


def windows(plan: list[Planned]) -> dict[str, tuple[date, date]]:
    return {p.kind: (p.due_from, p.due_to) for p in plan}


def test_a_departure_plans_every_contact_from_the_last_day() -> None:
    assert windows(separation_plan(leaver(), CADENCE, TODAY)) == {
        "exit_interview": (date(2026, 11, 30), date(2026, 12, 31)),
        "first": (date(2027, 1, 30), date(2027, 3, 1)),
        "mid": (date(2027, 6, 29), date(2027, 8, 28)),
        "yearly_care": (date(2027, 12, 24), date(2028, 1, 7)),
        "rehire_check": (date(2027, 6, 30), date(2027, 7, 14)),
    }


def test_without_a_notice_date_the_exit_window_opens_two_weeks_before() -> None:
    plan = windows(separation_plan(leaver(notice_date=None), CADENCE, TODAY))
    assert plan["exit_interview"] == (date(2026, 12, 17), date(2026, 12, 31))


def test_a_departure_recorded_late_plans_no_exit_interview() -> None:
    plan = windows(separation_plan(leaver(last_day=date(2026, 10, 1)), CADENCE, TODAY))
    assert "exit_interview" not in plan
    assert plan["first"] == (date(2026, 10, 31), date(2026, 11, 30))


def test_outside_the_rehire_pool_there_are_no_rehire_checks() -> None:
    plan = windows(separation_plan(leaver(in_rehire_pool=False), CADENCE, TODAY))
    assert "rehire_check" not in plan


def test_cadences_follow_the_settings() -> None:
    cadence = Cadence(first=(20, 40), mid=(100, 120), yearly_window=0, rehire_months=0)
    plan = windows(separation_plan(leaver(), cadence, TODAY))
    assert plan["first"] == (date(2027, 1, 20), date(2027, 2, 9))
    assert plan["mid"] == (date(2027, 4, 10), date(2027, 4, 30))
    assert "yearly_care" not in plan and "rehire_check" not in plan


def test_yearly_care_and_rehire_checks_roll_on() -> None:
    last = date(2024, 2, 29)
    care = next_yearly_care(last, CADENCE, after=date(2025, 3, 1))
    assert care == Planned("yearly_care", date(2026, 2, 21), date(2026, 3, 7))
    nxt = following(care, last, CADENCE, TODAY)
    assert nxt == Planned("yearly_care", date(2027, 2, 21), date(2027, 3, 7))
    check = Planned("rehire_check", date(2026, 8, 29), date(2026, 9, 12))
    assert following(check, last, CADENCE, TODAY) == Planned(
        "rehire_check", date(2027, 2, 28), date(2027, 3, 14)
    )
    assert following(Planned("first", TODAY, TODAY), last, CADENCE, TODAY) is None


def test_months_are_added_the_way_a_calendar_does() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_priority_formula() -> None:
    assert leaver_priority(leaver(level="core", performance=5)) == 100
    assert priority(level="staff", performance=None) == 10
    assert priority(level=None, performance=3) == 22
    assert (
        leaver_priority(
            leaver(
                kind="involuntary",
                regrettable=False,
                rehire_eligible=False,
                level="middle",
                performance=2,
            )
        )
        == 28
    )
    assert priority(level="core", performance=5, high_performer=True) == 80


def test_no_answer_retries_then_the_contact_is_unreachable() -> None:
    planned = Planned("first", date(2026, 11, 1), date(2026, 11, 30))
    first = after_outcome(planned, 0, "no_answer", CADENCE, TODAY)
    assert (first.status, first.attempts) == ("planned", 1)
    assert first.planned.due_from == TODAY + timedelta(days=7)
    assert first.planned.due_to == first.planned.due_from + timedelta(days=29)
    second = after_outcome(first.planned, 1, "no_answer", CADENCE, TODAY)
    assert second.status == "planned"
    third = after_outcome(second.planned, 2, "no_answer", CADENCE, TODAY)
    assert (third.status, third.attempts) == ("unreachable", 3)


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("reached", "done"), ("declined", "declined"), ("unreachable", "unreachable")],
)
def test_other_outcomes_settle_the_contact(outcome: str, status: str) -> None:
    planned = Planned("mid", TODAY, TODAY)
    result = after_outcome(planned, 0, outcome, CADENCE, TODAY)
    assert (result.status, result.planned) == (status, planned)
    with pytest.raises(ValueError):
        after_outcome(planned, 0, "maybe", CADENCE, TODAY)


def test_stay_interviews_twice_a_year_in_the_first_year_then_yearly() -> None:
    hired = date(2026, 5, 1)
    assert stay_due(hire_date=hired, last_stay=None, cadence=CADENCE, today=TODAY).due_from == (
        TODAY
    )  # six months after hire has passed: due now
    assert stay_due(
        hire_date=hired, last_stay=date(2026, 11, 1), cadence=CADENCE, today=TODAY
    ).due_from == date(2027, 5, 1)
    veteran = stay_due(
        hire_date=date(2015, 3, 1), last_stay=date(2026, 3, 10), cadence=CADENCE, today=TODAY
    )
    assert (veteran.due_from, veteran.due_to) == (date(2027, 3, 10), date(2027, 4, 9))
    newcomer = stay_due(hire_date=date(2026, 11, 1), last_stay=None, cadence=CADENCE, today=TODAY)
    assert newcomer.due_from == date(2027, 5, 1)


# -- every day of a leap year, at each of the suite's pinned dates --------------------------

YEAR = [date(2028, 1, 1) + timedelta(days=n) for n in range(366)]  # 2028 has 29 February


def same_day_in(day: date, year: int, month: int) -> date:
    """`day`'s day of the month in another month, the month's last day where it has none."""
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@pytest.mark.parametrize("months", [0, 1, 2, 6, 11, 12, 13, 48, -1, -12])
def test_adding_months_keeps_the_day_of_the_month_or_takes_the_last(months: int) -> None:
    for day in YEAR:
        added = add_months(day, months)
        assert added == same_day_in(day, *divmod_month(day, months)), (day, months)
        if day.day <= 28:
            assert add_months(added, -months) == day, (day, months)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2028, 2, 29), 48) == date(2032, 2, 29)


@pytest.mark.parametrize("today", PINNED_DATES, ids=str)
def test_every_last_day_of_a_year_gets_its_whole_plan(today: date) -> None:
    for last in YEAR:
        plan = windows(separation_plan(leaver(last_day=last, notice_date=None), CADENCE, today))
        if last >= today:
            assert plan.pop("exit_interview") == (last - timedelta(days=14), last)
        assert plan == {
            "first": (last + timedelta(days=30), last + timedelta(days=60)),
            "mid": (last + timedelta(days=180), last + timedelta(days=240)),
            "yearly_care": (
                same_day_in(last, last.year + 1, last.month) - timedelta(days=7),
                same_day_in(last, last.year + 1, last.month) + timedelta(days=7),
            ),
            "rehire_check": (
                add_months(last, 6),
                add_months(last, 6) + timedelta(days=14),
            ),
        }, (today, last)
        rehire = plan["rehire_check"][0]
        assert (rehire.year * 12 + rehire.month) - (last.year * 12 + last.month) == 6


@pytest.mark.parametrize("today", PINNED_DATES, ids=str)
def test_yearly_care_rolls_on_to_each_anniversary(today: date) -> None:
    for last in YEAR:
        care = next_yearly_care(last, CADENCE, after=last + timedelta(days=240))
        for years in range(1, 6):
            assert care is not None
            centre = care.due_from + timedelta(days=7)
            assert centre == same_day_in(last, last.year + years, last.month), (last, years)
            care = following(care, last, CADENCE, min(today, care.due_to))


@pytest.mark.parametrize("today", PINNED_DATES, ids=str)
def test_a_retry_after_no_answer_is_a_week_on_from_any_day(today: date) -> None:
    for day in [today, *YEAR]:
        planned = Planned("first", day - timedelta(days=30), day)
        retry = after_outcome(planned, 0, "no_answer", CADENCE, day)
        assert retry.planned.due_from == day + timedelta(days=7)
        assert retry.planned.due_to - retry.planned.due_from == timedelta(days=30)


@pytest.mark.parametrize("today", PINNED_DATES, ids=str)
def test_stay_interviews_fall_due_a_calendar_interval_on(today: date) -> None:
    for day in [today, *YEAR]:
        hired_today = stay_due(hire_date=day, last_stay=None, cadence=CADENCE, today=day)
        assert hired_today.due_from == same_day_in(day, *divmod_month(day, 6))
        veteran = stay_due(hire_date=date(2015, 3, 1), last_stay=day, cadence=CADENCE, today=day)
        assert veteran.due_from == same_day_in(day, day.year + 1, day.month)
        assert veteran.due_to == veteran.due_from + timedelta(days=30)
        long_ago = stay_due(hire_date=date(2015, 3, 1), last_stay=None, cadence=CADENCE, today=day)
        assert long_ago.due_from == day  # never interviewed: due now, not years overdue
    a_year_before = same_day_in(today, today.year - 1, today.month)
    due = stay_due(
        hire_date=date(2015, 3, 1), last_stay=a_year_before, cadence=CADENCE, today=today
    )
    assert due.due_from <= today  # a stay interview a year ago is due by today


def divmod_month(day: date, months: int) -> tuple[int, int]:
    """The year and month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1
