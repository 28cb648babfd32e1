"""Bad input of every kind: one clear error, exit 2, and the database exactly as it was."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import valid_answers
from tests.test_storage import raw_execute

HEADER = "employee_no,name,department,hire_date,level\n"
COLUMNS = HEADER.strip().split(",")
LATIN = (HEADER + "E5,Jürgen Müller,Sales,2020-01-01,staff\n").encode("cp1252")


def everything(path: Path) -> list[object]:
    """Every row of every table, to compare before and after."""
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = [(t, connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables]
    connection.close()
    return rows


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def answers_with(**changes: object) -> dict[str, object]:
    answers: dict[str, object] = valid_answers("exit")
    for key, value in changes.items():
        if value is None:
            answers.pop(key)
        else:
            answers[key] = value
    return answers


# Each case: a name, and a function from the test folder to the command's arguments.
Case = Callable[[Path], list[str]]
CASES: dict[str, Case] = {
    # -- people import: CSV ------------------------------------------------------------
    "csv not in the encoding given": lambda d: [
        "people", "import", "--encoding", "utf-8",
        str(write(d / "x.csv", LATIN)),
    ],
    "csv with ragged rows": lambda d: [
        "people", "import",
        str(write(d / "x.csv", HEADER + "E5,Ana,Sales,2020-01-01,staff,extra,cells\nE6,Ben\n")),
    ],
    "csv with a formula": lambda d: [
        "people", "import",
        str(write(d / "x.csv", HEADER + 'E5,"=HYPERLINK(""http://x"",""y"")",Sales,2020-01-01,staff\n')),
    ],
    "csv with a 1 MB cell": lambda d: [
        "people", "import",
        str(write(d / "x.csv", HEADER + "E5," + "A" * 1_000_000 + ",Sales,2020-01-01,staff\n")),
    ],
    "an empty csv": lambda d: ["people", "import", str(write(d / "x.csv", ""))],
    "a binary file": lambda d: [
        "people", "import", str(write(d / "x.csv", bytes(range(256)) * 64)),
    ],
    "csv with an impossible date": lambda d: [
        "people", "import", str(write(d / "x.csv", HEADER + "E5,Ana,Sales,2021-02-29,staff\n")),
    ],
    # -- people import: XLSX -----------------------------------------------------------
    "xlsx with a formula": lambda d: [
        "people", "import",
        str(xlsx(d / "x.xlsx", [COLUMNS, ["E5", "=1+1", "Sales", None, "staff"]])),
    ],
    "xlsx with a 1 MB cell": lambda d: [
        "people", "import",
        str(xlsx(d / "x.xlsx", [COLUMNS, ["E5", "A" * 1_000_000, "Sales", None, "staff"]])),
    ],
    "xlsx that is damaged": lambda d: [
        "people", "import",
        str(write(d / "x.xlsx", xlsx(d / "ok.xlsx", [["employee_no"], ["E5"]]).read_bytes()[:300])),
    ],
    "xlsx with ragged rows": lambda d: [
        "people", "import",
        str(xlsx(d / "x.xlsx", [["employee_no", "name"], ["E5", "Ana", "x", "y"]])),
    ],
    # -- written interview answers -----------------------------------------------------
    "answers of the wrong type": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", json.dumps(answers_with(manager_support="very", enps=11)))),
    ],
    "answers with unknown keys": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", json.dumps(answers_with(favourite_colour="blue")))),
    ],
    "answers with no answer at all": lambda d: [
        "interview", "exit", "E2", "--answers", str(write(d / "a.json", "{}")),
    ],
    "answers that are not JSON": lambda d: [
        "interview", "exit", "E2", "--answers", str(write(d / "a.json", "{not json")),
    ],
    "answers that are binary": lambda d: [
        "interview", "exit", "E2", "--answers", str(write(d / "a.toml", b"\xff\xfe\x00\x01")),
    ],
    # -- dates -------------------------------------------------------------------------
    "an impossible last day": lambda d: [
        "depart", "E1", "--last-day", "2026-02-30", "--kind", "voluntary",
    ],
    "an impossible hire date": lambda d: [
        "people", "add", "--employee-no", "E9", "--name", "Ana", "--hire-date", "2025-13-01",
    ],
    "an impossible report range": lambda d: ["report", "turnover", "--from", "2026-04-31"],
    # -- unknown people and ids in the wrong form --------------------------------------
    "an unknown person to depart": lambda d: [
        "depart", "E999", "--last-day", "2026-03-31", "--kind", "voluntary",
    ],
    "an unknown person to interview": lambda d: [
        "interview", "exit", "E999", "--answers", str(write(d / "a.json", "{}")),
    ],
    "an unknown person to log": lambda d: ["followup", "log", "E999", "--outcome", "reached"],
    "an unknown person to forget": lambda d: ["people", "forget", "E999", "--yes"],
    "an employee number with a space": lambda d: ["people", "show", "E 1"],
    "an interview number that is a word": lambda d: ["interview", "show", "first"],
    "a separation number below one": lambda d: ["separation", "cancel", "-3", "--why", "x"],
    "an action number that is a word": lambda d: ["actions", "show", "urgent"],
    "a contact number that is a word": lambda d: ["followup", "skip", "soon"],
    "retention in negative years": lambda d: ["db", "purge", "--older-than", "-2", "--yes"],
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    org: Run, sqlite_db: Path, tmp_path: Path, case: str
) -> None:
    args = CASES[case](tmp_path)
    before = everything(sqlite_db)
    result = org(*args, expect=2)
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: ") or first.startswith("Usage: "), result.stderr
    if first.startswith("error: "):
        assert all(line.startswith("  ") for line in rest), result.stderr  # details indented
        assert len(first) < 400
    assert result.stdout == ""
    assert everything(sqlite_db) == before


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "retainkit", *args], capture_output=True, text=True, timeout=60
    )


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    for data in (b"name,email\nAna,ana@example.org\n", bytes(range(256)) * 40):
        path = write(tmp_path / "people.db", data)
        done = run("--db", str(path), "people", "list")
        assert done.returncode == 2
        assert done.stderr == (
            "error: the database file is not a SQLite database; check --db or RETAINKIT_DB\n"
        )
        assert path.read_bytes() == data


def test_a_database_from_a_newer_retainkit_is_refused_and_kept(
    sqlite_cli: Run, sqlite_db: Path
) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana")
    raw_execute(str(sqlite_db), "UPDATE alembic_version SET version_num = '9999'")
    before = everything(sqlite_db)
    done = run("--db", str(sqlite_db), "people", "add", "--employee-no", "E2", "--name", "Ben")
    assert done.returncode == 2
    assert "written by a newer retainkit (schema 9999)" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert everything(sqlite_db) == before


def test_errors_name_rows_and_ids_but_never_repeat_personal_values(
    org: Run, tmp_path: Path
) -> None:
    secret = ["ana.ruiz(at)example.org", "call me maybe 555", "about 80k", "1985-02-30"]
    source = write(
        tmp_path / "people.csv",
        "employee_no,name,email,phone,salary,hire_date\n"
        f"E5,Ana Ruiz,{secret[0]},{secret[1]},{secret[2]},{secret[3]}\n",
    )
    result = org("people", "import", str(source), expect=2)
    assert "row 2" in result.stderr
    for value in secret:
        assert value not in result.stderr
    for option, value in zip(("--email", "--phone", "--salary"), secret, strict=False):
        result = org("people", "edit", "E1", option, value, expect=2)
        assert value not in result.stderr and option in result.stderr
