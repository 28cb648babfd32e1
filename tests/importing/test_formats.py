"""Every kind of file an HR system exports: CSV with any usual separator, XLSX, the old
binary XLS and LibreOffice's ODS (the two made once with LibreOffice from one workbook, and
kept in tests/data/import)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

DATA = Path(__file__).parent.parent / "data" / "import"


def people(cli: Run) -> dict[str, dict[str, object]]:
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    return {p["employee_no"]: p for p in listed}


@pytest.mark.parametrize("name", ["people.xls", "people.ods"])
def test_xls_and_ods_workbooks(cli: Run, name: str) -> None:
    """Text, dates, numbers and an empty cell, read from the first sheet as LibreOffice wrote
    them; a numeric employee number stays 1001."""
    result = cli("people", "import", str(DATA / name), "--map", "Rating=performance")
    assert result.stderr == "imported 3 rows: 3 new, 0 updated\n"
    stored = people(cli)
    assert stored["E100"]["hire_date"] == "2021-03-01"
    assert stored["E100"]["salary"] == 68000
    assert stored["E100"]["performance"] == 4
    assert stored["E100"]["notes"] == "喜欢带新人"
    assert stored["1001"]["name"] == "王伟"
    assert stored["1001"]["department"] == "研发部"
    assert stored["E102"]["name"] == "Zoë Sørensen"
    assert stored["E102"]["hire_date"] is None


def test_a_formula_in_an_ods_file_is_refused_at_its_cell(cli: Run) -> None:
    result = cli("people", "import", str(DATA / "formula.ods"), expect=2)
    assert "row 2, column 'salary': holds a formula" in result.stderr
    assert people(cli) == {}


@pytest.mark.parametrize(
    ("separator", "shown"),
    [(",", "commas"), (";", "semicolons"), ("\t", "tabs"), ("|", "bars (|)")],
    ids=["comma", "semicolon", "tab", "bar"],
)
def test_csv_with_any_usual_separator(cli: Run, tmp_path: Path, separator: str, shown: str) -> None:
    """Found from the rows, even when the values hold the other separators."""
    rows = [
        ["employee_no", "name", "title", "notes"],
        ["E1", "Ruiz, Ana", "Engineer; Backend", "likes | pipes"],
        ["E2", "Okafor, Ben", "Sales", "tabs\there"]
        if separator != "\t"
        else ["E2", "Ben", "Sales", "x"],
    ]
    path = tmp_path / "people.txt"
    path.write_text(
        "\n".join(
            separator.join(f'"{cell}"' if separator in cell else cell for cell in row)
            for row in rows
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("people", "import", str(path), "--dry-run")
    assert f"values separated by {shown}" in result.stderr
    cli("people", "import", str(path))
    stored = people(cli)
    assert stored["E1"]["name"] == "Ruiz, Ana"
    assert stored["E1"]["title"] == "Engineer; Backend"
    assert stored["E1"]["notes"] == "likes | pipes"


def test_a_sheet_with_blank_rows_above_keeps_the_spreadsheet_row_numbers(
    cli: Run, tmp_path: Path
) -> None:
    from tests.importing.workbooks import xlsx

    path = xlsx(
        tmp_path / "late.xlsx",
        '<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c></row>'
        '<row r="4"><c r="B4" t="s"><v>2</v></c><c r="C4" t="s"><v>3</v></c></row>',
        ["employee_no", "name", "E1", "Ana"],
    )
    result = cli("people", "import", str(path), expect=2)
    assert "has no header row; its first row must name the columns" in result.stderr
