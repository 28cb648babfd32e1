"""A realistic, deterministic synthetic organisation: its people and their separations.

The same seed and the same `today` give the same people and separations. Proportions follow
common HR benchmarks: about 15% yearly turnover, two thirds of it voluntary, a layoff round
a little over a year ago, more involuntary exits among low performers, and a few boomerangs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from retainkit.core.separations import default_regrettable, default_rehire_eligible
from retainkit.demo.workforce import (
    CHINESE_GIVEN,
    CHINESE_SURNAMES,
    DEPARTMENTS,
    FIRST_NAMES,
    KINDS,
    LAST_NAMES,
    LOCATIONS,
    NOTES,
    NOTICE_DAYS,
    SALARY_BY_LEVEL,
    SALARY_FACTOR,
)
from retainkit.storage.models import Person

HISTORY_YEARS = 3
LEAVER_SHARE = 0.25
"""A quarter of everyone in the demo left in the last three years: with the three quarters
who stay as headcount, that is about 11% a year, a little under the 12-15% usual for an
organisation of this kind, so a turnover report has room to show a bad year."""


@dataclass(frozen=True)
class DemoOrganisation:
    """The generated rows: people, and separations whose "employee_no" names the person."""

    people: list[dict[str, Any]]
    separations: list[dict[str, Any]]


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
