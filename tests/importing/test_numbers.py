"""Salaries as HR exports write them. The old import read 68.000,50 as 68 and 68000,50 as
6,800,050 without a word: every amount is now read with the file's convention, found per
column or given, and an amount the convention does not settle is an error naming its rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retainkit.core.import_numbers import COMMA, POINT, read_column
from tests.conftest import Run


def salaries(cli: Run) -> dict[str, object]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p["salary"] for p in listed}


def csv_of(tmp_path: Path, amounts: list[str], separator: str = ";") -> Path:
    path = tmp_path / "pay.csv"
    lines = [f"employee_no{separator}name{separator}salary"]
    lines += [
        f"E{n}{separator}Person {n}{separator}{amount}" for n, amount in enumerate(amounts, 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        (["68.000,50", "72.500", "1.200.000"], [68000, 72500, 1200000]),
        (["68000,50", "72500"], [68000, 72500]),
        (["68 000,50", "72 500"], [68000, 72500]),
        (["68,000.50", "72,500", "1,200,000"], [68000, 72500, 1200000]),
        (["68'000.50", "72'500"], [68000, 72500]),
        (["€68.000,50", "€72.500"], [68000, 72500]),
        (["¥12,000", "¥9,500.00"], [12000, 9500]),
        (["68000 EUR", "72.500,00 EUR"], [68000, 72500]),
        (["12,000元", "9,500.5元"], [12000, 9500]),
    ],
    ids=[
        "points group, comma decimal",
        "comma decimal alone",
        "spaces group",
        "commas group, point decimal",
        "apostrophes group",
        "euro sign",
        "yen sign",
        "currency code after",
        "yuan after",
    ],
)
def test_amounts_are_read_with_the_column_convention(
    cli: Run, tmp_path: Path, amounts: list[str], expected: list[int]
) -> None:
    cli("people", "import", str(csv_of(tmp_path, amounts)))
    stored = salaries(cli)
    assert [stored[f"E{n}"] for n in range(1, len(amounts) + 1)] == expected


def test_an_amount_the_file_does_not_settle_is_refused_with_its_rows(
    cli: Run, tmp_path: Path
) -> None:
    """68.000 is sixty-eight thousand in Germany and sixty-eight in the US: no guess."""
    path = csv_of(tmp_path, ["68.000", "72.500", "65000", "81.000"])
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: pay.csv: 3 bad rows, nothing imported; fix them and import again",
        "  column 'salary', 3 rows (2, 3, 5): the number could be read two ways (1.000 as one "
        "thousand, or as 1); nothing else in the column says which",
        "  hint: say how the file writes decimals with --decimal-comma (68.000,50) or "
        "--decimal-point (68,000.50)",
    ]
    assert "81.000" not in result.stderr  # a salary is not repeated in a message
    assert salaries(cli) == {}
    cli("people", "import", str(path), "--decimal-comma")
    assert salaries(cli) == {"E1": 68000, "E2": 72500, "E3": 65000, "E4": 81000}


def test_the_decimal_point_given_reads_the_same_text_as_small_numbers(
    cli: Run, tmp_path: Path
) -> None:
    cli("people", "import", str(csv_of(tmp_path, ["68.000", "72.250"])), "--decimal-point")
    assert salaries(cli) == {"E1": 68, "E2": 72}


def test_amounts_that_contradict_the_column_are_refused(cli: Run, tmp_path: Path) -> None:
    path = csv_of(tmp_path, ["68.000,50", "72.500,00", "70,000.00"])
    result = cli("people", "import", str(path), expect=2)
    assert (
        "row 4, column 'salary': written with a decimal point where the column's others use "
        "a decimal comma" in result.stderr
    )


def test_an_amount_against_the_convention_given_is_refused(cli: Run, tmp_path: Path) -> None:
    path = csv_of(tmp_path, ["68,000.50"])
    result = cli("people", "import", str(path), "--decimal-comma", expect=2)
    assert "the value is not a number written like 68.000,50" in result.stderr


def test_a_column_in_two_currencies_is_refused(cli: Run, tmp_path: Path) -> None:
    path = csv_of(tmp_path, ["€68,000", "€72,000", "$90,000"])
    result = cli("people", "import", str(path), expect=2)
    assert "row 4, column 'salary': an amount in $ where the others are in EUR" in result.stderr
    assert "hint: import amounts in one currency: convert them first" in result.stderr


def test_the_convention_found_is_said(cli: Run, tmp_path: Path) -> None:
    result = cli("people", "import", str(csv_of(tmp_path, ["68.000,50"])))
    assert "salary: read with a decimal comma" in result.stderr


@pytest.mark.parametrize(
    ("values", "given", "convention", "bad"),
    [
        (["1.234.567", "68.000"], None, COMMA, []),
        (["1,5", "68.000"], None, COMMA, []),
        (["68.000", "2.000"], None, "", [0, 1]),
        (["68.000", "2.000"], POINT, POINT, []),
        ([68000.5, "68000"], None, "", []),
        (["68,000.50", "68.000,50", "1,000.00"], None, POINT, [1]),
    ],
)
def test_read_column(
    values: list[object], given: str | None, convention: str, bad: list[int]
) -> None:
    column = read_column(values, given)
    assert column.convention == convention
    assert sorted(column.problems) == bad
