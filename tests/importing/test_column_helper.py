"""A large file has every other column read by a helper process on the second core: what
it reads is what reading every column in turn gives, problems, hints and counts too."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from retainkit.core import import_cells
from retainkit.core.import_columns import parse_file, parse_value_options

LEVELS = ("staff", "middle", "senior", "Manager-ish", "=1+2", "")
DATES = ("2020-03-31", "31/03/2020", "2021-02-30", "", "9999-12-31", "2019-07-01")


def people_file(path: Path, rows: int) -> None:
    """Rows with every kind of problem: unreadable dates, unknown codes, formulas, a
    repeated employee number, a row with cells past the header, missing names."""
    rng = random.Random(11)
    lines = ["employee_no,name,level,hire_date,salary,performance,email"]
    for n in range(rows):
        number = f"E{n:05d}" if n % 97 else "E00001"
        name = "" if n % 53 == 0 else f"Person {n}"
        cells = [number, name, rng.choice(LEVELS), rng.choice(DATES),
                 rng.choice(("68000", "68.000,50", "abc", "", "70,000")),
                 rng.choice(("1", "5", "7", "", "good")), f"p{n}@example.com"]  # fmt: skip
        if n % 211 == 0:
            cells.append("stray")
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parsed_with(path: Path, rows: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(import_cells, "PARALLEL_ROWS", rows)
    parsed = parse_file(
        path,
        mapping={},
        translations=parse_value_options(["level:Manager-ish=middle"]),
        encoding="utf-8",
        date_format=None,
        count_values=True,
    )
    problems = [(p.row, p.column, p.message, p.kind, p.hint) for p in parsed.problems]
    return parsed.rows, parsed.row_numbers, problems, parsed.values_seen, parsed.conventions


def in_turn_and_helped(
    path: Path, rows: int, monkeypatch: pytest.MonkeyPatch, helper: Any
) -> tuple[Any, Any]:
    """A file of `rows` read column by column, then with `helper(work, forked)` standing
    in for starting the helper."""
    from retainkit.base import forked

    if not forked.AVAILABLE:
        pytest.skip("no helper processes on this system: every column is read in turn")
    people_file(path, rows)
    in_turn = parsed_with(path, 10**9, monkeypatch)
    real = forked.forked
    monkeypatch.setattr(forked, "forked", lambda work: helper(work, real))
    return in_turn, parsed_with(path, 1, monkeypatch)


def test_a_helper_reads_half_the_columns_as_reading_them_in_turn_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def counted(work: Any, real: Any) -> Any:
        calls.append(work)
        return real(work)

    in_turn, helped = in_turn_and_helped(tmp_path / "people.csv", 3000, monkeypatch, counted)
    assert len(calls) == 1  # the helper did read half of them
    assert helped == in_turn
    rows, _, problems, seen, _ = helped
    assert len(rows) > 300 and len(problems) > 1000 and seen["level"]
    assert any(hint for *_, hint in problems)  # the hints found for the helper's columns too


def test_a_helper_that_dies_leaves_its_columns_to_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    parent = os.getpid()

    def dying(work: Any, real: Any) -> Any:
        def die() -> Any:
            if os.getpid() != parent:
                os._exit(3)
            return work()

        return real(die)

    in_turn, helped = in_turn_and_helped(tmp_path / "people.csv", 500, monkeypatch, dying)
    assert helped == in_turn
