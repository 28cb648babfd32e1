"""The database side of `separation import`: what is stored for the people of a file, and
the import's decisions written in bulk, inside the caller's transaction.

Rows go through `storage.bulk.executemany` as `people import` does; the ids of new people
and separations are reserved first, so the rows that point to them are sent as they are.
A dry run reads without creating anything (`peek`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from retainkit.core.plan import PLAN_FACTS, cancel_planned, replan_corrected
from retainkit.core.schedule import Cadence, Planned
from retainkit.core.separation_history import (
    RECORDED,
    Decisions,
    Departure,
    KnownPerson,
    Recorded,
    StoredSeparation,
)
from retainkit.storage.bulk import chunks, executemany, reserve_ids, update_by_id
from retainkit.storage.database import now_of
from retainkit.storage.models import (
    FollowUp,
    HandoverItem,
    Person,
    RecordedReason,
    Separation,
    table_of,
)
from retainkit.storage.side_inserts import SideInserts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

WHOLE_TABLE = 2_000
"""Beyond this many keys one scan of the table beats many `IN (...)` lists."""
SEPARATION_COLUMNS = (
    "person_id", "status", "kind", "last_day", "notice_date", "regrettable", "rehire_eligible",
    "department", "title", "level", "manager_no", "hire_date", "rehired_on", "note",
)  # fmt: skip
_OF_DEPARTURE = {"person_id": "person.id", "status": "status", "last_day": "last_day"}
_OF_DEPARTURE |= {"rehired_on": "rehired_on"}
_SEPARATION_ROW = attrgetter(
    "id", *(_OF_DEPARTURE.get(name, f"values.{name}") for name in SEPARATION_COLUMNS)
)
"""A new separation's id and the values of SEPARATION_COLUMNS, in that order (the others
are what it records)."""
REASON_COLUMNS = ["separation_id", "code", "is_primary", "position"]
"""A recorded reason's columns, as `_reason_rows` gives them."""
PlannedRow = tuple[Departure, Planned, int]
"""A contact to plan: its separation, its window, its priority."""


@contextmanager
def peek(db: Database) -> Iterator[Session | None]:
    """A read that changes nothing: no database file is created and no schema made. None
    when there is no database yet (or an empty one): nothing is stored. A database written
    by an older retainkit is upgraded first, as by any command."""
    from sqlalchemy.orm import Session

    from retainkit.storage.database import head_revision, translate_errors

    path = db.sqlite_path
    if path is not None and not path.exists():
        yield None
        return
    engine = db.bare_engine()
    try:
        with translate_errors(), engine.connect() as connection:
            version = db.schema_version(connection)
            connection.rollback()
        if version is None:
            yield None
        elif version != head_revision():  # an older schema: upgraded as by any command
            with db.read() as session:
                yield session
        else:
            with translate_errors(), Session(engine, info={"now": db.now}) as session:
                yield session
    finally:
        engine.dispose()


def begin_import(session: Session) -> None:
    """On PostgreSQL, no other command adds or changes people or separations until this
    import commits (SQLite's write transaction already keeps other writers out). On SQLite,
    a page cache that holds what a large import touches: the checks of a separation's
    person read the person table at random."""
    if session.connection().dialect.name == "postgresql":
        session.connection().exec_driver_sql(
            "LOCK TABLE person, separation IN SHARE ROW EXCLUSIVE MODE"
        )
    else:
        session.connection().exec_driver_sql("PRAGMA cache_size=-65536")


def stored_people(session: Session, numbers: list[str]) -> dict[str, KnownPerson]:
    from sqlalchemy import select

    p = table_of(Person)
    query = select(
        p.c.id, p.c.employee_no, p.c.status, p.c.hire_date, p.c.performance,
        p.c.high_performer, p.c.do_not_contact, p.c.rehire_pool, p.c.name, p.c.department,
        p.c.title, p.c.level, p.c.manager_no,
    )  # fmt: skip
    wanted = set(numbers)
    one = _shared()
    found: dict[str, KnownPerson] = {}
    batches = [query] if len(wanted) > WHOLE_TABLE else [
        query.where(p.c.employee_no.in_(chunk)) for chunk in chunks(sorted(wanted))
    ]  # fmt: skip
    for batch in batches:
        for row in session.execute(batch):
            if row.employee_no in wanted:
                found[row.employee_no] = KnownPerson(*row[:2], *map(one, row[2:]))
    return found


def stored_separations(
    session: Session, person_ids: list[int]
) -> dict[int, list[StoredSeparation]]:
    """The separations of these people, with their recorded reasons."""
    from sqlalchemy import select

    s, r = table_of(Separation), table_of(RecordedReason)
    columns = [s.c.id, s.c.person_id, s.c.last_day, s.c.status, s.c.rehired_on]
    recorded = [s.c[name] for name in RECORDED if name in s.c]
    whole = len(person_ids) > WHOLE_TABLE
    wanted = set(person_ids)
    one = _shared()
    by_id: dict[int, StoredSeparation] = {}
    for chunk in [person_ids] if whole else chunks(person_ids):
        query = select(*columns, *recorded)
        if not whole:
            query = query.where(s.c.person_id.in_(chunk))
        for row in session.execute(query):
            if row.person_id in wanted:
                values = Recorded(*map(one, row[5:]))
                by_id[row.id] = StoredSeparation(
                    row.id,
                    row.person_id,
                    one(row.last_day),
                    one(row.status),
                    row.rehired_on,
                    values,
                )
    ids = list(by_id)
    reasons = select(r.c.separation_id, r.c.code, r.c.is_primary).order_by(
        r.c.separation_id, r.c.position
    )
    for chunk in [ids] if len(ids) > WHOLE_TABLE else chunks(ids):
        query = reasons if len(ids) > WHOLE_TABLE else reasons.where(r.c.separation_id.in_(chunk))
        for separation_id, code, is_primary in session.execute(query):
            stored = by_id.get(separation_id)
            if stored is None:
                continue
            if is_primary:
                stored.values.primary_reason = one(code)
            else:
                stored.values.contributing_reasons = (
                    *(stored.values.contributing_reasons or ()),
                    one(code),
                )
    found: dict[int, list[StoredSeparation]] = {}
    for stored in by_id.values():
        found.setdefault(stored.person_id, []).append(stored)
    return found


def _shared() -> Callable[[Any], Any]:
    """Each value once: the database gives every row its own copy of a department or a
    date, and a large import holds a hundred thousand rows."""
    values: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        return values.setdefault(value, value)

    return one


def begin_writing(session: Session, decisions: Decisions) -> SideInserts:
    """The ids of the new people and separations, and the separations and their reasons
    queued (bound by a helper meanwhile, where one runs): `write` finishes them."""
    connection = session.connection()
    people = decisions.added
    for person, person_id in zip(
        people, reserve_ids(connection, table_of(Person), len(people)), strict=True
    ):
        person.id = person_id
    ids = reserve_ids(connection, table_of(Separation), len(decisions.new))
    # Numbered by last day: the numbers read in order, and the index on the last day grows
    # at its end. The plan keeps the file's order (its contacts are numbered in it).
    ordered = sorted(decisions.new, key=lambda departure: departure.last_day)
    for departure, separation_id in zip(ordered, ids, strict=True):
        departure.id = separation_id
    inserts = SideInserts(connection, len(ordered))
    inserts.insert(
        _insert(Separation),
        ["id", *SEPARATION_COLUMNS],
        map(_SEPARATION_ROW, ordered),
        {"created_at": now_of(session)},
    )
    inserts.insert(_insert(RecordedReason), REASON_COLUMNS, _reason_rows(ordered))
    inserts.start()
    return inserts


def write(
    session: Session,
    decisions: Decisions,
    inserts: SideInserts,
    planned: list[PlannedRow],
    handovers: list[Departure],
    *,
    handover_items: tuple[str, ...],
    cadence: Cadence,
    today: date,
) -> None:
    """Write everything the import decided, in the caller's transaction, `begin_writing`'s
    inserts among it."""
    connection = session.connection()
    now = now_of(session)
    _add_people(session, decisions.added, now)
    _mark_departed(session, decisions.leaving, now)
    inserts.finish()  # the new separations and their reasons: the plan points to them
    _correct(session, decisions.corrected, cadence, today)
    _returned(session, decisions.returned)
    executemany(
        connection,
        _insert(FollowUp),
        ["person_id", "separation_id", "kind", "due_from", "due_to", "priority"],
        (
            (d.person.id, d.id, item.kind, item.due_from, item.due_to, rank)
            for d, item, rank in planned
        ),
        {"status": "planned", "attempts": 0, "reason": None, "done_on": None}
        | {"created_at": now, "updated_at": now},
    )
    executemany(
        connection,
        _insert(HandoverItem),
        ["separation_id", "position", "label"],
        (
            (d.id, position, label)
            for d in handovers
            for position, label in enumerate(handover_items, start=1)
        ),
        {"done": False, "done_on": None, "note": None},
    )


def _insert(model: Any) -> Any:
    from sqlalchemy import insert

    return insert(table_of(model))


def _add_people(session: Session, people: list[KnownPerson], now: Any) -> None:
    """The new people, their ids given by `begin_writing`."""
    names = ["id", "employee_no", "name", "status", "department", "title", "level"]
    names += ["manager_no", "hire_date"]
    executemany(
        session.connection(),
        _insert(Person),
        names,
        map(attrgetter(*names), people),
        {"high_performer": False, "do_not_contact": False, "created_at": now, "updated_at": now},
    )


def _mark_departed(session: Session, people: list[KnownPerson], now: Any) -> None:
    """Active people the file shows have left: departed, and no more stay interviews."""
    update_by_id(
        session.connection(),
        table_of(Person),
        [],
        ([p.id] for p in people),
        {"status": "departed", "updated_at": now},
    )
    for chunk in chunks([p.id for p in people]):
        cancel_planned(session, person_ids=chunk, kinds=("stay_interview",), reason="left")


def _replace_reasons(session: Session, departures: list[Departure]) -> None:
    from sqlalchemy import delete

    r = table_of(RecordedReason)
    for chunk in chunks([d.id for d in departures]):
        session.connection().execute(delete(r).where(r.c.separation_id.in_(chunk)))
    executemany(
        session.connection(), _insert(RecordedReason), REASON_COLUMNS, _reason_rows(departures)
    )


def _reason_rows(departures: list[Departure]) -> Iterator[tuple[int, str, bool, int]]:
    for d in departures:
        if d.values.primary_reason is not None:
            yield d.id, d.values.primary_reason, True, 0
        for position, code in enumerate(d.values.contributing_reasons or (), start=1):
            yield d.id, code, False, position


def _correct(session: Session, corrected: list[Departure], cadence: Cadence, today: date) -> None:
    """Stored separations the file corrects: their values, their reasons, and the plan of
    an open one whose facts changed."""
    names = [name for name in SEPARATION_COLUMNS if name in RECORDED]
    for departure in corrected:
        assert departure.stored is not None
        departure.id = departure.stored.id
    update_by_id(
        session.connection(),
        table_of(Separation),
        names,
        ([d.id, *(getattr(d.values, name) for name in names)] for d in corrected),
    )
    _replace_reasons(
        session,
        [d for d in corrected if {"primary_reason", "contributing_reasons"} & set(d.changes or ())],
    )
    for departure in corrected:
        if departure.status == "open" and PLAN_FACTS & set(departure.changes or ()):
            separation = session.get(Separation, departure.id)
            assert separation is not None
            replan_corrected(session, separation.person, separation, cadence, today)


def _returned(session: Session, returned: list[Departure]) -> None:
    """Stored open separations of people who came back: history, their plan cancelled."""
    update_by_id(
        session.connection(),
        table_of(Separation),
        ["rehired_on"],
        ([d.stored.id, d.rehired_on] for d in returned if d.stored is not None),
        {"status": "rehired"},
    )
    for departure in returned:
        assert departure.stored is not None
        cancel_planned(session, separation_id=departure.stored.id, reason="rehired")
