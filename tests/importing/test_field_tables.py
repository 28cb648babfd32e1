"""parse_file reads a file against any field table: the person's, or one a separation
import passes, keyed by a field that may repeat."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retainkit.core.fields import parse_date, parse_employee_no
from retainkit.core.import_columns import parse_file, parse_map_options, parse_value_options


@dataclass(frozen=True)
class Field:
    name: str
    parse: Any
    aliases: tuple[str, ...] = ()
    is_date: bool = False


SEPARATION_LIKE = (
    Field("employee_no", parse_employee_no, ("employee id",)),
    Field("last_day", parse_date, ("termination date",), is_date=True),
    Field("kind", lambda raw: None if raw is None else str(raw).strip().casefold()),
)


def test_a_field_table_of_its_own_with_a_key_that_may_repeat(tmp_path: Path) -> None:
    path = tmp_path / "leavers.csv"
    path.write_text(
        "Employee ID,Termination Date,Reason Type,Department\n"
        "E1,2020-03-31,Voluntary,Sales\n"
        "E1,2024-06-30,Layoff,Sales\n",
        encoding="utf-8",
    )
    parsed = parse_file(
        path,
        mapping=parse_map_options(["Reason Type=kind"], fields=SEPARATION_LIKE),
        translations=parse_value_options(["kind:layoff=layoff"], fields=SEPARATION_LIKE),
        encoding="utf-8",
        date_format=None,
        fields=SEPARATION_LIKE,
        key="employee_no",
        unique_key=False,
    )
    assert parsed.problems == []
    assert parsed.fields == ["employee_no", "last_day", "kind"]
    assert [row[0] for row in parsed.rows] == ["E1", "E1"]
    assert parsed.headers[3] == "Department" and "Department" not in parsed.mapped


def test_options_name_the_fields_of_the_table_they_are_given(tmp_path: Path) -> None:
    import pytest

    from retainkit.base.errors import InputError

    with pytest.raises(InputError, match="fields: employee_no, last_day, kind"):
        parse_map_options(["Name=name"], fields=SEPARATION_LIKE)
