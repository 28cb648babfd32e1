"""Columns to fields and values to what is stored: the header row mapped to person
fields (by name, alias or `--map`), raw values translated (`--value`) and parsed, and every
problem found with the row number a spreadsheet shows (the header is row 1)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from retainkit.base.errors import InputError
from retainkit.core.fields import PERSON_FIELDS, parse_date
from retainkit.core.import_files import Source, open_cells

FORMULA = "holds a formula; export or paste the values instead"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or a whole row) of an import file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


@dataclass(frozen=True)
class ParsedRows:
    """The rows of a file that passed every check, and the problems of the others."""

    fields: list[str]
    headers: list[str]
    mapped: dict[str, str]
    rows: list[tuple[Any, ...]]
    problems: list[Problem]
    row_numbers: list[int]
    source: Source | None = None
    """What the file was read as: its kind, and a CSV's encoding and separator."""


class ImportField(Protocol):
    """A field an import file can fill: core.fields.PersonField is one; a separation import
    passes a table of its own (`fields=` of parse_file and the option parsers)."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def parse(self) -> Callable[[Any], Any]: ...
    @property
    def is_date(self) -> bool: ...


def _normalize(header: object) -> str:
    return re.sub(r"[\s_\-.:/]+", "", str(header).casefold())


def _by_name(fields: Sequence[ImportField]) -> dict[str, ImportField]:
    return {field.name: field for field in fields}


def _known_headers(fields: Sequence[ImportField]) -> dict[str, ImportField]:
    known: dict[str, ImportField] = {}
    for field in fields:
        for name in (field.name, *field.aliases):
            known[_normalize(name)] = field
    return known


def parse_map_options(
    specs: list[str], *, fields: Sequence[ImportField] = PERSON_FIELDS
) -> dict[str, str]:
    """`--map 'Header Name=field'` options, as {normalized header: field name}."""
    known = _by_name(fields)
    mapping: dict[str, str] = {}
    for spec in specs:
        header, sep, name = spec.rpartition("=")
        name = name.strip()
        if not sep or not header.strip():
            raise InputError(f"--map {spec!r}: write it as 'Header Name=field'")
        if name not in known:
            raise InputError(f"--map {spec!r}: unknown field {name!r}; fields: {', '.join(known)}")
        mapping[_normalize(header)] = name
    return mapping


def parse_value_options(
    specs: list[str], *, fields: Sequence[ImportField] = PERSON_FIELDS
) -> dict[str, dict[str, str]]:
    """`--value 'field:Raw=value'` options, as {field: {raw casefolded: value}}."""
    known = _by_name(fields)
    values: dict[str, dict[str, str]] = {}
    for spec in specs:
        name, colon, rest = spec.partition(":")
        raw, equals, value = rest.partition("=")
        name = name.strip()
        if not colon or not equals or not raw.strip():
            raise InputError(f"--value {spec!r}: write it as 'field:Raw value=value'")
        if name not in known:
            raise InputError(
                f"--value {spec!r}: unknown field {name!r}; fields: {', '.join(known)}"
            )
        values.setdefault(name, {})[raw.strip().casefold()] = value.strip()
    return values


def parse_file(
    path: Path,
    *,
    mapping: dict[str, str],
    translations: dict[str, dict[str, str]],
    encoding: str | None,
    date_format: str | None,
    fields: Sequence[ImportField] = PERSON_FIELDS,
    key: str = "employee_no",
    unique_key: bool = True,
) -> ParsedRows:
    """Every row of the file checked against `fields` (the person's by default). `key` is
    the field every row needs (it names the row in messages); with `unique_key`, a key on
    two rows is a problem (a person file), without it not (a separation file)."""
    by_name = _by_name(fields)
    source, cells = open_cells(path, encoding)
    header = next(cells, None)
    if header is None or not any(str(c).strip() for c in header if c is not None):
        raise InputError(f"{path} has no header row; its first row must name the columns")
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    columns = _map_columns(headers, mapping, path, fields, key)
    names = [name for _, name in columns]
    parsed = ParsedRows(
        fields=names,
        headers=headers,
        mapped={headers[index]: name for index, name in columns},
        rows=[],
        problems=[],
        row_numbers=[],
        source=source,
    )
    first_seen: dict[str, int] = {}
    key_column = names.index(key)
    key_header = headers[columns[key_column][0]]
    width = len(headers)
    unnamed = [index for index, name in enumerate(headers) if not name]
    plan = [
        (
            index,
            headers[index],
            _cell_parser(by_name[name], date_format),
            translations.get(name),
        )
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
        elif unique_key and employee_no in first_seen:
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


def _cell_parser(field: ImportField, date_format: str | None) -> Callable[[Any], Any]:
    if field.is_date and date_format:
        return partial(parse_date, date_format=date_format)
    return field.parse


def _map_columns(
    headers: list[str],
    mapping: dict[str, str],
    path: Path,
    fields: Sequence[ImportField],
    key: str,
) -> list[tuple[int, str]]:
    normalized = [_normalize(h) for h in headers]
    for wanted in mapping:
        if wanted not in normalized:
            shown = ", ".join(repr(h) for h in headers if h)
            raise InputError(f"--map names a column {path.name} does not have; it has: {shown}")
    known = _known_headers(fields)
    columns: list[tuple[int, str]] = []
    taken: dict[str, str] = {}
    for index, header in enumerate(normalized):
        if not header:
            continue
        name = mapping.get(header) or (known[header].name if header in known else None)
        if name is None:
            continue
        if name in taken:
            raise InputError(
                f"columns {taken[name]!r} and {headers[index]!r} both fill {name}; "
                f"choose one with --map '{taken[name]}={name}' and --map '{headers[index]}=...'"
            )
        taken[name] = headers[index]
        columns.append((index, name))
    if key not in taken:
        what = "employee number" if key == "employee_no" else key
        raise InputError(
            f"{path.name} has no {what} column; name it with --map 'Your Header={key}'"
        )
    return columns
