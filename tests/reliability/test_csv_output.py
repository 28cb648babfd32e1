"""CSV listings opened by a spreadsheet: no cell is read as a formula, no row breaks."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\tTabbed",
    "\rreturned",
    "line one\rline two",
    "line one\nline two",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _listing(db: Path, *args: str) -> bytes:
    """A listing as its real bytes, as a spreadsheet reads the file it is saved to."""
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", *args, "--format", "csv"],
        capture_output=True,
        env={**os.environ, "RETAINKIT_DB": str(db)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _rows(raw: bytes) -> list[list[str]]:
    """Parsed strictly, as RFC 4180 says: a bare CR or LF only inside quotes."""
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))


def _store_interviewer(db: Path, interview: int, name: str) -> None:
    import sqlite3

    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE interview SET interviewer = ? WHERE id = ?", (name, interview))
    connection.close()


def test_hostile_text_never_becomes_a_formula_or_a_broken_row(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    for number, text in enumerate(HOSTILE):
        # Input refuses a leading "=" where it checks for formulas; the rest reach storage.
        title = "Analyst" if text.startswith("=") else text.replace("\r", " ").replace("\n", " ")
        notes = ("Note " + text) if text.startswith("=") else text
        sqlite_cli(
            "people", "add", "--employee-no", f"E{number}", "--name", f"Person {number}",
            "--title", title, "--notes", notes,
        )  # fmt: skip
        sqlite_cli("depart", f"E{number}", "--last-day", "2026-10-01", "--kind", "voluntary")
        sqlite_cli("interview", "exit", f"E{number}", "--decline", "--interviewer", "Someone")
        # The one validator of free text now refuses most of these as an interviewer (a
        # formula, a control character); an older retainkit stored them, and its listings
        # must still be safe.
        _store_interviewer(sqlite_db, number + 1, text.strip())
    for args, expected in (
        (("people", "list"), len(HOSTILE)),
        (("people", "list", "--status", "departed"), len(HOSTILE)),
        (("interview", "list"), len(HOSTILE)),
        (("separation", "list"), len(HOSTILE)),
    ):
        rows = _rows(_listing(sqlite_db, *args))
        header, body = rows[0], rows[1:]
        assert len(body) == expected, (args, body)
        assert all(len(row) == len(header) for row in body), args
        for row in body:
            for value in row:
                assert not value.startswith(FORMULA_START), (args, value)
    cells = {cell for row in _rows(_listing(sqlite_db, "interview", "list")) for cell in row}
    assert "'" + HOSTILE[0] in cells  # the interviewer's "name", shown as text


def test_numbers_and_dates_are_left_alone() -> None:
    from datetime import date

    from retainkit.cli.output import csv_cell

    assert csv_cell(-3) == "-3"
    assert csv_cell(-2.5) == "-2.5"
    assert csv_cell(date(2026, 11, 30)) == "2026-11-30"
    assert csv_cell("-3") == "'-3"  # text that looks like a number is still text
    assert csv_cell(True) == "true"
