"""The database handle, its SQLite settings, migrations, and the db commands."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from retainkit.cli.context import wall_clock
from retainkit.storage.database import (
    MIGRATIONS_DIR,
    Database,
    head_revision,
    revisions,
)
from retainkit.storage.models import Base
from tests.conftest import Run


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate_to(location: str, revision: str) -> None:
    """Build a database at an older revision, with a plain engine (not retainkit's handle)."""
    url = location if "://" in location else f"sqlite:///{location}"
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def raw_execute(location: str, sql: str) -> list[tuple[object, ...]]:
    url = location if "://" in location else f"sqlite:///{location}"
    engine = create_engine(url)
    with engine.begin() as connection:
        result = connection.execute(text(sql))
        rows = [tuple(r) for r in result] if result.returns_rows else []
    engine.dispose()
    return rows


def test_every_sqlite_connection_is_configured(sqlite_db: Path) -> None:
    db = Database(sqlite_db, now=wall_clock)
    with db.read() as session:
        settings = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in (
                "journal_mode",
                "foreign_keys",
                "busy_timeout",
                "synchronous",
                "secure_delete",
            )
        }
    db.close()
    assert settings["journal_mode"] == "wal"
    assert settings["foreign_keys"] == 1
    assert settings["busy_timeout"] >= 5000
    assert settings["synchronous"] == 2  # FULL
    assert settings["secure_delete"] == 1


def test_write_takes_the_write_lock_at_its_first_statement(sqlite_db: Path) -> None:
    db = Database(sqlite_db, now=wall_clock)
    other = sqlite3.connect(sqlite_db, timeout=0, isolation_level=None)
    with db.read() as session:
        session.execute(text("SELECT count(*) FROM person")).all()
        other.execute("BEGIN IMMEDIATE")  # a reader leaves writers free
        other.execute("ROLLBACK")
    with db.write() as session:
        session.execute(text("SELECT count(*) FROM person")).all()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.close()
    db.close()


@pytest.mark.fresh_db
def test_database_file_and_its_journal_are_private(sqlite_cli: Run, sqlite_db: Path) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{sqlite_db}{suffix}")
        if path.exists():
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_missing_folders_are_created_private(tmp_path: Path) -> None:
    db = Database(tmp_path / "a" / "b" / "retainkit.db", now=wall_clock)
    db.engine()
    db.close()
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700


@pytest.mark.fresh_db
def test_blank_database_is_created_at_head_and_matches_the_models(db_url: str) -> None:
    """Every migration run on a blank database (`db upgrade`) ends at the models."""
    db = Database(db_url, now=wall_clock)
    assert db.upgrade() == (None, head_revision())
    with db.engine().connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    db.close()
    assert version == head_revision()
    assert differences == []


def _sqlite_schema(path: Path) -> dict[str, Any]:
    """Everything SQLite enforces or uses of a database's tables, whatever order or quoting
    their statements were written in: columns, primary keys, defaults, foreign keys,
    indexes (unique or not, their columns) and CHECK expressions."""
    import sqlite3

    from retainkit.storage.sqlite_bulk import table_checks

    found: dict[str, Any] = {}
    with closing(sqlite3.connect(path)) as connection:
        tables = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for name, sql in tables:
            columns = {
                row[1]: row[2:] for row in connection.execute(f'PRAGMA table_xinfo("{name}")')
            }
            keys = sorted(
                row[2:5] for row in connection.execute(f'PRAGMA foreign_key_list("{name}")')
            )
            indexes = {}
            for row in connection.execute(f'PRAGMA index_list("{name}")'):
                cols = [c[2] for c in connection.execute(f'PRAGMA index_info("{row[1]}")')]
                indexes[row[1] if row[3] == "c" else f"auto {cols}"] = (row[2], cols)
            checks = sorted(" ".join(c.split()) for c in table_checks(sql))
            found[name] = (columns, keys, indexes, checks)
    return found


def test_a_new_sqlite_database_has_the_schema_the_migrations_build(tmp_path: Path) -> None:
    """A new SQLite database is made from the models in one step (not by running every
    migration); table by table it is what the migrations build."""
    made = Database(tmp_path / "made.db", now=wall_clock)
    made.engine()
    made.close()
    migrated = Database(tmp_path / "migrated.db", now=wall_clock)
    migrated.upgrade()
    migrated.close()
    new, old = _sqlite_schema(tmp_path / "made.db"), _sqlite_schema(tmp_path / "migrated.db")
    assert sorted(new) == sorted(old)
    for table in old:
        assert new[table] == old[table], table


def test_migrations_have_one_head_named_as_the_files_say() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]
    walked = [rev.revision for rev in script.walk_revisions()]
    assert sorted(walked) == revisions()


@pytest.mark.fresh_db
def test_older_database_upgrades_with_rows_intact_and_backup_beside_it(
    db_url: str, cli: Run
) -> None:
    migrate_to(db_url, "0001")
    raw_execute(
        db_url,
        "INSERT INTO person (employee_no, name, level, status, high_performer, do_not_contact, "
        "created_at, updated_at) VALUES ('E7', 'Old Row', 'staff', 'active', false, false, "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    )
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    assert [(p["employee_no"], p["name"], p["level"]) for p in listed] == [
        ("E7", "Old Row", "staff")
    ]
    assert raw_execute(db_url, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    cli("depart", "E7", "--last-day", "2026-01-31", "--kind", "voluntary")
    if "://" not in db_url:
        backup = Path(f"{db_url}.bak-0001")
        assert backup.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(backup) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            assert old.execute("SELECT employee_no FROM person").fetchall() == [("E7",)]


def test_database_from_a_newer_retainkit_is_refused(db_url: str, cli: Run) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    raw_execute(db_url, "UPDATE alembic_version SET version_num = '9999'")
    result = cli("people", "list", expect=2)
    assert "newer retainkit" in result.stderr
    assert raw_execute(db_url, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    from tests.conftest import make_runner

    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"Meeting notes, not a database.\n" * 200)
    before = junk.read_bytes()
    result = make_runner(str(junk))("people", "list", expect=2)
    assert result.stderr.strip().startswith("error: ")
    assert "not a SQLite database" in result.stderr
    assert junk.read_bytes() == before


@pytest.mark.fresh_db
def test_a_database_of_another_program_is_refused(sqlite_db: Path, sqlite_cli: Run) -> None:
    with sqlite3.connect(sqlite_db) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    result = sqlite_cli("people", "list", expect=2)
    assert "not retainkit's" in result.stderr


@pytest.mark.fresh_db
def test_db_upgrade_reports_the_revision(db_url: str, cli: Run) -> None:
    migrate_to(db_url, "0001")
    result = cli("db", "upgrade")
    assert f"from 0001 to {head_revision()}" in result.stderr
    assert "is current" in cli("db", "upgrade").stderr


def test_db_check_passes_on_a_healthy_database(cli: Run) -> None:
    cli("demo", "--people", "40")
    assert "ok" in cli("db", "check").stderr


@pytest.mark.fresh_db
def test_db_check_finds_an_old_schema_without_upgrading_it(db_url: str, cli: Run) -> None:
    migrate_to(db_url, "0001")
    result = cli("db", "check", expect=4)
    assert "db upgrade" in result.stderr
    assert raw_execute(db_url, "SELECT version_num FROM alembic_version") == [("0001",)]


def test_db_check_finds_broken_foreign_keys(sqlite_db: Path, sqlite_cli: Run) -> None:
    sqlite_cli("demo", "--people", "40")
    with sqlite3.connect(sqlite_db) as raw:
        raw.execute("UPDATE separation SET person_id = 999999 WHERE id = 1")
    result = sqlite_cli("db", "check", expect=4)
    assert "foreign key: separation" in result.stderr


def test_db_check_on_a_missing_file_changes_nothing(tmp_path: Path) -> None:
    from tests.conftest import make_runner

    missing = tmp_path / "missing.db"
    make_runner(str(missing))("db", "check", expect=2)
    assert not missing.exists()


def test_db_backup_is_a_private_consistent_copy(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    sqlite_cli("demo", "--people", "40")
    target = tmp_path / "copy.db"
    sqlite_cli("db", "backup", str(target))
    assert target.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(target) as copy, sqlite3.connect(sqlite_db) as live:
        query = "SELECT employee_no, name FROM person ORDER BY 1"
        assert copy.execute(query).fetchall() == live.execute(query).fetchall()
    again = sqlite_cli("db", "backup", str(target), expect=2)
    assert "exists already" in again.stderr


def test_db_backup_of_postgres_points_to_pg_dump(pg_schema_url: str) -> None:
    from tests.conftest import make_runner

    result = make_runner(pg_schema_url)("db", "backup", "x.db", expect=2)
    assert "pg_dump" in result.stderr
