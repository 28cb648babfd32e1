"""The frozen records core returns, as the row dicts cli.output prints: one key per field,
in the order the record declares them."""

from __future__ import annotations

from collections.abc import Sequence
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
