"""What a file of separations means against what is stored: which separations are new,
which are corrected, who is added, and who came back.

A separation is named by the person and the last day, so importing a file again changes
nothing and a corrected file corrects. A person's separations, stored and imported, are
ordered by last day: each one but the latest is history (the person came back, so it is
`rehired`); the latest is open, unless the person is working here again since then. A
second separation beside a stored one is taken only when the dates show the return in
between (a hire date after the earlier last day); otherwise it could as well be a corrected
last day, and the row is refused with what to do. Pure: no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from itertools import pairwise
from operator import attrgetter
from typing import Any

from retainkit.core.import_columns import Problem
from retainkit.core.separation_fields import PERSON_AT_EXIT, REASONS
from retainkit.core.separations import default_regrettable, default_rehire_eligible


@dataclass(slots=True)
class Recorded:
    """What a separation records, beside the person, the last day and its status."""

    kind: str | None = None
    notice_date: date | None = None
    regrettable: bool | None = None
    rehire_eligible: bool | None = None
    department: str | None = None
    title: str | None = None
    level: str | None = None
    manager_no: str | None = None
    hire_date: date | None = None
    note: str | None = None
    primary_reason: str | None = None
    contributing_reasons: tuple[str, ...] | None = None


@dataclass(slots=True)
class Leaving(Recorded):
    """One row of the file: what it records, the person, the last day."""

    employee_no: str = ""
    last_day: date | None = None
    name: str | None = None
    row: int = 0


RECORDED = tuple(f.name for f in fields(Recorded))
PERSON_FIELDS = ("name", *PERSON_AT_EXIT)
"""What a person added from their rows gets from them (the latest row first)."""
_recorded_values = attrgetter(*RECORDED)
_person_values = attrgetter(*PERSON_FIELDS)


@dataclass(slots=True)
class KnownPerson:
    """A person already stored, as far as the import needs them; or one the import adds
    (id 0 until stored), who has left."""

    id: int
    employee_no: str
    status: str = "departed"
    hire_date: date | None = None
    performance: int | None = None
    high_performer: bool = False
    do_not_contact: bool = False
    rehire_pool: bool | None = None
    name: str | None = None
    department: str | None = None
    title: str | None = None
    level: str | None = None
    manager_no: str | None = None


@dataclass(slots=True)
class StoredSeparation:
    """A separation already stored, with what it records."""

    id: int
    person_id: int
    last_day: date
    status: str
    rehired_on: date | None
    values: Recorded


@dataclass(slots=True, eq=False)
class Departure:
    """A separation as the import leaves it: new (`stored` None) or stored."""

    person: KnownPerson
    last_day: date
    values: Recorded
    status: str = "open"
    rehired_on: date | None = None
    stored: StoredSeparation | None = None
    row: int = 0
    changes: dict[str, Any] | None = None
    """For a stored one: the values the file corrects."""
    id: int = 0
    """The separation's id, once stored."""


@dataclass
class Decisions:
    """Everything the file changes, and every problem that stops it."""

    problems: list[Problem] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Employee numbers not stored, refused with --known-only."""
    added: list[KnownPerson] = field(default_factory=list)
    new: list[Departure] = field(default_factory=list)
    corrected: list[Departure] = field(default_factory=list)
    returned: list[Departure] = field(default_factory=list)
    """Stored open separations of people the file shows came back: now rehired."""
    leaving: list[KnownPerson] = field(default_factory=list)
    """Stored people who were active and have now left."""
    unchanged: int = 0
    cancelled: int = 0
    """Rows naming a separation cancelled earlier: it stays cancelled."""


def decide(
    rows: list[Leaving],
    people: dict[str, KnownPerson],
    stored: dict[int, list[StoredSeparation]],
    *,
    headers: dict[str, str],
    known_only: bool,
) -> Decisions:
    """`headers`: the file's header of each field, for the problems."""
    decisions = Decisions()
    by_number: dict[str, list[Leaving]] = {}
    for leaving in rows:
        by_number.setdefault(leaving.employee_no, []).append(leaving)
    for number, own in by_number.items():
        person = people.get(number)
        if person is None:
            if known_only:
                decisions.unknown.append(number)
                continue
            person = _new_person(number, own, headers, decisions)
            if person is None:
                continue
        _person_departures(person, own, stored.get(person.id, []), headers, decisions)
    return decisions


def _new_person(
    number: str, own: list[Leaving], headers: dict[str, str], decisions: Decisions
) -> KnownPerson | None:
    if len(own) == 1:  # most leavers left once
        values = list(_person_values(own[0]))
    else:
        latest_first = sorted(own, key=lambda leaving: leaving.last_day or date.min, reverse=True)
        values = list(_person_values(latest_first[0]))
        for earlier in latest_first[1:]:  # what the latest row leaves empty
            for at, value in enumerate(_person_values(earlier)):
                if values[at] is None:
                    values[at] = value
    name, department, title, level, manager_no, hire_date = values  # PERSON_FIELDS
    if name is None:
        decisions.problems.append(
            Problem(
                own[0].row,
                headers.get("name", "name"),
                f"{number} is not in retainkit, so the name is needed to add them "
                "(or import people first with: retainkit people import)",
            )
        )
        return None
    person = KnownPerson(
        0, number, "departed", hire_date, None, False, False, None,
        name, department, title, level, manager_no,
    )  # fmt: skip
    decisions.added.append(person)
    return person


def _person_departures(
    person: KnownPerson,
    own: list[Leaving],
    stored: list[StoredSeparation],
    headers: dict[str, str],
    decisions: Decisions,
) -> None:
    by_day: dict[date, StoredSeparation] = {}
    for separation in stored:  # one cancelled and one recorded again: the one that stands
        kept = by_day.get(separation.last_day)
        if kept is None or kept.status == "cancelled":
            by_day[separation.last_day] = separation
    matched: set[int] = set()
    timeline: list[Departure] = []
    problems = len(decisions.problems)
    for leaving in own:
        assert leaving.last_day is not None
        before = by_day.get(leaving.last_day)
        if before is not None:
            matched.add(before.id)
            if before.status == "cancelled":
                decisions.cancelled += 1
                continue
        hired_later = leaving.hire_date is not None and leaving.hire_date > leaving.last_day
        departure = _departure(person, leaving, before)
        if _checked(departure, hired_later, headers, decisions):
            timeline.append(departure)
    if len(decisions.problems) > problems:
        return
    if stored:
        timeline += [
            Departure(person, s.last_day, s.values, s.status, s.rehired_on, s)
            for s in stored
            if s.id not in matched and s.status != "cancelled"
        ]
    if len(timeline) > 1:
        timeline.sort(key=lambda d: d.last_day)
        if not _returns_shown(timeline, headers, decisions):
            return
    elif not timeline:
        return
    _set_statuses(person, timeline, decisions)


def _departure(person: KnownPerson, leaving: Leaving, before: StoredSeparation | None) -> Departure:
    """The separation a row names: a stored one with the row's values as corrections, or a
    new one (the row itself, its gaps filled as `depart` fills them)."""
    assert leaving.last_day is not None
    if before is not None:
        given = dict(zip(RECORDED, _recorded_values(leaving), strict=True))
        # Reasons are given together: a row naming any replaces both.
        reasons = given["primary_reason"] is not None or given["contributing_reasons"] is not None
        stored = before.values
        changes = {
            name: value
            for name, value in given.items()
            if (value is not None or (reasons and name in REASONS))
            and value != getattr(stored, name)
        }
        return Departure(
            person,
            leaving.last_day,
            replace(stored, **changes) if changes else stored,
            before.status,
            before.rehired_on,
            before,
            leaving.row,
            changes,
        )
    for name in PERSON_AT_EXIT:
        if getattr(leaving, name) is None:
            setattr(leaving, name, getattr(person, name))
    if leaving.hire_date is not None and leaving.hire_date > leaving.last_day:
        leaving.hire_date = None  # the person's hire date now: a later employment
    kind = leaving.kind
    if kind is not None:
        if leaving.regrettable is None:
            leaving.regrettable = default_regrettable(kind, person)
        if leaving.rehire_eligible is None:
            leaving.rehire_eligible = default_rehire_eligible(kind)
    return Departure(person, leaving.last_day, leaving, row=leaving.row)


def _checked(
    departure: Departure, hired_later: bool, headers: dict[str, str], decisions: Decisions
) -> bool:
    values, last_day = departure.values, departure.last_day
    found = []
    if values.kind is None:
        found.append(
            ("kind", "the kind of separation is empty; give one")
            if "kind" in headers
            else (
                "kind",
                "a new separation needs its kind: name the column with --map 'Header=kind'",
            )
        )
    if values.notice_date is not None and values.notice_date > last_day:
        found.append(("notice_date", "the notice date is after the last day"))
    if hired_later:
        found.append(("hire_date", "the hire date is after the last day"))
    contributing = values.contributing_reasons or ()
    if contributing and values.primary_reason is None:
        found.append(("contributing_reasons", "contributing reasons need a primary reason"))
    if values.primary_reason in contributing:
        found.append(
            ("contributing_reasons", f"{values.primary_reason} is the primary reason already")
        )
    for name, message in found:
        decisions.problems.append(Problem(departure.row, headers.get(name, name), message))
    return not found


def _returns_shown(
    timeline: list[Departure], headers: dict[str, str], decisions: Decisions
) -> bool:
    """Two separations of a person, one stored and one from the file, with nothing to show
    the person came back between them: a problem (it may be a corrected last day)."""
    for earlier, later in pairwise(timeline):
        if (earlier.stored is None) == (later.stored is None):
            continue
        hired = later.values.hire_date
        back = earlier.rehired_on
        came_back = (hired is not None and hired > earlier.last_day) or (
            back is not None and earlier.last_day < back <= later.last_day
        )
        if came_back:
            continue
        new, old = (later, earlier) if earlier.stored is not None else (earlier, later)
        assert old.stored is not None
        decisions.problems.append(
            Problem(
                new.row,
                headers.get("last_day", "last_day"),
                f"{new.person.employee_no} has separation {old.stored.id} with last day "
                f"{old.last_day.isoformat()}; if the last day was corrected, cancel it first "
                f"(retainkit separation cancel {old.stored.id} --why TEXT); if they left "
                "twice, give the hire date of their return in a hire date column",
            )
        )
        return False
    return True


def _set_statuses(person: KnownPerson, timeline: list[Departure], decisions: Decisions) -> None:
    """Every separation but the latest: the person came back after it. The latest: open,
    unless the person works here again since."""
    latest = timeline[-1]
    returned = []
    for departure, following in pairwise(timeline):
        if departure.status != "rehired":
            hired = following.values.hire_date
            departure.status = "rehired"
            departure.rehired_on = (
                hired if hired is not None and hired > departure.last_day else None
            )
            if departure.stored is not None:
                returned.append(departure)
    if latest.stored is None and person.status == "active":  # a person added now: departed
        hired = person.hire_date
        if hired is not None and hired > latest.last_day:
            latest.status, latest.rehired_on = "rehired", hired
        else:
            person.status = "departed"
            decisions.leaving.append(person)
    decisions.returned += returned
    for departure in timeline:
        if departure.stored is None:
            decisions.new.append(departure)
        elif departure.changes:
            decisions.corrected.append(departure)
        elif departure.row and departure not in returned:
            decisions.unchanged += 1
