"""Breakdowns: what a report's rows can be split by, as SQL expressions, and how their
values are named and ordered."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.reports.model import word
from retainkit.reports.suppression import TOTAL, Subtotal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BY_CHOICES = ("department", "manager", "level", "kind", "tenure")
TENURE_BANDS = ("under_1", "1_3", "3_5", "5_plus", "unknown")


def check_by(by: str | None, allowed: tuple[str, ...] = BY_CHOICES) -> str | None:
    if by is not None and by not in allowed:
        raise InputError(f"--by must be one of {', '.join(allowed)}")
    return by


def years_between(start: Any, end: Any) -> Any:
    """SQL: whole years from `start` to `end` (dates), in any dialect."""
    from sqlalchemy import case, extract

    def month_day(day: Any) -> Any:
        return extract("month", day) * 100 + extract("day", day)

    return (
        extract("year", end)
        - extract("year", start)
        - case((month_day(end) < month_day(start), 1), else_=0)
    )


def tenure_band(hire: Any, at: Any) -> Any:
    """SQL: the tenure band on day `at` of someone hired on `hire`."""
    from sqlalchemy import case

    years = years_between(hire, at)
    return case(
        (hire.is_(None), "unknown"),
        (years < 1, "under_1"),
        (years < 3, "1_3"),
        (years < 5, "3_5"),
        else_="5_plus",
    )


def first_year(hire: Any, at: Any) -> Any:
    """SQL: 1 when someone hired on `hire` had under a year of service on `at`."""
    from sqlalchemy import case

    return case((hire.is_not(None) & (years_between(hire, at) < 1), 1), else_=0)


def separation_group(by: str | None, separation: Any) -> Any:
    """SQL: the breakdown value of a separation, from its snapshot of the organisation."""
    c = separation.c
    if by is None:
        return None
    if by == "tenure":
        return tenure_band(c.hire_date, c.last_day)
    return {"department": c.department, "manager": c.manager_no, "level": c.level, "kind": c.kind}[
        by
    ]


def ordered(by: str | None, values: Iterable[Hashable]) -> tuple[Hashable, ...]:
    """Breakdown values in reading order: tenure bands in their order, the rest sorted,
    the unset last."""
    found = set(values)
    if by == "tenure":
        return tuple(band for band in TENURE_BANDS if band in found)
    return tuple(sorted((v for v in found if v is not None), key=str)) + (
        (None,) if None in found else ()
    )


class Namer:
    """Names breakdown values: tenure bands in words, managers by number and name (or a
    pseudonym), the unset as "(not set)"."""

    def __init__(self, session: Session, by: str | None, lang: str, pseudonym: Any = None) -> None:
        self.by, self.lang, self.pseudonym = by, lang, pseudonym
        self.names: dict[str, str] = {}
        if by == "manager" and pseudonym is None:
            from sqlalchemy import select

            from retainkit.storage.models import Person, Separation

            numbers = select(Separation.manager_no).where(Separation.manager_no.is_not(None))
            query = select(Person.employee_no, Person.name).where(
                Person.employee_no.in_(numbers.scalar_subquery())
            )
            self.names = {number: name for number, name in session.execute(query)}

    def __call__(self, value: Hashable) -> str:
        if value is TOTAL:
            return word("all", self.lang)
        if isinstance(value, Subtotal):
            return word(value.name, self.lang)
        if value is None:
            return word("not_set", self.lang)
        if self.by == "tenure":
            return word(str(value), self.lang)
        if self.by == "manager":
            if self.pseudonym is not None:
                return str(self.pseudonym(str(value)))
            name = self.names.get(str(value))
            return f"{value} {name}" if name else str(value)
        return str(value)
