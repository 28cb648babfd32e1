"""Values to what is stored: each row of an import file, its columns mapped to fields
(import_mapping), its raw values translated (`--value`) and parsed, and every problem found
with the row number a spreadsheet shows (the header is row 1).

Dates are read by import_dates, amounts by import_numbers (the decimal convention found per
column), each column's cells by import_cells (in a large file, every other column by a
helper process meanwhile). The values of coded fields (levels, ratings, flags) are counted
for a dry run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retainkit.base.errors import InputError
from retainkit.core.fields import PERSON_FIELDS
from retainkit.core.import_cells import FORMULA, Plan, read_columns
from retainkit.core.import_dates import date_reader, suggested_format
from retainkit.core.import_files import Source, open_cells
from retainkit.core.import_mapping import (
    Column,
    ImportField,
    fields_by_name,
    map_columns,
    parse_map_options,
    parse_value_options,
)
from retainkit.core.import_numbers import AmountColumn, read_column, whole_rating
from retainkit.core.import_problems import Problem

__all__ = [
    "FORMULA",
    "ImportField",
    "ParsedRows",
    "Problem",
    "parse_file",
    "parse_map_options",
    "parse_value_options",
]

CODED = frozenset({"level", "performance", "preferred_channel", "high_performer", "do_not_contact"})
"""Person fields whose values a dry run counts."""
AMOUNTS = frozenset({"salary", "monthly_salary"})
"""Person fields read as amounts (thousands separators, decimal commas, currencies)."""


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
    by_option: set[str] = field(default_factory=set)
    """Headers mapped with --map (the others were found by their names)."""
    values_seen: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    """For each coded field: (value in the file, value stored or "(not read)") → rows."""
    conventions: dict[str, str] = field(default_factory=dict)
    """For each amount field: the decimal mark it was read with (comma or point)."""


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
    decimal: str | None = None,
    on_open: Callable[[Source], None] | None = None,
    count_values: bool = False,
) -> ParsedRows:
    """Every row of the file checked against `fields` (the person's by default). `key` is
    the field every row needs (it names the row in messages); with `unique_key`, a key on
    two rows is a problem (a person file), without it not (a separation file). `encoding`
    None finds a CSV's encoding; `decimal` ("comma" or "point") None finds each amount
    column's decimal mark. `on_open` is called with what the file is once it is known to be
    one an import reads, before its rows are read (a workbook's reader lets other threads
    run meanwhile). `count_values` counts the values of coded fields (for a dry run)."""
    by_name = fields_by_name(fields)
    source, cells = open_cells(path, encoding)
    if on_open is not None:
        on_open(source)
    header = next(cells, None)
    if header is None or not any(str(c).strip() for c in header if c is not None):
        raise InputError(f"{path} has no header row; its first row must name the columns")
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    columns = map_columns(headers, mapping, path, fields, key)
    rows = list(cells)
    names = [column.field for column in columns]
    parsed = ParsedRows(
        fields=names,
        headers=headers,
        mapped={column.header: column.field for column in columns},
        rows=[],
        problems=[],
        row_numbers=[],
        source=source,
        by_option={column.header for column in columns if column.by_option},
    )
    plan = [
        _plan(
            column,
            by_name[column.field],
            rows,
            translations,
            date_format,
            decimal,
            parsed,
            count_values,
        )
        for column in columns
    ]
    width = len(headers)
    bad: dict[int, list[Problem]] = {}
    for position, row in enumerate(rows):
        if len(row) == width:
            continue
        if len(row) > width and any(c is not None and str(c).strip() for c in row[width:]):
            bad[position] = [
                Problem(
                    position + 2,
                    "-",
                    f"has {len(row)} cells but the header has {width}",
                    kind="more cells than the header has columns",
                )
            ]
        rows[position] = [*row[:width], *([None] * (width - len(row)))]
    for index, name in enumerate(headers):
        if not name:
            for position, row in enumerate(rows):
                if row[index] is not None and str(row[index]).strip():
                    bad.setdefault(position, []).append(
                        Problem(
                            position + 2,
                            f"#{index + 1}",
                            "a value in a column with no header; name the column",
                        )
                    )
    failed: dict[int, list[tuple[Problem, object]]] = {}
    values = []
    for n, (read, bad_here, failed[n], counted) in enumerate(read_columns(rows, plan)):
        values.append(read)
        for position, problems in bad_here.items():  # in column order, as read one by one
            bad.setdefault(position, []).extend(problems)
        if counted:
            counts = plan[n][5]
            assert counts is not None
            counts.update(counted)
    key_column = names.index(key)
    key_header = columns[key_column].header
    _check_keys(values, key_column, key_header, unique_key, bad)
    for position, row_values in enumerate(zip(*values, strict=True)) if values else ():
        if position in bad:
            parsed.problems.extend(bad[position])
        elif row_values[key_column] is not None:  # a blank row is passed over
            parsed.rows.append(row_values)
            parsed.row_numbers.append(position + 2)
    _add_hints(parsed, {n: f for n, f in failed.items() if f}, columns, by_name)
    return parsed


def _check_keys(
    values: list[list[Any]],
    key_column: int,
    key_header: str,
    unique_key: bool,
    bad: dict[int, list[Problem]],
) -> None:
    """Every row that holds something needs a key; with `unique_key`, on one row only."""
    first_seen: dict[Any, int] = {}
    for position, number in enumerate(values[key_column]):
        row_no = position + 2
        if number is None:
            problems = bad.get(position, [])
            if any(p.column == key_header for p in problems):
                continue
            if problems or any(column[position] is not None for column in values):
                bad.setdefault(position, []).append(
                    Problem(row_no, key_header, "the employee number is empty")
                )
        elif not unique_key:
            continue
        elif number in first_seen:
            bad.setdefault(position, []).append(
                Problem(
                    row_no,
                    key_header,
                    f"employee number {number} is also on row {first_seen[number]}",
                    kind="an employee number that is on an earlier row too",
                )
            )
        else:
            first_seen[number] = row_no


def _plan(
    column: Column,
    field: ImportField,
    rows: list[list[Any]],
    translations: dict[str, dict[str, str]],
    date_format: str | None,
    decimal: str | None,
    parsed: ParsedRows,
    count_values: bool,
) -> Plan:
    """How one column's cells are read: (index, header, parser, translations, rows known to
    be bad with their message and hint, the counter of its values for a dry run)."""
    table = translations.get(column.field)
    parse: Callable[[Any], Any] = field.parse
    known: dict[int, tuple[str, str]] | None = None
    if field.is_date:
        parse = date_reader(date_format)
    elif column.field in AMOUNTS or getattr(field, "is_amount", False):
        index = column.index
        raws = [row[index] if index < len(row) else None for row in rows]
        if table:
            raws = [table.get(r.strip().casefold(), r) if isinstance(r, str) else r for r in raws]
        amounts: AmountColumn = read_column(raws, decimal)
        parse = amounts.parser(field.parse)
        known = amounts.problems or None
        if amounts.convention:
            parsed.conventions[column.field] = amounts.convention
    elif column.field == "performance":
        parse = whole_rating(field.parse)
    counts: Counter[tuple[str, str]] | None = None
    if count_values and (column.field in CODED or getattr(field, "coded", False)):
        counts = parsed.values_seen.setdefault(column.field, Counter())
    return column.index, column.header, parse, table, known, counts


def _add_hints(
    parsed: ParsedRows,
    failed: dict[int, list[tuple[Problem, object]]],
    columns: list[Column],
    by_name: dict[str, ImportField],
) -> None:
    """Say what would fix the cells that could not be read: a --date-format the column
    seems to use, or a --value translating a value into one retainkit knows."""
    hinted: dict[int, Problem] = {}
    for number, problems in failed.items():
        column = columns[number]
        field = by_name[column.field]
        hint = ""
        if field.is_date:
            hint = suggested_format([raw for _, raw in problems]) or ""
        elif column.field == "performance":
            rating = str(problems[0][1]).strip()[:30]
            hint = (
                "is the rating on another scale? translate its values, like --value "
                f"'performance:{rating}=5', or leave the column out with --map '{column.header}=-'"
            )
        elif column.field in CODED or getattr(field, "coded", False):
            problem, raw = problems[0]
            example = _first_choice(problem.message)
            if example and isinstance(raw, str):
                hint = (
                    f"translate values with --value '{column.field}:{raw.strip()[:30]}={example}'"
                )
        if hint:
            for problem, _ in problems:
                hinted[id(problem)] = Problem(
                    problem.row, problem.column, problem.message, problem.kind, hint
                )
    if hinted:
        parsed.problems[:] = [hinted.get(id(p), p) for p in parsed.problems]


def _first_choice(message: str) -> str:
    if "is not one of " in message:
        return message.split("is not one of ", 1)[1].split(",")[0].strip()
    if "yes or no" in message:
        return "yes"
    if "rating" in message or "from 1 to 5" in message:
        return "3"
    return ""
