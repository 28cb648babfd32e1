"""`people import`: people from an HR system's export (CSV, XLSX, XLS or ODS), all or
nothing.

The file is read and every row checked before anything is written; one bad row means
nothing is imported, and the error lists the problems with the row numbers a spreadsheet
shows (the header is row 1), the same problem in many rows as one line. Rows are upserted
by employee number. An empty cell leaves what is stored as it is, so an export that lacks a
value never wipes one (a do-not-contact flag, say); `people edit` clears a field on purpose.
A dry run writes nothing at all: not even a new database file.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
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
from retainkit.core.import_files import Source
from retainkit.core.import_people import IMPORT_FIELDS, Ready, check_columns, ready
from retainkit.core.import_problems import problems_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

NO_NAMES = "give --no-names for a file without names (an anonymised extract)"


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or would do (`dry_run`)."""

    rows: int
    created: int
    updated: int
    columns: dict[str, str]
    """Each header that was imported, and the field it filled."""
    ignored_columns: list[str]
    dry_run: bool
    source: str = ""
    """What the file was read as, like "CSV in GB18030 (found), values separated by ;"."""
    by_option: set[str] = field(default_factory=set)
    """Headers mapped with --map."""
    values_seen: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    conventions: dict[str, str] = field(default_factory=dict)
    converted: int = 0
    """Salaries made yearly from monthly pay."""
    months: int = 12
    approximate: int = 0
    """Hire dates counted back from years of service."""
    as_of: date | None = None
    unnamed: int = 0
    """New people stored under their employee number, for want of a name."""
    error: InputError | None = None
    """A dry run's problems, raised once what it found is shown."""


def import_people(
    db: Database,
    path: Path,
    *,
    maps: list[str] | None = None,
    values: list[str] | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    date_format: str | None = None,
    today: date,
    decimal: str | None = None,
    as_of: date | None = None,
    no_names: bool = False,
) -> ImportResult:
    opening = Opening(db) if not dry_run else None
    try:
        parsed = parse_file(
            path,
            mapping=parse_map_options(maps or [], fields=IMPORT_FIELDS),
            translations=parse_value_options(values or [], fields=IMPORT_FIELDS),
            encoding=encoding,
            date_format=date_format,
            fields=IMPORT_FIELDS,
            decimal=decimal,
            on_open=opening.start if opening else None,
            count_values=dry_run,
        )
    finally:
        if opening is not None:
            opening.join()  # never left half-way through creating the database
    if opening is not None:
        opening.wait()
    check_columns(parsed)
    key = parsed.fields.index("employee_no")
    numbers = [row[key] for row in parsed.rows]
    error: InputError | None = None
    if dry_run:
        with db.peek() as session:
            existing = _existing_numbers(session, numbers) if session is not None else set()
            months = _months(session)
        try:
            made = _checked(path, parsed, existing, months, as_of, no_names)
        except InputError as exc:  # shown after what the dry run found
            error, made = exc, Ready([], [], 0, 0, [])
    else:
        from retainkit.storage.side_inserts import side_database

        with (
            side_database(db, 0 if parsed.problems else len(numbers)) as side,
            db.read() if parsed.problems else db.write(side) as session,
        ):
            existing = _existing_numbers(session, numbers)
            months = _months(session)
            made = _checked(path, parsed, existing, months, as_of, no_names)
            _write(session, made, existing)
            _keep_plans(session, today)
    unnamed = sum(1 for at in made.unnamed if numbers[at] not in existing)
    return ImportResult(
        rows=len(parsed.rows),
        created=len(numbers) - len(existing),
        updated=len(existing),
        columns=parsed.mapped,
        ignored_columns=[h for h in parsed.headers if h and h not in parsed.mapped],
        dry_run=dry_run,
        source=parsed.source.describe() if parsed.source else "",
        by_option=parsed.by_option,
        values_seen=parsed.values_seen,
        conventions=parsed.conventions,
        converted=made.converted,
        months=months,
        approximate=made.approximate,
        as_of=as_of if made.approximate else None,
        unnamed=unnamed,
        error=error,
    )


class Opening:
    """The database opened (created or upgraded if it must be) in a thread of its own while
    the file is read: a workbook's reader lets it run, on the machine's other core."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def start(self, source: Source) -> None:
        if source.kind == "csv":
            return  # reading a CSV is Python all the way: a second thread only slows it
        self.thread = threading.Thread(target=self._open, name="open-database", daemon=True)
        self.thread.start()

    def _open(self) -> None:
        try:
            self.db.engine()
        except BaseException as exc:  # raised again in the command's own thread
            self.failure = exc

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def wait(self) -> None:
        self.join()
        if self.failure is not None:
            raise self.failure


def _checked(
    path: Path,
    parsed: ParsedRows,
    existing: set[str],
    months: int,
    as_of: date | None,
    no_names: bool,
) -> Ready:
    problems = parsed.problems + _missing_names(parsed, existing, no_names)
    if problems:
        raise problems_error(path.name, sorted(problems, key=lambda p: p.row))
    made = ready(parsed, months=months, as_of=as_of)
    if no_names and made.unnamed:
        at_name = made.fields.index("name") if "name" in made.fields else None
        key = made.fields.index("employee_no")
        rows = list(made.rows)
        for at in made.unnamed:
            row = rows[at]
            if row[key] in existing:
                continue
            if at_name is None:
                rows[at] = (*row, row[key])
            else:
                rows[at] = tuple(row[key] if i == at_name else v for i, v in enumerate(row))
        fields = made.fields if at_name is not None else [*made.fields, "name"]
        if at_name is None:
            rows = [row if len(row) == len(fields) else (*row, None) for row in rows]
        made = Ready(fields, rows, made.converted, made.approximate, made.unnamed)
    return made


def _months(session: Session | None) -> int:
    from retainkit.core.setting_specs import SETTINGS

    if session is None:
        return int(
            SETTINGS["salary.months_per_year"].parse(SETTINGS["salary.months_per_year"].default)
        )
    from retainkit.core.settings import load_settings

    return load_settings(session).salary_months


def _existing_numbers(session: Session, numbers: list[str]) -> set[str]:
    from sqlalchemy import select

    from retainkit.storage.models import Person

    if len(numbers) > 2_000:  # one scan of the index beats many IN (...) lists
        return set(session.scalars(select(Person.employee_no))) & set(numbers)
    found: set[str] = set()
    for start in range(0, len(numbers), 900):
        chunk = numbers[start : start + 900]
        found.update(
            session.scalars(select(Person.employee_no).where(Person.employee_no.in_(chunk)))
        )
    return found


def _missing_names(parsed: ParsedRows, existing: set[str], no_names: bool) -> list[Problem]:
    if no_names:
        return []
    key = parsed.fields.index("employee_no")
    names = [at for at, f in enumerate(parsed.fields) if f in ("name", "first_name", "last_name")]
    column = next(
        (h for h, f in parsed.mapped.items() if f in ("name", "first_name", "last_name")), "name"
    )
    hint = "" if names else f"map a column to name with --map 'Header=name', or {NO_NAMES}"
    problems = []
    for row, row_no in zip(parsed.rows, parsed.row_numbers, strict=True):
        if row[key] not in existing and all(row[at] is None for at in names):
            problems.append(
                Problem(
                    row_no,
                    column,
                    f"{row[key]} is new, so the name is needed",
                    kind="missing for people who are new",
                    hint=hint,
                )
            )
    return problems


def _keep_plans(session: Session, today: date) -> None:
    """An import can set do-not-contact or make people due stay interviews."""
    from retainkit.core.plan import cancel_for_do_not_contact, sync_stay_plan
    from retainkit.core.settings import load_settings

    cancel_for_do_not_contact(session)
    sync_stay_plan(session, load_settings(session).cadence, today)


def _write(session: Session, made: Ready, existing: set[str]) -> None:
    from sqlalchemy import bindparam, case, func, insert, update

    from retainkit.storage.bulk import executemany
    from retainkit.storage.database import now_of
    from retainkit.storage.models import Person, table_of
    from retainkit.storage.side_inserts import SideInserts

    table = table_of(Person)
    now = now_of(session)
    fields = made.fields
    key = fields.index("employee_no")
    flags = [fields.index(name) for name in ("high_performer", "do_not_contact") if name in fields]
    connection = session.connection()

    absent = [name for name in ("high_performer", "do_not_contact") if name not in fields]
    # a yearly salary from the file: not converted from monthly pay
    yearly = {"salary_months": None} if "salary" in fields and "salary_months" not in fields else {}
    constants = (
        {name: False for name in absent}
        | yearly
        | {
            "status": "active",
            "created_at": now,
            "updated_at": now,
        }
    )

    def with_flags(row: Sequence[Any]) -> Sequence[Any]:
        values = list(row)
        for index in flags:
            values[index] = bool(values[index])
        return values

    # A helper makes and binds most of the new people (side_inserts) while the first are
    # inserted.
    new = [row for row in made.rows if row[key] not in existing] if existing else made.rows
    with SideInserts(connection, len(new)) as inserts:
        inserts.insert(
            insert(table), fields, new, constants, each=with_flags if flags else None, shared=True
        )
        inserts.start()
        inserts.finish()
    if not existing:
        return

    def bound(name: str) -> Any:
        return bindparam(f"v_{name}", type_=table.c[name].type)

    changes: dict[str, Any] = {
        name: func.coalesce(bound(name), table.c[name])
        for name in fields
        if name not in ("employee_no", "salary_months")
    }
    if "salary" in fields:
        # the months go with the salary: a yearly salary clears them, no salary keeps them
        changes["salary_months"] = case(
            (bound("salary").is_not(None), bound("salary_months")), else_=table.c.salary_months
        )
    statement = (
        update(table)
        .where(table.c.employee_no == bound("employee_no"))
        .values(changes | {"updated_at": bindparam("v_updated_at", type_=table.c.updated_at.type)})
    )
    changed = (row for row in made.rows if row[key] in existing)
    executemany(
        connection,
        statement,
        [f"v_{name}" for name in fields],
        changed,
        {"v_updated_at": now} | {f"v_{name}": value for name, value in yearly.items()},
    )
