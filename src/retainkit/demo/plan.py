"""The demo's contact plan and history, made with the same rules a real plan follows.

Each separation's plan is the one `depart` would have made on its last day. What lies in
the past is played out: most contacts were reached (some after a retry), a few were
skipped, and a few were missed and are overdue now, so `followup due` has work on the
first run. What lies ahead stays planned.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from retainkit.core.schedule import (
    Cadence,
    Leaver,
    Planned,
    following,
    leaver_priority,
    priority,
    separation_plan,
    stay_due,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

CONCLUSIONS = (
    "Settled in well at the new job; open to news from us.",
    "Still unhappy about how the last review went.",
    "Would consider a senior role here in a year.",
    "Busy; prefers email next time.",
    "Handover questions answered; nothing open.",
    "Interested in the alumni meet-up.",
    "Recommended a friend for the open support role.",
)
MISSED_SHARE = 0.06
SKIPPED_SHARE = 0.04
RECENT_DAYS = 45
"""Contacts missed in the last 45 days are still open; older ones were skipped."""


@dataclass(frozen=True)
class DemoPlan:
    """The rows of the demo's contact plan and contact history, filled as they are made."""

    followups: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)


def _play(
    rng: random.Random,
    out: DemoPlan,
    item: Planned,
    *,
    followup_id: int,
    person: dict[str, Any],
    person_id: int,
    separation_id: int | None,
    rank: int,
    today: date,
    exit_status: str | None,
) -> str:
    """Add one planned contact, played out if its window has passed; returns its status."""
    row: dict[str, Any] = {
        "id": followup_id, "person_id": person_id, "separation_id": separation_id,
        "kind": item.kind, "due_from": item.due_from, "due_to": item.due_to,
        "priority": rank, "attempts": 0, "status": "planned", "reason": None, "done_on": None,
    }  # fmt: skip
    out.followups.append(row)
    if item.kind == "exit_interview" and exit_status in ("completed", "declined"):
        row["status"] = "done" if exit_status == "completed" else "declined"
        row["done_on"] = min(item.due_to, today)
        row["attempts"] = 1
        return str(row["status"])
    if item.due_to >= today:
        opened = (today - item.due_from).days
        span = max((item.due_to - item.due_from).days, 1)
        if opened <= 0 or rng.random() >= opened / span:
            return "planned"  # not yet held: specialists work through a window as it runs
        item = Planned(item.kind, item.due_from, today - timedelta(days=1))
    recent = (today - item.due_to).days <= RECENT_DAYS
    if item.kind == "exit_interview" and not recent:
        row.update(status="skipped", reason="not held before the last day", done_on=item.due_to)
        return "skipped"
    roll = rng.random()
    if item.kind == "exit_interview" or (recent and roll < MISSED_SHARE * 3):
        return "planned"  # missed: overdue today
    if roll < MISSED_SHARE + SKIPPED_SHARE:
        row.update(
            status="skipped", reason="Busy quarter; next contact will cover it", done_on=item.due_to
        )
        return "skipped"
    span = max((item.due_to - item.due_from).days, 1)
    day = item.due_from + timedelta(days=rng.randint(0, span - 1))
    if rng.random() < 0.2:  # no answer first, reached a week later
        out.contacts.append(_contact(followup_id, person, person_id, day, "no_answer", None, rng))
        day = min(day + timedelta(days=7), today - timedelta(days=1))
        row["attempts"] = 1
    out.contacts.append(
        _contact(followup_id, person, person_id, day, "reached", rng.choice(CONCLUSIONS), rng)
    )
    row.update(status="done", done_on=day, attempts=row["attempts"] + 1)
    return "done"


def _contact(
    followup_id: int,
    person: dict[str, Any],
    person_id: int,
    day: date,
    outcome: str,
    conclusion: str | None,
    rng: random.Random,
) -> dict[str, Any]:
    return {
        "person_id": person_id, "followup_id": followup_id, "interview_id": None,
        "contacted_on": day, "outcome": outcome, "channel": person["preferred_channel"],
        "note": None, "conclusion": conclusion,
        "rehire_interest": rng.choice(("yes", "maybe", "maybe", "no")) if conclusion else None,
    }  # fmt: skip


def generate_plan(
    rng: random.Random,
    *,
    people: list[dict[str, Any]],
    separations: list[dict[str, Any]],
    ids: dict[str, int],
    separation_ids: list[int],
    exit_status: dict[int, str],
    last_stay: dict[int, date],
    cadence: Cadence,
    today: date,
    first_id: int = 1,
) -> DemoPlan:
    out = DemoPlan()
    by_number = {p["employee_no"]: p for p in people}
    next_id = first_id
    for separation, separation_id in zip(separations, separation_ids, strict=True):
        person = by_number[separation["employee_no"]]
        if person["do_not_contact"]:
            continue
        leaver = Leaver(
            last_day=separation["last_day"], notice_date=separation["notice_date"],
            kind=separation["kind"], level=separation["level"],
            performance=person["performance"], regrettable=separation["regrettable"],
            rehire_eligible=separation["rehire_eligible"],
            in_rehire_pool=separation["regrettable"] and separation["rehire_eligible"],
        )  # fmt: skip
        rank = leaver_priority(leaver)
        person_id = ids[person["employee_no"]]
        queue = separation_plan(leaver, cadence, separation["last_day"])
        rehired_on = separation["rehired_on"]
        while queue:
            item = queue.pop(0)
            if rehired_on is not None and item.due_from >= rehired_on:
                continue  # the plan closed when they came back
            status = _play(
                rng,
                out,
                item,
                followup_id=next_id,
                person=person,
                person_id=person_id,
                separation_id=separation_id,
                rank=rank,
                today=today,
                exit_status=exit_status.get(separation_id),
            )
            next_id += 1
            if status in ("done", "skipped"):
                after = following(item, separation["last_day"], cadence, item.due_to)
                if after is not None:
                    queue.append(after)
    for person in people:
        eligible = person["high_performer"] or person["level"] == "core"
        if person["status"] != "active" or not eligible:
            continue
        person_id = ids[person["employee_no"]]
        item = stay_due(
            hire_date=person["hire_date"],
            last_stay=last_stay.get(person_id),
            cadence=cadence,
            today=today,
        )
        out.followups.append({
            "id": next_id, "person_id": person_id, "separation_id": None,
            "kind": item.kind, "due_from": item.due_from, "due_to": item.due_to,
            "priority": priority(level=person["level"], performance=person["performance"],
                                 high_performer=person["high_performer"]),
            "attempts": 0, "status": "planned", "reason": None, "done_on": None,
        })  # fmt: skip
        next_id += 1
    return out


def write_plan(connection: Connection, plan: DemoPlan, now: datetime) -> None:
    from sqlalchemy import insert

    from retainkit.storage.bulk import advance_sequence, executemany
    from retainkit.storage.models import Contact, FollowUp, table_of

    stamp = now
    if plan.followups:
        keys = list(plan.followups[0])
        executemany(
            connection,
            insert(table_of(FollowUp)),
            keys,
            ([row[k] for k in keys] for row in plan.followups),
            {"created_at": stamp, "updated_at": stamp},
        )
        advance_sequence(connection, table_of(FollowUp))
    if plan.contacts:
        keys = list(plan.contacts[0])
        executemany(
            connection,
            insert(table_of(Contact)),
            keys,
            ([row[k] for k in keys] for row in plan.contacts),
            {"created_at": stamp},
        )
