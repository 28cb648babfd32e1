"""Odd database locations: refused with one line, nothing created; a new file is announced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from retainkit.cli.tree import app


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("", "--db is empty (an unset variable?); give a database file or a URL"),
        (":memory:", "an in-memory SQLite database cannot keep anything; give a file"),
        ("/dev/null", "/dev/null is not a regular file; give --db a database file"),
    ],
)
def test_a_location_that_cannot_keep_a_database_is_refused(
    location: str,
    expected: str,
    tmp_path: Path,
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir("/dev"))
    result = CliRunner().invoke(app, ["--db", location, "people", "list"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"error: {expected}"
    assert list(tmp_path.iterdir()) == [private_home]  # no file named ":memory:"
    assert not any(private_home.rglob("*.db")), "the default database was not used"
    assert set(os.listdir("/dev")) - before == set(), "no /dev/null-journal"


def test_a_new_database_file_is_announced_once(tmp_path: Path) -> None:
    typo = tmp_path / "new-folder" / "retainkt.db"
    first = CliRunner().invoke(app, ["--db", str(typo), "people", "list"])
    assert first.exit_code == 0, first.output
    assert f"note: created a new database at {typo}" in first.stderr
    again = CliRunner().invoke(app, ["--db", str(typo), "people", "list"])
    assert "created a new database" not in again.stderr
