"""Filling a database with the demo organisation: people and separations, interviews, the
contact plan and its history, action items, verified reasons and handovers, in one
transaction, through the bulk path `people import` uses."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.core.library import latest
from retainkit.core.settings import load_settings
from retainkit.demo.forms import write_forms
from retainkit.demo.interviews import DemoInterviews, write_interviews
from retainkit.demo.loop import write_loop
from retainkit.demo.organisation import LEAVER_SHARE, DemoOrganisation, generate
from retainkit.demo.plan import DemoPlan, generate_plan, write_plan
from retainkit.storage.database import now_of
from retainkit.storage.models import Base, FollowUp, Person, Separation, table_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


@dataclass(frozen=True)
class DemoSummary:
    """How much `write_demo` wrote."""

    people: int
    departed: int
    separations: int
    interviews: int = 0
    actions: int = 0
    contacts: int = 0
    planned: int = 0
    forms: int = 0


def write_demo(
    db: Database,
    *,
    people: int,
    seed: int,
    today: date,
    force: bool,
    leaver_share: float = LEAVER_SHARE,
) -> DemoSummary:
    """Generate the organisation and write all of it; a database that holds people already
    is replaced only with `force`."""
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
        exit_form = latest(session, "exit")
        lang = {p["employee_no"]: "zh" if p["location"] == "Shanghai" else "en"
                for p in organisation.people}  # fmt: skip
        leavers = [
            (sid, ids[s["employee_no"]], s["last_day"], lang[s["employee_no"]])
            for s, sid in zip(organisation.separations, separation_ids, strict=True)
        ]
        forms = write_forms(
            session.connection(), random.Random(seed + 4), made, leavers,
            (exit_form.key, exit_form.version), today, now_of(session),
        )  # fmt: skip
    return DemoSummary(
        people=len(organisation.people),
        departed=sum(1 for p in organisation.people if p["status"] == "departed"),
        separations=len(organisation.separations),
        interviews=len(made.interviews),
        actions=len(made.actions),
        contacts=len(plan.contacts),
        planned=sum(1 for f in plan.followups if f["status"] == "planned"),
        forms=forms,
    )


def _write_loop(
    session: Session,
    organisation: DemoOrganisation,
    separation_ids: list[int],
    made: DemoInterviews,
    seed: int,
    today: date,
) -> None:
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
        handover_items=load_settings(session).handover_items, today=today,
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
        exit_status=exits, last_stay=stays, cadence=load_settings(session).cadence, today=today,
        first_id=(connection.scalar(select(func.max(FollowUp.id))) or 0) + 1,
    )  # fmt: skip
    write_plan(connection, plan, now_of(session))
    return plan


def _has_people(session: Session) -> bool:
    from sqlalchemy import select

    return session.scalar(select(Person.id).limit(1)) is not None


def _clear(session: Session) -> None:
    from sqlalchemy import delete

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
