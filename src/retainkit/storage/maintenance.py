"""Looking after a database that is open: the health check of `db check`, and clearing old
row versions after an erasure. Neither creates nor upgrades the schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.storage.database import head_revision, translate_errors
from retainkit.storage.sqlite import raw_sqlite

if TYPE_CHECKING:
    from retainkit.storage.database import Database


def health_problems(db: Database) -> list[str]:
    """What `db check` finds wrong: integrity, foreign keys, schema revision. Never migrates."""
    from sqlalchemy import text

    path = db.sqlite_path
    if path is not None and not path.exists():
        raise InputError(f"there is no database at {path} yet")
    engine = db.bare_engine()
    problems: list[str] = []
    try:
        with translate_errors(), engine.connect() as connection:
            version = db.schema_version(connection)
            if version is None:
                problems.append("the database is empty: no retainkit schema")
            elif version != head_revision():
                problems.append(
                    f"schema {version} is older than {head_revision()}: run retainkit db upgrade"
                )
            if connection.dialect.name == "sqlite":
                integrity = connection.scalars(text("PRAGMA integrity_check")).all()
                if integrity != ["ok"]:
                    problems.extend(f"integrity: {line}" for line in integrity[:20])
                for table, rowid, parent, _ in connection.execute(
                    text("PRAGMA foreign_key_check")
                ).all()[:20]:
                    problems.append(
                        f"foreign key: {table} row {rowid} points at a missing {parent}"
                    )
            connection.rollback()
    finally:
        engine.dispose()
    return problems


def clear_old_versions(db: Database) -> bool:
    """After an erasure: make the database drop old versions of changed rows.

    SQLite (secure_delete is on, so freed space is zeroed): checkpoint the write-ahead log
    into the file and truncate it to nothing. PostgreSQL: VACUUM the tables that hold
    personal data, so dead row versions are freed. False when another process kept the
    log from being emptied; the next checkpoint does it.
    """
    engine = db.engine()
    with translate_errors(), engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            raw = raw_sqlite(connection)
            for _ in range(3):
                busy, _log, _done = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return True
            return False
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.exec_driver_sql(
            "VACUUM person, separation, interview, answer, interview_note, contact, action_item, "
            "verified_reason, handover_item, followup, audit_event"
        )
        return True
