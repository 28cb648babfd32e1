"""--dry-run shows what an import would do: how each header is mapped (found by its name or
by --map), the columns left out, the values of coded fields with their counts; and it
writes nothing at all, not even a new database file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run

EXPORT = (
    "Worker ID,Legal Name,Department,Job Level,Performance Rating,Cost Center\n"
    "E1,Ana Ruiz,Engineering,Individual Contributor,4,CC1\n"
    "E2,Ben Okafor,Sales,People Manager,3,CC2\n"
    "E3,Carla Novak,Sales,Individual Contributor,4,CC2\n"
)


def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_a_dry_run_shows_the_mapping_and_the_values(cli: Run, tmp_path: Path) -> None:
    """Even when some values are not known yet: what it found helps write the --value."""
    result = cli(
        "people", "import", str(export(tmp_path)), "--dry-run",
        "--map", "Worker ID=employee_no", "--map", "Legal Name=name",
        "--value", "level:Individual Contributor=staff", expect=2,
    )  # fmt: skip
    assert result.stderr.splitlines() == [
        "read as: CSV in UTF-8 (found), values separated by commas",
        "columns:",
        "  Worker ID -> employee_no (--map)",
        "  Legal Name -> name (--map)",
        "  Department -> department (by its name)",
        "  Job Level -> level (by its name)",
        "  Performance Rating -> performance (by its name)",
        "columns not imported: Cost Center",
        "values of level: 'Individual Contributor' -> staff: 2, 'People Manager' -> (not read): 1",
        "values of performance: '4': 2, '3': 1",
        "error: export.csv: 1 bad row, nothing imported; fix them and import again",
        "  row 3, column 'Job Level': 'People Manager' is not one of staff, middle, senior, core",
        "  hint: translate values with --value 'level:People Manager=staff'",
    ]
    assert result.stdout == ""
    result = cli(
        "people", "import", str(export(tmp_path)), "--dry-run",
        "--map", "Worker ID=employee_no", "--map", "Legal Name=name",
        "--value", "level:Individual Contributor=staff", "--value", "level:People Manager=middle",
    )  # fmt: skip
    assert result.stderr.splitlines()[0] == "would import 3 rows: 3 new, 0 updated"
    assert (
        "values of level: 'Individual Contributor' -> staff: 2, 'People Manager' -> middle: 1"
        in result.stderr
    )
    assert cli("people", "list", "--format", "json").stdout.strip() == "[]"


def test_a_dry_run_creates_no_database(tmp_path: Path) -> None:
    """It created and migrated one (the file, its log, and an announcement)."""
    db = tmp_path / "new.db"
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", "--db", str(db), "people", "import",
         str(export(tmp_path)), "--map", "Worker ID=employee_no", "--map", "Legal Name=name",
         "--value", "level:Individual Contributor=staff", "--value", "level:People Manager=middle",
         "--dry-run"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "would import 3 rows: 3 new, 0 updated" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "home"]
    assert not any((tmp_path / "home").rglob("*.db")), "nor the default database"


def test_a_dry_run_leaves_a_database_as_it_was(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    before = hashlib.sha256(sqlite_db.read_bytes()).hexdigest()
    result = sqlite_cli(
        "people", "import", str(export(tmp_path)), "--dry-run",
        "--map", "Worker ID=employee_no", "--map", "Legal Name=name",
        "--value", "level:Individual Contributor=staff", "--value", "level:People Manager=middle",
    )  # fmt: skip
    assert "would import 3 rows: 2 new, 1 updated" in result.stderr
    assert hashlib.sha256(sqlite_db.read_bytes()).hexdigest() == before
