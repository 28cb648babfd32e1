"""A schema upgrade that fails halfway leaves everything as it was, and the backup opens."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_storage import migrate_to, raw_execute

ROWS = [
    "INSERT INTO person (employee_no, name, level, status, high_performer, do_not_contact, "
    "created_at, updated_at) VALUES ('E7', 'Old Row', 'staff', 'departed', false, false, "
    "'2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    "INSERT INTO separation (person_id, status, kind, last_day, regrettable, rehire_eligible, "
    "created_at) VALUES (1, 'open', 'voluntary', '2025-06-30', true, true, "
    "'2025-06-01 00:00:00')",
]


def snapshot(path: Path) -> tuple[list[tuple[object, ...]], ...]:
    with sqlite3.connect(path) as connection:
        schema = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        people = connection.execute("SELECT * FROM person").fetchall()
        separations = connection.execute("SELECT * FROM separation").fetchall()
    connection.close()
    return schema, version, people, separations


@pytest.mark.fresh_db
def test_a_migration_failing_halfway_is_rolled_back_whole(sqlite_db: Path) -> None:
    migrate_to(str(sqlite_db), "0004")
    for statement in ROWS:
        raw_execute(str(sqlite_db), statement)
    # A table in the way of the last migration: 0005 runs, then 0006 fails on its first step.
    raw_execute(str(sqlite_db), "CREATE TABLE audit_event (id INTEGER PRIMARY KEY, x TEXT)")
    before = snapshot(sqlite_db)

    done = subprocess.run(
        [sys.executable, "-m", "retainkit", "--db", str(sqlite_db), "people", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 4
    backup = Path(f"{sqlite_db}.bak-0004")
    assert done.stderr.startswith("error: upgrading the database schema from 0004 failed")
    assert "rolled back" in done.stderr and str(backup) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1

    assert snapshot(sqlite_db) == before  # schema, version and rows as they were
    tables = {row[1] for row in before[0]}
    assert "handover_item" not in tables  # 0005, which had worked, was undone too
    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()

    assert backup.stat().st_mode & 0o777 == 0o600
    assert snapshot(backup) == before  # the backup opens: the same schema, version and rows
