"""`people import`: people from an HR system's CSV or XLSX export, all or nothing.

The file is read and every row checked before anything is written; one bad row means
nothing is imported, and the error lists every problem with the row number a spreadsheet
shows (the header is row 1). Rows are upserted by employee number. An empty cell leaves
what is stored as it is, so an export that lacks a value never wipes one (a do-not-contact
flag, say); `people edit` clears a field on purpose.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.fields import FIELDS_BY_NAME, PERSON_FIELDS, PersonField, parse_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

MAX_PROBLEMS_SHOWN = 100
FORMULA = "holds a formula; export or paste the values instead"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Parsed:
    fields: list[str]
    headers: list[str]
    mapped: dict[str, str]
    rows: list[tuple[Any, ...]]
    problems: list[Problem]
    row_numbers: list[int]


def _normalize(header: object) -> str:
    return re.sub(r"[\s_\-.:/]+", "", str(header).casefold())


def _known_headers() -> dict[str, PersonField]:
    known: dict[str, PersonField] = {}
    for person_field in PERSON_FIELDS:
        for name in (person_field.name, *person_field.aliases):
            known[_normalize(name)] = person_field
    return known


def parse_map_options(specs: list[str]) -> dict[str, str]:
    """`--map 'Header Name=field'` options, as {normalized header: field name}."""
    mapping: dict[str, str] = {}
    for spec in specs:
        header, sep, name = spec.rpartition("=")
        name = name.strip()
        if not sep or not header.strip():
            raise InputError(f"--map {spec!r}: write it as 'Header Name=field'")
        if name not in FIELDS_BY_NAME:
            raise InputError(f"--map {spec!r}: unknown field {name!r}; fields: {_field_list()}")
        mapping[_normalize(header)] = name
    return mapping


def parse_value_options(specs: list[str]) -> dict[str, dict[str, str]]:
    """`--value 'field:Raw=value'` options, as {field: {raw casefolded: value}}."""
    values: dict[str, dict[str, str]] = {}
    for spec in specs:
        name, colon, rest = spec.partition(":")
        raw, equals, value = rest.partition("=")
        name = name.strip()
        if not colon or not equals or not raw.strip():
            raise InputError(f"--value {spec!r}: write it as 'field:Raw value=value'")
        if name not in FIELDS_BY_NAME:
            raise InputError(f"--value {spec!r}: unknown field {name!r}; fields: {_field_list()}")
        values.setdefault(name, {})[raw.strip().casefold()] = value.strip()
    return values


def _field_list() -> str:
    return ", ".join(FIELDS_BY_NAME)


def _read_cells(path: Path, encoding: str) -> Iterator[list[Any]]:
    """Rows of cells from a CSV or XLSX file, told apart by their content."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give a CSV or XLSX file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if not head.strip(b" \r\n\t\xef\xbb\xbf"):
        raise InputError(f"{path} is empty; its first row must name the columns")
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(path)
    if b"\x00" in head:
        raise InputError(f"{path} is not a CSV or XLSX file (it holds binary data)")
    return _read_csv(path, encoding)


def _read_csv(path: Path, encoding: str) -> Iterator[list[Any]]:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") from None
    if codec == "utf-8":
        codec = "utf-8-sig"  # Excel's "CSV UTF-8" starts with a byte order mark
    with path.open(encoding=codec, newline="") as handle:
        try:
            first_line = handle.readline()
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count)
            reader = csv.reader(handle, delimiter=delimiter)
            yield from reader
        except UnicodeDecodeError:
            raise InputError(
                f"{path} is not {encoding} text; save it as 'CSV UTF-8' or give --encoding"
            ) from None
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise InputError(f"{path} is not a CSV file (it holds binary data)") from None
            if "field limit" in str(exc):
                raise InputError(
                    f"{path}: the cell on line {reader.line_num} holds over "
                    f"{csv.field_size_limit():,} characters; no field of a person is that long "
                    "(is a quote left open?)"
                ) from None
            raise InputError(f"{path} is not valid CSV: {exc}") from None


def _read_xlsx(path: Path) -> Iterator[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    except Exception as exc:  # openpyxl raises its own types for damaged files
        raise InputError(f"cannot read {path} as an XLSX workbook: {exc}") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _parse_file(
    path: Path,
    *,
    mapping: dict[str, str],
    translations: dict[str, dict[str, str]],
    encoding: str,
    date_format: str | None,
) -> _Parsed:
    cells = _read_cells(path, encoding)
    header = next(cells, None)
    if header is None or not any(str(c).strip() for c in header if c is not None):
        raise InputError(f"{path} has no header row; its first row must name the columns")
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    columns = _map_columns(headers, mapping, path)
    names = [name for _, name in columns]
    parsed = _Parsed(
        fields=names,
        headers=headers,
        mapped={headers[index]: name for index, name in columns},
        rows=[],
        problems=[],
        row_numbers=[],
    )
    first_seen: dict[str, int] = {}
    key_column = names.index("employee_no")
    key_header = headers[columns[key_column][0]]
    width = len(headers)
    unnamed = [index for index, name in enumerate(headers) if not name]
    plan = [
        (index, headers[index], _cell_parser(name, date_format), translations.get(name))
        for index, name in columns
    ]
    for row_no, row in enumerate(cells, start=2):
        if len(row) != width:
            if len(row) > width and any(c is not None and str(c).strip() for c in row[width:]):
                parsed.problems.append(
                    Problem(row_no, "-", f"has {len(row)} cells but the header has {width}")
                )
                continue
            row = [*row, *([None] * (width - len(row)))]
        values: list[Any] = []
        problems: list[Problem] = [
            Problem(row_no, f"#{index + 1}", "a value in a column with no header; name the column")
            for index in unnamed
            if row[index] is not None and str(row[index]).strip()
        ]
        for index, header_name, parse, table in plan:
            raw = row[index]
            if raw is None or raw == "":
                values.append(None)
                continue
            if type(raw) is str:
                if raw[0] == "=":
                    problems.append(Problem(row_no, header_name, FORMULA))
                    values.append(None)
                    continue
                if table:
                    raw = table.get(raw.strip().casefold(), raw)
            try:
                values.append(parse(raw))
            except ValueError as exc:
                problems.append(Problem(row_no, header_name, str(exc)))
                values.append(None)
        employee_no = values[key_column]
        if employee_no is None:
            key_cell_bad = any(p.column == key_header for p in problems)
            if not key_cell_bad and (problems or any(v is not None for v in values)):
                problems.append(Problem(row_no, key_header, "the employee number is empty"))
        elif employee_no in first_seen:
            problems.append(
                Problem(
                    row_no,
                    key_header,
                    f"employee number {employee_no} is also on row {first_seen[employee_no]}",
                )
            )
        else:
            first_seen[employee_no] = row_no
        if problems:
            parsed.problems.extend(problems)
            continue
        if employee_no is None:
            continue  # a blank row is passed over
        parsed.rows.append(tuple(values))
        parsed.row_numbers.append(row_no)
    return parsed


def _cell_parser(name: str, date_format: str | None) -> Callable[[Any], Any]:
    person_field = FIELDS_BY_NAME[name]
    if person_field.is_date and date_format:
        return partial(parse_date, date_format=date_format)
    return person_field.parse


def _map_columns(headers: list[str], mapping: dict[str, str], path: Path) -> list[tuple[int, str]]:
    normalized = [_normalize(h) for h in headers]
    for wanted in mapping:
        if wanted not in normalized:
            shown = ", ".join(repr(h) for h in headers if h)
            raise InputError(f"--map names a column {path.name} does not have; it has: {shown}")
    known = _known_headers()
    columns: list[tuple[int, str]] = []
    taken: dict[str, str] = {}
    for index, key in enumerate(normalized):
        if not key:
            continue
        name = mapping.get(key) or (known[key].name if key in known else None)
        if name is None:
            continue
        if name in taken:
            raise InputError(
                f"columns {taken[name]!r} and {headers[index]!r} both fill {name}; "
                f"choose one with --map '{taken[name]}={name}' and --map '{headers[index]}=...'"
            )
        taken[name] = headers[index]
        columns.append((index, name))
    if "employee_no" not in taken:
        raise InputError(
            f"{path.name} has no employee number column; "
            "name it with --map 'Your Header=employee_no'"
        )
    return columns


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


def _missing_names(parsed: _Parsed, existing: set[str]) -> list[Problem]:
    key = parsed.fields.index("employee_no")
    name = parsed.fields.index("name") if "name" in parsed.fields else None
    column = next((h for h, f in parsed.mapped.items() if f == "name"), "name")
    problems = []
    for row, row_no in zip(parsed.rows, parsed.row_numbers, strict=True):
        if row[key] not in existing and (name is None or row[name] is None):
            problems.append(Problem(row_no, column, f"{row[key]} is new, so the name is needed"))
    return problems


def import_people(
    db: Database,
    path: Path,
    *,
    maps: list[str] | None = None,
    values: list[str] | None = None,
    dry_run: bool = False,
    encoding: str = "utf-8",
    date_format: str | None = None,
    today: date,
) -> ImportResult:
    parsed = _parse_file(
        path,
        mapping=parse_map_options(maps or []),
        translations=parse_value_options(values or []),
        encoding=encoding,
        date_format=date_format,
    )
    key = parsed.fields.index("employee_no")
    numbers = [row[key] for row in parsed.rows]
    result = ImportResult(
        rows=len(parsed.rows),
        columns=parsed.mapped,
        ignored_columns=[h for h in parsed.headers if h and h not in parsed.mapped],
        dry_run=dry_run,
    )
    session_factory = db.read if dry_run or parsed.problems else db.write
    with session_factory() as session:
        existing = _existing_numbers(session, numbers)
        problems = sorted(parsed.problems + _missing_names(parsed, existing), key=lambda p: p.row)
        if problems:
            raise _problems_error(path, problems)
        result.updated = len(existing)
        result.created = len(numbers) - len(existing)
        if not dry_run:
            _write(session, parsed, existing)
            _keep_plans(session, today)
    return result


def _keep_plans(session: Session, today: date) -> None:
    """An import can set do-not-contact or make people due stay interviews."""
    from retainkit.core.plan import cancel_for_do_not_contact, sync_stay_plan
    from retainkit.core.settings import load_cadence

    cancel_for_do_not_contact(session)
    sync_stay_plan(session, load_cadence(session), today)


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


def _write(session: Session, parsed: _Parsed, existing: set[str]) -> None:
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
