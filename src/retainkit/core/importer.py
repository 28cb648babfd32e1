"""`people import`: people from an HR system's CSV or XLSX export, all or nothing.

The file is read and every row checked before anything is written; one bad row means
nothing is imported, and the error lists every problem with the row number a spreadsheet
shows (the header is row 1). Rows are upserted by employee number. An empty cell leaves
what is stored as it is, so an export that lacks a value never wipes one (a do-not-contact
flag, say); `people edit` clears a field on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

MAX_PROBLEMS_SHOWN = 100


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
) -> ImportResult:
    parsed = parse_file(
        path,
        mapping=parse_map_options(maps or []),
        translations=parse_value_options(values or []),
        encoding=encoding,
        date_format=date_format,
    )
    key = parsed.fields.index("employee_no")
    numbers = [row[key] for row in parsed.rows]
    session_factory = db.read if dry_run or parsed.problems else db.write
    with session_factory() as session:
        existing = _existing_numbers(session, numbers)
        problems = sorted(parsed.problems + _missing_names(parsed, existing), key=lambda p: p.row)
        if problems:
            raise _problems_error(path, problems)
        if not dry_run:
            _write(session, parsed, existing)
            _keep_plans(session, today)
    return ImportResult(
        rows=len(parsed.rows),
        created=len(numbers) - len(existing),
        updated=len(existing),
        columns=parsed.mapped,
        ignored_columns=[h for h in parsed.headers if h and h not in parsed.mapped],
        dry_run=dry_run,
    )


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


def _missing_names(parsed: ParsedRows, existing: set[str]) -> list[Problem]:
    key = parsed.fields.index("employee_no")
    name = parsed.fields.index("name") if "name" in parsed.fields else None
    column = next((h for h, f in parsed.mapped.items() if f == "name"), "name")
    problems = []
    for row, row_no in zip(parsed.rows, parsed.row_numbers, strict=True):
        if row[key] not in existing and (name is None or row[name] is None):
            problems.append(Problem(row_no, column, f"{row[key]} is new, so the name is needed"))
    return problems


def _keep_plans(session: Session, today: date) -> None:
    """An import can set do-not-contact or make people due stay interviews."""
    from retainkit.core.plan import cancel_for_do_not_contact, sync_stay_plan
    from retainkit.core.settings import load_settings

    cancel_for_do_not_contact(session)
    sync_stay_plan(session, load_settings(session).cadence, today)


def _problems_error(path: Path, problems: list[Problem]) -> InputError:
    rows = len({p.row for p in problems})
    shown = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
    return InputError(
        f"{path.name}: {rows} bad row{'s' if rows != 1 else ''}, nothing imported; "
        "fix them and import again",
        details=shown,
    )


def _write(session: Session, parsed: ParsedRows, existing: set[str]) -> None:
    from sqlalchemy import bindparam, func, insert, update

    from retainkit.storage.bulk import executemany
    from retainkit.storage.database import now_of
    from retainkit.storage.models import Person, table_of

    table = table_of(Person)
    now = now_of(session)
    fields = parsed.fields
    key = fields.index("employee_no")
    flags = [fields.index(name) for name in ("high_performer", "do_not_contact") if name in fields]
    connection = session.connection()

    absent = [name for name in ("high_performer", "do_not_contact") if name not in fields]
    constants = {name: False for name in absent} | {
        "status": "active",
        "created_at": now,
        "updated_at": now,
    }

    def new_rows() -> Iterable[list[Any]]:
        for row in parsed.rows:
            if row[key] not in existing:
                values = list(row)
                for index in flags:
                    values[index] = bool(values[index])
                yield values

    executemany(connection, insert(table), fields, new_rows(), constants)
    if not existing:
        return
    update_keys = [f"v_{name}" for name in fields]
    statement = (
        update(table)
        .where(table.c.employee_no == bindparam("v_employee_no", type_=table.c.employee_no.type))
        .values(
            {
                name: func.coalesce(bindparam(f"v_{name}", type_=table.c[name].type), table.c[name])
                for name in fields
                if name != "employee_no"
            }
            | {"updated_at": bindparam("v_updated_at", type_=table.c.updated_at.type)}
        )
    )
    changed = (row for row in parsed.rows if row[key] in existing)
    executemany(connection, statement, update_keys, changed, {"v_updated_at": now})
