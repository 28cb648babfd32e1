"""The contact plan's rules as pure functions, with `today` passed in."""

from __future__ import annotations

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
