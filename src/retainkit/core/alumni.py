"""Alumni: tiers, the rehire pool, and greetings on meaningful dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.followups import cancel_planned, in_rehire_pool, leaver_of, planned_row
from retainkit.core.people import find_person
from retainkit.core.schedule import anniversary, leaver_priority, next_rehire_check
from retainkit.core.settings import load_cadence, settings_map
from retainkit.storage.models import Contact, FollowUp, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

TIERS = ("outstanding", "member")


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
) -> list[dict[str, Any]]:
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
    keys = (
        "employee_no",
        "name",
        "last_day",
        "kind",
        "department",
        "title",
        "tier",
        "rehire_pool",
        "rehire_interest",
        "do_not_contact",
    )
    with db.read() as session:
        return [dict(zip(keys, row, strict=True)) for row in session.execute(query)]


def set_tier(db: Database, employee_no: str, tier: str) -> None:
    if tier not in TIERS:
        raise InputError(f"the tier must be one of {', '.join(TIERS)}")
    with db.write() as session:
        person, _ = _alumnus(session, employee_no)
        person.alumni_tier = tier


def set_pool(db: Database, employee_no: str, member: bool, today: date) -> str | None:
    """Put a former employee in the rehire pool (planning rehire checks) or take them out."""
    from sqlalchemy import select

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
        planned = session.scalar(
            select(FollowUp.id).where(
                FollowUp.person_id == person.id,
                FollowUp.kind == "rehire_check",
                FollowUp.status == "planned",
            )
        )
        if planned is not None or person.do_not_contact or not in_rehire_pool(person, separation):
            return None
        check = next_rehire_check(separation.last_day, load_cadence(session), after=today)
        if check is None:
            return None
        row = planned_row(
            person.id, separation.id, check, leaver_priority(leaver_of(person, separation))
        )
        session.add(row)
        session.flush()
        return f"{row.id}: rehire check from {row.due_from.isoformat()}"


def greetings(db: Database, today: date, within: int = 7) -> list[dict[str, Any]]:
    """Greetings due in the next `within` days: anniversaries of the last day, company dates."""
    from sqlalchemy import and_, select

    if not 0 <= within <= 366:
        raise InputError("--within must be 0 to 366 days")
    end = today + timedelta(days=within)
    with db.read() as session:
        company = [d for d in settings_map(session)["alumni.dates"].split(",") if d]
        alumni = session.execute(
            select(Person.employee_no, Person.name, Person.preferred_channel, Person.email,
                   Person.notes, Separation.last_day)
            .join(Separation, and_(Separation.person_id == Person.id,
                                   Separation.status == "open"))
            .where(Person.status == "departed", Person.do_not_contact.is_(False))
            .order_by(Person.employee_no)
        ).all()  # fmt: skip
    dates = []
    for month_day in company:
        month, day = (int(part) for part in month_day.split("-"))
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if today <= candidate <= end:
                dates.append(candidate)
    rows = []
    for number, name, channel, email, notes, last_day in alumni:
        base = {
            "employee_no": number,
            "name": name,
            "channel": channel,
            "email": email,
            "notes": notes,
        }
        years = today.year - last_day.year
        for n in (years, years + 1):
            if n >= 1 and today <= anniversary(last_day, n) <= end:
                rows.append(
                    {
                        "date": anniversary(last_day, n),
                        "occasion": f"{n} year{'s' if n > 1 else ''} since leaving",
                    }
                    | base
                )
        for company_day in dates:
            rows.append(
                {"date": company_day, "occasion": f"company date {company_day:%m-%d}"} | base
            )
    rows.sort(key=lambda r: (r["date"], r["employee_no"]))
    return rows
