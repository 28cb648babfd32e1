"""Alumni: tiers, the rehire pool, and greetings on meaningful dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.core.lookup import find_person
from retainkit.core.plan import PlannedContact, cancel_planned, plan_rehire_check
from retainkit.core.schedule import anniversary
from retainkit.core.settings import load_settings
from retainkit.storage.models import Contact, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

TIERS = ("outstanding", "member")


@dataclass(frozen=True)
class Alumnus:
    """A former employee as the alumni list shows them."""

    employee_no: str
    name: str
    last_day: date
    kind: str
    department: str | None
    title: str | None
    tier: str
    rehire_pool: bool
    rehire_interest: str | None
    do_not_contact: bool


@dataclass(frozen=True)
class Greeting:
    date: date
    occasion: str
    employee_no: str
    name: str
    channel: str | None
    email: str | None
    notes: str | None


def _latest_separation(session: Session, person: Person) -> Separation | None:
    from sqlalchemy import select

    return session.scalars(
        select(Separation)
        .where(Separation.person_id == person.id, Separation.status == "open")
        .order_by(Separation.last_day.desc())
    ).first()


def _alumnus(session: Session, employee_no: str) -> tuple[Person, Separation]:
    person = find_person(session, employee_no, lock=True)
    separation = _latest_separation(session, person)
    if person.status != "departed" or separation is None:
        raise InputError(f"{person.employee_no} is not a former employee")
    return person, separation


def list_alumni(
    db: Database, *, tier: str | None = None, rehire_pool: bool = False
) -> list[Alumnus]:
    from sqlalchemy import and_, func, or_, select

    if tier is not None and tier not in TIERS:
        raise InputError(f"--tier must be one of {', '.join(TIERS)}")
    interest = (
        select(Contact.rehire_interest)
        .where(Contact.person_id == Person.id, Contact.rehire_interest.is_not(None))
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
    pool = or_(
        Person.rehire_pool.is_(True),
        and_(
            Person.rehire_pool.is_(None),
            Separation.regrettable.is_(True),
            Separation.rehire_eligible.is_(True),
        ),
    )
    query = (
        select(
            Person.employee_no, Person.name, Separation.last_day, Separation.kind,
            Separation.department, Separation.title,
            func.coalesce(Person.alumni_tier, "member"), pool, interest, Person.do_not_contact,
        )
        .join(Separation, and_(Separation.person_id == Person.id, Separation.status == "open"))
        .where(Person.status == "departed")
        .order_by(Separation.last_day.desc(), Person.employee_no)
    )  # fmt: skip
    if tier == "outstanding":
        query = query.where(Person.alumni_tier == "outstanding")
    elif tier == "member":
        query = query.where(or_(Person.alumni_tier.is_(None), Person.alumni_tier == "member"))
    if rehire_pool:
        query = query.where(pool)
    with db.read() as session:
        return [Alumnus(*row) for row in session.execute(query)]


def set_tier(db: Database, employee_no: str, tier: str) -> None:
    if tier not in TIERS:
        raise InputError(f"the tier must be one of {', '.join(TIERS)}")
    with db.write() as session:
        person, _ = _alumnus(session, employee_no)
        person.alumni_tier = tier


def set_pool(db: Database, employee_no: str, member: bool, today: date) -> PlannedContact | None:
    """Put a former employee in the rehire pool (planning their next rehire check) or take
    them out (cancelling it); the rehire check planned, if any."""
    with db.write() as session:
        person, separation = _alumnus(session, employee_no)
        person.rehire_pool = member
        if not member:
            cancel_planned(
                session,
                person_ids=[person.id],
                kinds=("rehire_check",),
                reason="left the rehire pool",
            )
            return None
        cadence = load_settings(session).cadence
        return plan_rehire_check(session, person, separation, cadence, today)


def greetings(db: Database, today: date, within: int = 7) -> list[Greeting]:
    """Greetings due in the next `within` days: anniversaries of the last day, company dates."""
    from sqlalchemy import and_, select

    if not 0 <= within <= 366:
        raise InputError("--within must be 0 to 366 days")
    end = today + timedelta(days=within)
    with db.read() as session:
        company = load_settings(session).alumni_dates
        alumni = session.execute(
            select(Person.employee_no, Person.name, Person.preferred_channel, Person.email,
                   Person.notes, Separation.last_day)
            .join(Separation, and_(Separation.person_id == Person.id,
                                   Separation.status == "open"))
            .where(Person.status == "departed", Person.do_not_contact.is_(False))
            .order_by(Person.employee_no)
        ).all()  # fmt: skip
    dates = []
    for month, day in company:
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if today <= candidate <= end:
                dates.append(candidate)
    rows = []
    for number, name, channel, email, notes, last_day in alumni:
        occasions = []
        years = today.year - last_day.year
        for n in (years, years + 1):
            if n >= 1 and today <= anniversary(last_day, n) <= end:
                occasions.append(
                    (anniversary(last_day, n), f"{n} year{'s' if n > 1 else ''} since leaving")
                )
        occasions += [(day, f"company date {day:%m-%d}") for day in dates]
        rows += [
            Greeting(day, occasion, number, name, channel, email, notes)
            for day, occasion in occasions
        ]
    rows.sort(key=lambda r: (r.date, r.employee_no))
    return rows
