"""A realistic, deterministic synthetic organisation for `retainkit demo` and `bench/`.

The same seed and the same `today` give the same people and separations. Proportions follow
common HR benchmarks: about 15% yearly turnover, two thirds of it voluntary, a layoff round
a little over a year ago, more involuntary exits among low performers, and a few boomerangs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.separations import default_regrettable, default_rehire_eligible
from retainkit.storage.database import now_of
from retainkit.storage.models import Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.demo_interviews import DemoInterviews
    from retainkit.core.demo_plan import DemoPlan
    from retainkit.storage.database import Database

# department: (share of people, title by level)
DEPARTMENTS: dict[str, tuple[float, dict[str, str]]] = {
    "Engineering": (
        0.30,
        {
            "staff": "Software Engineer",
            "middle": "Engineering Manager",
            "senior": "Director of Engineering",
            "core": "Principal Engineer",
        },
    ),
    "Sales": (
        0.18,
        {
            "staff": "Account Executive",
            "middle": "Sales Manager",
            "senior": "VP Sales",
            "core": "Key Account Director",
        },
    ),
    "Customer Support": (
        0.15,
        {
            "staff": "Support Specialist",
            "middle": "Support Team Lead",
            "senior": "Head of Support",
            "core": "Support Architect",
        },
    ),
    "Operations": (
        0.12,
        {
            "staff": "Operations Associate",
            "middle": "Operations Manager",
            "senior": "Head of Operations",
            "core": "Supply Chain Lead",
        },
    ),
    "Marketing": (
        0.08,
        {
            "staff": "Marketing Specialist",
            "middle": "Marketing Manager",
            "senior": "Head of Marketing",
            "core": "Brand Strategist",
        },
    ),
    "Finance": (
        0.06,
        {
            "staff": "Accountant",
            "middle": "Finance Manager",
            "senior": "Head of Finance",
            "core": "Financial Controller",
        },
    ),
    "Product": (
        0.06,
        {
            "staff": "Product Analyst",
            "middle": "Product Manager",
            "senior": "Head of Product",
            "core": "Principal Product Designer",
        },
    ),
    "Human Resources": (
        0.05,
        {
            "staff": "HR Generalist",
            "middle": "HR Manager",
            "senior": "Head of People",
            "core": "HR Business Partner",
        },
    ),
}
LOCATIONS = (("Berlin", 0.35), ("Austin", 0.30), ("Shanghai", 0.25), ("Remote", 0.10))
SALARY_BY_LEVEL = {
    "staff": (38_000, 68_000),
    "middle": (68_000, 105_000),
    "senior": (110_000, 175_000),
    "core": (90_000, 160_000),
}
SALARY_FACTOR = {
    "Engineering": 1.15,
    "Product": 1.1,
    "Finance": 1.05,
    "Sales": 1.0,
    "Marketing": 0.95,
    "Human Resources": 0.92,
    "Operations": 0.88,
    "Customer Support": 0.8,
}
FIRST_NAMES = (
    "Ana",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amir",
    "Bianca",
    "Chloe",
    "Dmitri",
    "Emma",
    "Felix",
    "Greta",
    "Hannah",
    "Ivan",
    "Julia",
    "Karl",
    "Lena",
    "Marco",
    "Nina",
    "Oscar",
    "Priya",
)
LAST_NAMES = (
    "Ruiz",
    "Schmidt",
    "Okafor",
    "Novak",
    "Larsen",
    "Haddad",
    "Kowalski",
    "Moreau",
    "Fischer",
    "Silva",
    "Tanaka",
    "Nguyen",
    "Brown",
    "Costa",
    "Weber",
    "Ivanova",
    "Patel",
    "Jensen",
    "Rossi",
    "Murphy",
    "Klein",
    "Dubois",
    "Garcia",
    "Lindqvist",
    "Yilmaz",
    "Becker",
    "Santos",
)
CHINESE_SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("周", "Zhou"),
    ("吴", "Wu"),
)
CHINESE_GIVEN = (
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("磊", "Lei"),
    ("洋", "Yang"),
    ("艳", "Yan"),
    ("杰", "Jie"),
    ("婷", "Ting"),
    ("浩然", "Haoran"),
    ("欣怡", "Xinyi"),
    ("子涵", "Zihan"),
    ("宇轩", "Yuxuan"),
)
NOTES = (
    "Mentors new joiners.",
    "Interested in moving to Product.",
    "Asked about part-time work.",
    "Led the 2025 migration project.",
    "Prefers written follow-ups.",
    "Speaks at meetups.",
)
KINDS = (
    ("voluntary", 0.62),
    ("end_of_contract", 0.12),
    ("involuntary", 0.12),
    ("layoff", 0.08),
    ("retirement", 0.06),
)
NOTICE_DAYS = {
    "voluntary": (14, 60),
    "retirement": (60, 120),
    "involuntary": (0, 14),
    "layoff": (14, 30),
    "end_of_contract": (25, 35),
}
HISTORY_YEARS = 3
LEAVER_SHARE = 0.25
"""A quarter of everyone in the demo left in the last three years: with the three quarters
who stay as headcount, that is about 11% a year, a little under the 12-15% usual for an
organisation of this kind, so a turnover report has room to show a bad year."""


@dataclass
class DemoSummary:
    people: int
    departed: int
    separations: int
    interviews: int = 0
    actions: int = 0
    contacts: int = 0
    planned: int = 0


@dataclass
class DemoOrganisation:
    people: list[dict[str, Any]]
    separations: list[dict[str, Any]]  # "employee_no" names the person


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def _name(rng: random.Random, location: str, index: int) -> tuple[str, str]:
    """A display name and the ASCII handle its email address is made from."""
    if location == "Shanghai":
        (surname, surname_latin), (given, given_latin) = (
            rng.choice(CHINESE_SURNAMES),
            rng.choice(CHINESE_GIVEN),
        )
        return f"{surname}{given}", f"{given_latin}.{surname_latin}{index}".lower()
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"{first} {last}", f"{first}.{last}{index}".lower()


def _levels(size: int) -> Iterator[str]:
    """Levels for a department of `size`: a head, a manager per ~8 people, ~7% core."""
    yield "senior"
    managers = max(1, size // 9) if size > 3 else 0
    core = round(size * 0.07)
    yield from ["middle"] * managers
    yield from ["core"] * core
    yield from ["staff"] * max(0, size - 1 - managers - core)


def generate(
    people: int, seed: int, today: date, leaver_share: float = LEAVER_SHARE
) -> DemoOrganisation:
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    ceo_no = "E1000"
    index = 0

    def person(department: str, level: str, title: str, manager_no: str | None) -> dict[str, Any]:
        nonlocal index
        location = _pick(rng, LOCATIONS)
        name, handle = _name(rng, location, index)
        performance = rng.choices((1, 2, 3, 4, 5), (5, 15, 45, 25, 10))[0]
        low, high = SALARY_BY_LEVEL[level]
        salary = round(rng.uniform(low, high) * SALARY_FACTOR.get(department, 1.0), -2)
        years_back = rng.uniform(0, 5) if rng.random() < 0.8 else rng.uniform(5, 11)
        record = {
            "employee_no": ceo_no if index == 0 else f"E{1000 + index}",
            "name": name,
            "email": f"{handle}@example.com",
            "phone": f"+49 30 555 {index:06d}"
            if location == "Berlin"
            else f"+86 21 5550 {index:06d}"
            if location == "Shanghai"
            else f"+1 512 555 {index:06d}",
            "department": department,
            "title": title,
            "level": level,
            "manager_no": manager_no,
            "location": location,
            "hire_date": today - timedelta(days=round(years_back * 365.25) + 1),
            "performance": performance,
            "high_performer": (performance == 5 and rng.random() < 0.6)
            or (performance == 4 and rng.random() < 0.2),
            "salary": int(salary) if rng.random() > 0.05 else None,
            "preferred_channel": rng.choice(("phone", "email", "email", "in_person", "chat")),
            "contact_hours": rng.choice(("09:00-17:00", "10:00-18:00", "18:00-20:00"))
            if rng.random() < 0.4
            else None,
            "do_not_contact": False,
            "notes": rng.choice(NOTES) if rng.random() < 0.1 else None,
            "status": "active",
        }
        index += 1
        records.append(record)
        return record

    person("Leadership", "senior", "Chief Executive Officer", None)
    remaining = people - 1
    shares = list(DEPARTMENTS.items())
    sizes = [max(1, round(remaining * share)) for _, (share, _) in shares]
    sizes[0] += remaining - sum(sizes)
    for (department, (_, titles)), size in zip(shares, sizes, strict=True):
        if size <= 0:
            continue
        managers: list[str] = []
        head_no = None
        for level in _levels(size):
            if level == "senior":
                head_no = person(department, level, titles[level], ceo_no)["employee_no"]
            elif level == "middle":
                managers.append(person(department, level, titles[level], head_no)["employee_no"])
            else:
                person(
                    department, level, titles[level], rng.choice(managers) if managers else head_no
                )
    return DemoOrganisation(records, _separations(rng, records, today, leaver_share))


def _separations(
    rng: random.Random, records: list[dict[str, Any]], today: date, leaver_share: float
) -> list[dict[str, Any]]:
    start = today - timedelta(days=365 * HISTORY_YEARS)
    layoff_day = today - timedelta(days=rng.randint(400, 470))
    leavers = round(len(records) * leaver_share)
    candidates = records[1:]
    chosen = rng.sample(candidates, min(leavers, len(candidates)))
    separations = []
    for record in chosen:
        kind = _pick(rng, KINDS)
        if kind == "voluntary" and record["performance"] == 1 and rng.random() < 0.5:
            kind = "involuntary"
        if kind == "layoff":
            last_day = layoff_day + timedelta(days=rng.randint(0, 14))
        elif rng.random() < 0.03:
            last_day = today + timedelta(days=rng.randint(1, 30))  # has given notice
        else:
            last_day = start + timedelta(days=rng.randint(0, (today - start).days))
        earliest_hire = last_day - timedelta(days=30)
        if record["hire_date"] > earliest_hire:
            record["hire_date"] = last_day - timedelta(days=rng.randint(30, 900))
        low, high = NOTICE_DAYS[kind]
        regrettable = default_regrettable(kind, _as_person(record))
        rehire_eligible = default_rehire_eligible(kind) and rng.random() > 0.08
        separation = {
            "employee_no": record["employee_no"],
            "status": "open",
            "kind": kind,
            "last_day": last_day,
            "notice_date": last_day - timedelta(days=rng.randint(low, high)),
            "regrettable": regrettable,
            "rehire_eligible": rehire_eligible,
            "department": record["department"],
            "title": record["title"],
            "level": record["level"],
            "manager_no": record["manager_no"],
            "hire_date": record["hire_date"],
            "rehired_on": None,
        }
        record["status"] = "departed"
        if rng.random() < 0.03:
            record["do_not_contact"] = True
        back = last_day + timedelta(days=rng.randint(180, 400))
        if kind == "voluntary" and rehire_eligible and back < today and rng.random() < 0.04:
            separation["status"] = "rehired"
            separation["rehired_on"] = back
            record["status"] = "active"
            record["hire_date"] = back
        separations.append(separation)
    return separations


def _as_person(record: dict[str, Any]) -> Person:
    return Person(high_performer=record["high_performer"], performance=record["performance"])


def write_demo(
    db: Database,
    *,
    people: int,
    seed: int,
    today: date,
    force: bool,
    leaver_share: float = LEAVER_SHARE,
) -> DemoSummary:
    from retainkit.core.demo_interviews import write_interviews

    organisation = generate(people, seed, today, leaver_share)
    with db.write() as session:
        if _has_people(session):
            if not force:
                raise InputError(
                    f"{db.describe()} already holds people; use --force to replace everything "
                    "in it, or --db to write the demo elsewhere"
                )
            _clear(session)
        ids, separation_ids = write_organisation(session, organisation)
        made = write_interviews(
            session,
            session.connection(),
            random.Random(seed + 1),
            people=organisation.people,
            separations=organisation.separations,
            ids=ids,
            separation_ids=separation_ids,
            today=today,
        )
        plan = _write_contact_plan(session, organisation, ids, separation_ids, made, seed, today)
        _write_loop(session, organisation, separation_ids, made, seed, today)
    return DemoSummary(
        people=len(organisation.people),
        departed=sum(1 for p in organisation.people if p["status"] == "departed"),
        separations=len(organisation.separations),
        interviews=len(made.interviews),
        actions=len(made.actions),
        contacts=len(plan.contacts),
        planned=sum(1 for f in plan.followups if f["status"] == "planned"),
    )


def _write_loop(
    session: Session,
    organisation: DemoOrganisation,
    separation_ids: list[int],
    made: DemoInterviews,
    seed: int,
    today: date,
) -> None:
    from retainkit.core.demo_loop import write_loop
    from retainkit.core.settings import settings_map

    completed = {
        i["id"]: i for i in made.interviews if i["kind"] == "exit" and i["status"] == "completed"
    }
    stated = {
        completed[interview_id]["separation_id"]: (
            code,
            completed[interview_id]["started_at"].date(),
        )
        for interview_id, code, primary in made.reasons
        if primary and interview_id in completed
    }
    write_loop(
        session.connection(), random.Random(seed + 3), separations=organisation.separations,
        separation_ids=separation_ids, stated=stated,
        handover_setting=settings_map(session)["handover.items"], today=today,
    )  # fmt: skip


def _write_contact_plan(
    session: Session,
    organisation: DemoOrganisation,
    ids: dict[str, int],
    separation_ids: list[int],
    made: DemoInterviews,
    seed: int,
    today: date,
) -> DemoPlan:
    from sqlalchemy import func, select

    from retainkit.core.demo_plan import generate_plan, write_plan
    from retainkit.core.settings import load_cadence
    from retainkit.storage.models import FollowUp

    exits = {i["separation_id"]: i["status"] for i in made.interviews if i["kind"] == "exit"}
    stays = {
        i["person_id"]: i["completed_at"].date()
        for i in made.interviews
        if i["kind"] == "stay" and i["status"] == "completed"
    }
    connection = session.connection()
    plan = generate_plan(
        random.Random(seed + 2), people=organisation.people,
        separations=organisation.separations, ids=ids, separation_ids=separation_ids,
        exit_status=exits, last_stay=stays, cadence=load_cadence(session), today=today,
        first_id=(connection.scalar(select(func.max(FollowUp.id))) or 0) + 1,
    )  # fmt: skip
    write_plan(connection, plan, now_of(session))
    return plan


def _has_people(session: Session) -> bool:
    from sqlalchemy import select

    return session.scalar(select(Person.id).limit(1)) is not None


def _clear(session: Session) -> None:
    from sqlalchemy import delete

    from retainkit.storage.models import Base

    connection = session.connection()
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(delete(table))


def write_organisation(
    session: Session, organisation: DemoOrganisation
) -> tuple[dict[str, int], list[int]]:
    """Insert the generated rows through the bulk path people import uses.

    Returns the person id of each employee number, and the id of each separation in order.
    """
    from sqlalchemy import insert, select

    from retainkit.storage.bulk import executemany
    from retainkit.storage.models import Separation, table_of

    now = now_of(session)
    connection = session.connection()
    person_keys = list(organisation.people[0])
    executemany(
        connection,
        insert(table_of(Person)),
        person_keys,
        ([p[k] for k in person_keys] for p in organisation.people),
        {"created_at": now, "updated_at": now},
    )
    ids = {no: pk for no, pk in connection.execute(select(Person.employee_no, Person.id))}
    if not organisation.separations:
        return ids, []
    separation_keys = [k for k in organisation.separations[0] if k != "employee_no"]
    executemany(
        connection,
        insert(table_of(Separation)),
        [*separation_keys, "person_id"],
        (
            [*(s[k] for k in separation_keys), ids[s["employee_no"]]]
            for s in organisation.separations
        ),
        {"created_at": now},
    )
    # The demo gives nobody two separations, so a person's id finds theirs.
    by_person = dict(connection.execute(select(Separation.person_id, Separation.id)).all())
    return ids, [by_person[ids[s["employee_no"]]] for s in organisation.separations]
