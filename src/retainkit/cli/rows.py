"""The frozen records core returns, as the row dicts cli.output prints: one key per field,
in the order the record declares them; and the people a table shows, by name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any


def row(record: Any) -> dict[str, Any]:
    """One record. Unlike dataclasses.asdict it copies nothing, which a due list or a
    people list of tens of thousands of rows notices."""
    return {field.name: getattr(record, field.name) for field in fields(record)}


def rows(records: Sequence[Any]) -> list[dict[str, Any]]:
    """Records of one kind."""
    if not records:
        return []
    names = [field.name for field in fields(records[0])]
    return [{name: getattr(record, name) for name in names} for record in records]


def by_name(person: str | None, names: Mapping[str, str]) -> str | None:
    """A person in a table's column: the name, where `person` is the employee number of
    someone on file; otherwise as written (an owner may be "Head of People")."""
    return names.get(person, person) if person else person


def with_number(person: str | None, names: Mapping[str, str]) -> str | None:
    """A person in a record: the name and, in brackets, the employee number."""
    if person and person in names:
        return f"{names[person]} ({person})"
    return person


def named(
    record: Mapping[str, Any], field: str, key: str, names: Mapping[str, str]
) -> dict[str, Any]:
    """A record for a table with the employee number in `field` shown as a person under
    `key` (manager_no as manager: "Li Wei (E1003)"), in the same place."""
    return {
        (key if name == field else name): (with_number(value, names) if name == field else value)
        for name, value in record.items()
    }
