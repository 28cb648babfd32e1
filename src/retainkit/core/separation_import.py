"""`separation import`: years of leavers from an HR system's export, all or nothing.

The file is read and every row checked (`people import`'s reading, with the fields of a
separation) before anything is written; one bad row means nothing is imported, and the
error names every bad row. What the rows mean against what is stored is decided in
`separation_history`; `separation_store` reads and writes.

History does not flood the plan: a separation is planned as `depart` would have planned it
on its last day, keeping only the contacts whose window has not closed today
(`schedule.history_plan`), and a handover checklist is started only for a last day still
to come. A dry run writes nothing at all and says what it understood.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, fields
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.import_columns import (
    ParsedRows,
    Problem,
    parse_file,
    parse_map_options,
    parse_value_options,
)
from retainkit.core.import_problems import problem_lines
from retainkit.core.plan import pool_member
from retainkit.core.schedule import (
    Cadence,
    Leaver,
    Planned,
    history_plan,
    leaver_priority,
    separation_plan,
)
from retainkit.core.separation_fields import (
    SEPARATION_FIELDS,
    TALLIED,
    Tally,
    require_last_day,
    tallied_fields,
    tallied_values,
    value_options,
)
from retainkit.core.separation_history import (
    Decisions,
    Departure,
    KnownPerson,
    Leaving,
    StoredSeparation,
    decide,
)
from retainkit.core.separation_store import (
    PlannedRow,
    begin_import,
    begin_writing,
    peek,
    stored_people,
    stored_separations,
    write,
)
from retainkit.core.setting_specs import SETTINGS
from retainkit.core.settings import load_settings, settings_of
from retainkit.storage.side_inserts import side_database

if TYPE_CHECKING:
    from retainkit.storage.database import Database

NUMBERS_A_LINE = 10


@dataclass(frozen=True)
class SeparationImport:
    """What an import did, or would do (`dry_run`)."""

    rows: int
    new: int
    corrected: int
    unchanged: int
    cancelled: int
    """Rows naming a separation cancelled earlier, which stays cancelled."""
    people_added: int
    history: int
    """New separations of people who came back since: kept as history, nothing planned."""
    returned: int
    """Stored open separations the file shows were followed by a return: now history."""
    planned: dict[str, int]
    """Contacts planned, by kind."""
    closed: dict[str, int]
    """Contacts of the plan on the last day whose window had closed: not planned, by kind."""
    handovers: int
    handovers_closed: int
    """Separations whose last day had passed: no handover checklist."""
    not_contacted: int
    """Leavers who asked not to be contacted: nothing planned."""
    columns: dict[str, str]
    ignored_columns: list[str]
    values: dict[str, list[tuple[str, int, list[tuple[str, int]]]]]
    """Kinds and reasons: each value, its rows, and the file's words it came from."""
    dry_run: bool
    error: InputError | None = None
    """A dry run's problems, raised once what it understood is shown."""


def import_separations(
    db: Database,
    path: Path,
    *,
    maps: list[str] | None = None,
    values: list[str] | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    date_format: str | None = None,
    known_only: bool = False,
    today: date,
) -> SeparationImport:
    with _collector_paused():
        return _import(
            db, path, maps or [], values or [], dry_run, encoding, date_format, known_only, today
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import builds hundreds of thousands of objects and frees them only at the end, so
    Python's cycle collector would walk them again and again (a sixth of a large import's
    time) to find nothing; it runs again once the import is done."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _import(
    db: Database,
    path: Path,
    maps: list[str],
    values: list[str],
    dry_run: bool,
    encoding: str | None,
    date_format: str | None,
    known_only: bool,
    today: date,
) -> SeparationImport:
    tally: Tally = Counter()
    translations = parse_value_options(value_options(values), fields=SEPARATION_FIELDS)
    parsed = parse_file(
        path,
        mapping=parse_map_options(maps, fields=SEPARATION_FIELDS),
        translations={name: t for name, t in translations.items() if name not in TALLIED},
        encoding=encoding,
        date_format=date_format,
        fields=tallied_fields(translations, tally),
        unique_key=False,
    )
    require_last_day(parsed.fields, path.name)
    headers = {name: header for header, name in parsed.mapped.items()}
    rows, problems = _leavings(parsed, headers)
    parsed.rows.clear()  # the leavings hold the values now; half the memory of a large file
    problems += parsed.problems
    reading = dry_run or bool(problems)
    with (
        nullcontext(None) if reading else side_database(db, len(rows)) as side,
        peek(db) if reading else db.write(side) as session,
        ExitStack() as pending,
    ):
        people: dict[str, KnownPerson] = {}
        stored: dict[int, list[StoredSeparation]] = {}
        if session is not None:  # None: no database yet, so nothing stored
            if not reading:
                begin_import(session)
            people = stored_people(session, [leaving.employee_no for leaving in rows])
            stored = stored_separations(session, [person.id for person in people.values()])
        decisions = decide(rows, people, stored, headers=headers, known_only=known_only)
        settings = (
            load_settings(session)
            if session is not None
            else settings_of({key: spec.default for key, spec in SETTINGS.items()})
        )
        problems += decisions.problems
        if problems or decisions.unknown:
            error = problems_error(path, problems, decisions.unknown)
            if not dry_run:
                raise error
            return SeparationImport(
                rows=len(rows), new=0, corrected=0, unchanged=0, cancelled=0, people_added=0,
                history=0, returned=0, planned={}, closed={}, handovers=0, handovers_closed=0,
                not_contacted=0, columns=parsed.mapped,
                ignored_columns=[h for h in parsed.headers if h and h not in parsed.mapped],
                values=tallied_values(tally), dry_run=True, error=error,
            )  # fmt: skip
        if not dry_run:  # the new separations bound by a helper while the plan is made
            assert session is not None
            inserts = pending.enter_context(begin_writing(session, decisions))
        plan = _plan(decisions, settings.cadence, today)
        if not dry_run:
            assert session is not None
            write(
                session,
                decisions,
                inserts,
                plan.contacts,
                plan.handovers,
                handover_items=settings.handover_items,
                cadence=settings.cadence,
                today=today,
            )
    return SeparationImport(
        rows=len(rows),
        new=len(decisions.new),
        corrected=len(decisions.corrected),
        unchanged=decisions.unchanged,
        cancelled=decisions.cancelled,
        people_added=len(decisions.added),
        history=sum(1 for d in decisions.new if d.status == "rehired"),
        returned=len(decisions.returned),
        planned=dict(plan.planned),
        closed=dict(plan.closed),
        handovers=len(plan.handovers),
        handovers_closed=plan.handovers_closed,
        not_contacted=plan.not_contacted,
        columns=parsed.mapped,
        ignored_columns=[h for h in parsed.headers if h and h not in parsed.mapped],
        values=tallied_values(tally),
        dry_run=dry_run,
    )


def _leavings(parsed: ParsedRows, headers: dict[str, str]) -> tuple[list[Leaving], list[Problem]]:
    """The rows as leavings; a row needs a last day, and names a separation once."""
    names = parsed.fields
    # Each row is followed by a None (for the fields the file lacks) and its number.
    at = {name: index for index, name in enumerate(names)} | {"row": len(names) + 1}
    own = itemgetter(*(at.get(f.name, len(names)) for f in fields(Leaving)))
    last_day_column = headers["last_day"]
    rows, problems = [], []
    first_seen: dict[tuple[str, date], int] = {}
    for values, row_no in zip(parsed.rows, parsed.row_numbers, strict=True):
        leaving = Leaving(*own((*values, None, row_no)))
        if leaving.last_day is None:
            problems.append(Problem(row_no, last_day_column, "the last day is empty"))
            continue
        key = (leaving.employee_no, leaving.last_day)
        if key in first_seen:
            problems.append(
                Problem(
                    row_no,
                    last_day_column,
                    f"{leaving.employee_no} leaving on {leaving.last_day.isoformat()} "
                    f"is also on row {first_seen[key]}",
                )
            )
            continue
        first_seen[key] = row_no
        rows.append(leaving)
    return rows, problems


@dataclass
class HistoryPlan:
    """The contacts and handover checklists of the new open separations, and what their
    plan on the last day held that has closed since."""

    contacts: list[PlannedRow] = field(default_factory=list)
    handovers: list[Departure] = field(default_factory=list)
    planned: Counter[str] = field(default_factory=Counter)
    closed: Counter[str] = field(default_factory=Counter)
    handovers_closed: int = 0
    not_contacted: int = 0


def _plan(decisions: Decisions, cadence: Cadence, today: date) -> HistoryPlan:
    plan = HistoryPlan()
    # The windows depend on the last day, the rehire pool and, while the exit interview
    # can still be held, the notice date; the priority on five facts. Thousands of
    # leavers share them, so each is worked out once.
    plans: dict[tuple[date, date | None, bool], tuple[list[Planned], list[str]]] = {}
    uses: Counter[tuple[date, date | None, bool]] = Counter()
    ranks: dict[tuple[Any, ...], int] = {}
    for departure in decisions.new:
        if departure.status != "open":
            continue
        last_day = departure.last_day
        if last_day >= today:
            plan.handovers.append(departure)
        else:
            plan.handovers_closed += 1
        person = departure.person
        if person.do_not_contact:
            plan.not_contacted += 1
            continue
        values = departure.values
        notice_date, regrettable, rehire_eligible = (
            values.notice_date, bool(values.regrettable), bool(values.rehire_eligible)
        )  # fmt: skip
        pool = pool_member(person.rehire_pool, regrettable, rehire_eligible)
        key = (last_day, notice_date if last_day >= today else None, pool)
        facts = (values.kind or "", values.level, person.performance, regrettable, rehire_eligible)
        found, rank = plans.get(key), ranks.get(facts)
        if found is None or rank is None:
            leaver = Leaver(last_day, notice_date, *facts, in_rehire_pool=pool)
            found = plans[key] = found or _history(leaver, cadence, today)
            rank = ranks[facts] = leaver_priority(leaver)
        uses[key] += 1
        plan.contacts += [(departure, item, rank) for item in found[0]]
    for key, times in uses.items():
        items, closed = plans[key]
        for item in items:
            plan.planned[item.kind] += times
        for kind in closed:
            plan.closed[kind] += times
    return plan


def _history(leaver: Leaver, cadence: Cadence, today: date) -> tuple[list[Planned], list[str]]:
    """The plan as it stands today, and the kinds whose window closed before today."""
    items = history_plan(leaver, cadence, today)
    kept = {item.kind for item in items}
    then = separation_plan(leaver, cadence, min(today, leaver.last_day))
    return items, [p.kind for p in then if p.kind not in kept]


def problems_error(path: Path, problems: list[Problem], unknown: list[str]) -> InputError:
    """One error for the whole file: the people it does not know (with --known-only), then
    the problems, alike ones grouped with the rows they are on."""
    parts, details = [], []
    if unknown:
        parts.append(
            f"{len(unknown)} {'person' if len(unknown) == 1 else 'people'} not in retainkit"
        )
        details.append(
            "not in retainkit (import them with retainkit people import, or import without "
            "--known-only to add them from their rows):"
        )
        details += [
            "  " + ", ".join(unknown[start : start + NUMBERS_A_LINE])
            for start in range(0, len(unknown), NUMBERS_A_LINE)
        ]
    if problems:
        rows = len({p.row for p in problems})
        parts.append(f"{rows} bad row{'s' if rows != 1 else ''}")
        details += problem_lines(problems)
    return InputError(
        f"{path.name}: {' and '.join(parts)}, nothing imported; fix them and import again",
        details=details,
    )
