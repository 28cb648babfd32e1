"""Messages that do not grow with the file. A CSV with 1,000,000 columns printed 8.9 MB to
stderr, and an error with --map 10.9 MB; 1,470 rows without a name made 100 lines and a
count. The same problem in many rows is now one line with its count and first rows, a hint
says which option fixes it, and lists of headers are cut."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run


def wide(tmp_path: Path, columns: int) -> Path:
    path = tmp_path / "wide.csv"
    header = "employee_no,name," + ",".join(f"Extra column {n}" for n in range(columns))
    row = "E1,Ana," + ",".join("x" for _ in range(columns))
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def test_a_million_columns_is_one_line(cli: Run, tmp_path: Path) -> None:
    result = cli("people", "import", str(wide(tmp_path, 1_000_000)), expect=2)
    assert result.stderr == (
        "error: wide.csv has 1,000,002 columns; an import reads at most 16,384 (is it a file "
        "of another kind?)\n"
    )


def test_the_columns_left_out_and_a_map_of_a_missing_column_are_cut(
    cli: Run, tmp_path: Path
) -> None:
    path = wide(tmp_path, 16_000)
    result = cli("people", "import", str(path))
    assert len(result.stderr) < 2_000
    assert "columns not imported: Extra column 0, Extra column 1," in result.stderr
    assert "… (16,000 in all)" in result.stderr
    result = cli("people", "import", str(path), "--map", "Nope=name", expect=2)
    assert len(result.stderr) < 1_000
    assert "--map names a column wide.csv does not have; it has: 'employee_no', 'name'" in (
        result.stderr
    )
    assert "(16,002 in all)" in result.stderr


def test_the_same_problem_in_many_rows_is_one_line(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text(
        "employee_no,Full\n" + "".join(f"E{n},x\n" for n in range(1_470)), encoding="utf-8"
    )
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: numbers.csv: 1,470 bad rows, nothing imported; fix them and import again",
        "  column 'name', 1,470 rows (2, 3, 4, 5, 6, …): missing for people who are new",
        "  hint: map a column to name with --map 'Header=name', or give --no-names for a file "
        "without names (an anonymised extract)",
    ]


def test_many_kinds_of_problem_are_counted_past_twenty(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "levels.csv"
    path.write_text(
        "employee_no,name,level\n" + "".join(f"E{n},Ana,grade {n}\n" for n in range(5_000)),
        encoding="utf-8",
    )
    result = cli("people", "import", str(path), expect=2)
    lines = result.stderr.splitlines()
    assert len(lines) == 23
    assert lines[21] == "  … and 4,980 more problems of 4,980 other kinds"
    assert lines[22] == "  hint: translate values with --value 'level:grade 0=staff'"
    assert len(result.stderr) < 3_000
