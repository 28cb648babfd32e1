"""Headers to fields: each column of an import file matched to a field by its name or an
alias (ignoring case, spaces and punctuation), or by `--map 'Header=field'`; `--map
'Header=-'` leaves a column out. `--value 'field:Raw=value'` translates values."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from retainkit.base.errors import InputError
from retainkit.core.fields import PERSON_FIELDS
from retainkit.core.import_problems import listed

LEFT_OUT = "-"
"""`--map 'Header=-'`: the column is not imported, though its name matches a field."""


class ImportField(Protocol):
    """A field an import file can fill: core.fields.PersonField is one; a separation import
    passes a table of its own (`fields=` of parse_file and the option parsers). A field may
    also have `coded = True` (a dry run counts its values) and `is_amount = True` (read as
    an amount: thousands separators, decimal commas, currencies)."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def parse(self) -> Callable[[Any], Any]: ...
    @property
    def is_date(self) -> bool: ...


@dataclass(frozen=True)
class Column:
    """A column of the file that fills a field."""

    index: int
    header: str
    field: str
    by_option: bool
    """Mapped with --map, rather than found by its name."""


def normalize(header: object) -> str:
    return re.sub(r"[\s_\-.:/()（）]+", "", str(header).casefold())


def fields_by_name(fields: Sequence[ImportField]) -> dict[str, ImportField]:
    return {field.name: field for field in fields}


def _known_headers(fields: Sequence[ImportField]) -> dict[str, ImportField]:
    known: dict[str, ImportField] = {}
    for field in fields:
        for name in (field.name, *field.aliases):
            known[normalize(name)] = field
    return known


def parse_map_options(
    specs: list[str], *, fields: Sequence[ImportField] = PERSON_FIELDS
) -> dict[str, str]:
    """`--map 'Header Name=field'` options, as {normalized header: field name or "-"}."""
    known = fields_by_name(fields)
    mapping: dict[str, str] = {}
    for spec in specs:
        header, sep, name = spec.rpartition("=")
        name = name.strip()
        if not sep or not header.strip():
            raise InputError(f"--map {spec!r}: write it as 'Header Name=field'")
        if name not in known and name != LEFT_OUT:
            raise InputError(
                f"--map {spec!r}: unknown field {name!r}; fields: {', '.join(known)} "
                f"(or {LEFT_OUT} to leave the column out)"
            )
        mapping[normalize(header)] = name
    return mapping


def parse_value_options(
    specs: list[str], *, fields: Sequence[ImportField] = PERSON_FIELDS
) -> dict[str, dict[str, str]]:
    """`--value 'field:Raw=value'` options, as {field: {raw casefolded: value}}."""
    known = fields_by_name(fields)
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


def map_columns(
    headers: list[str],
    mapping: dict[str, str],
    path: Path,
    fields: Sequence[ImportField],
    key: str,
) -> list[Column]:
    """The columns that fill a field, in the file's order; one clear error for a --map of
    a column the file lacks, two columns filling one field, or no key column."""
    normalized = [normalize(h) for h in headers]
    present = set(normalized)
    for wanted in mapping:
        if wanted not in present:
            raise InputError(
                f"--map names a column {path.name} does not have; it has: "
                f"{listed([h for h in headers if h])}"
            )
    known = _known_headers(fields)
    columns: list[Column] = []
    taken: dict[str, str] = {}
    for index, header in enumerate(normalized):
        if not header:
            continue
        name = mapping.get(header) or (known[header].name if header in known else None)
        if name is None or name == LEFT_OUT:
            continue
        if name in taken:
            raise InputError(
                f"columns {taken[name]!r} and {headers[index]!r} both fill {name}; "
                f"choose one with --map '{taken[name]}={name}' and --map '{headers[index]}=-'"
            )
        taken[name] = headers[index]
        columns.append(Column(index, headers[index], name, header in mapping))
    if key not in taken:
        what = "employee number" if key == "employee_no" else key
        raise InputError(
            f"{path.name} has no {what} column; name it with --map 'Your Header={key}'"
        )
    return columns
