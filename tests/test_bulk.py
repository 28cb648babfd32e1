"""storage.bulk: many rows through one statement, with SQLite's CHECK constraints evaluated
once over the rows a bulk insert wrote, and still refusing a row that breaks one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from retainkit.storage.bulk import executemany
from retainkit.storage.database import Database
from retainkit.storage.models import Person, table_of
from retainkit.storage.sqlite_bulk import table_checks

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _people(db: Database, rows: list[tuple[object, ...]], keys: list[str]) -> None:
    with db.write() as session:
        executemany(
            session.connection(),
            insert(table_of(Person)),
            keys,
            rows,
            {"high_performer": False, "do_not_contact": False}
            | {"created_at": NOW, "updated_at": NOW},
        )


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(text("SELECT count(*) FROM person")) or 0)


def _ignoring_checks(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(text("PRAGMA ignore_check_constraints")) or 0)


def test_table_checks_are_read_from_the_definition_as_written() -> None:
    definition = (
        'CREATE TABLE "t" (id INTEGER NOT NULL, "check" VARCHAR(9) DEFAULT \'CHECK (x)\', '
        "level VARCHAR(16) CHECK (level IN ('a', 'b)', 'c''d')), recheck INTEGER, "
        "CONSTRAINT ck_t_n CHECK ((id BETWEEN 1 AND 5) OR id IS NULL), "
        "CONSTRAINT [ck check] check(recheck > 0))"
    )
    assert table_checks(definition) == (
        "level IN ('a', 'b)', 'c''d')",
        "(id BETWEEN 1 AND 5) OR id IS NULL",
        "recheck > 0",
    )


def test_person_table_checks_are_found(sqlite_db: Path) -> None:
    db = Database(sqlite_db, now=lambda: NOW)
    with db.read() as session:
        definition = session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person'")
        )
    checks = table_checks(str(definition))
    assert any(check.startswith("level IN (") for check in checks)
    assert any(check.startswith("status IN (") for check in checks)
    assert "performance BETWEEN 1 AND 5" in checks


def test_bulk_insert_keeps_good_rows_and_checks_on(sqlite_db: Path) -> None:
    db = Database(sqlite_db, now=lambda: NOW)
    keys = ["employee_no", "name", "level", "status", "performance"]
    _people(db, [(f"E{n}", f"P {n}", "staff", "active", 3) for n in range(3_000)], keys)
    assert _count(db) == 3_000
    assert _ignoring_checks(db) == 0


@pytest.mark.parametrize(
    ("column", "value"), [("level", "chief"), ("status", "gone"), ("performance", 9)]
)
def test_bulk_insert_refuses_a_row_breaking_a_check(
    sqlite_db: Path, column: str, value: object
) -> None:
    """A value the Python side let through by mistake is still refused by the database, at
    any place in the insert, and nothing of it is written."""
    db = Database(sqlite_db, now=lambda: NOW)
    keys = ["employee_no", "name", "level", "status", "performance"]
    rows: list[tuple[object, ...]] = [
        (f"E{n}", f"P {n}", "staff", "active", 3) for n in range(12_000)
    ]
    at = keys.index(column)
    rows[7_777] = tuple(value if i == at else v for i, v in enumerate(rows[7_777]))
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        _people(db, rows, keys)
    assert _count(db) == 0
    assert _ignoring_checks(db) == 0
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        _people(db, [rows[7_777]], keys)  # the next insert is checked row by row again


def test_rows_below_the_largest_id_are_checked_too(sqlite_db: Path) -> None:
    db = Database(sqlite_db, now=lambda: NOW)
    keys = ["id", "employee_no", "name", "level", "status"]
    _people(db, [(100, "E100", "P", "staff", "active")], keys)
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        _people(
            db, [(5, "E5", "P", "chief", "active"), (200, "E200", "P", "staff", "active")], keys
        )
    with db.read() as session:
        assert list(session.scalars(select(table_of(Person).c.id))) == [100]


def _indexes(db: Database) -> list[tuple[str, str]]:
    with db.read() as session:
        return [
            (str(name), str(sql))
            for name, sql in session.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            )
        ]


def test_indexes_dropped_for_a_bulk_insert_are_there_again(sqlite_db: Path) -> None:
    """Many rows into an empty table are written before its plain indexes are built; the
    indexes are there again, the same, after the insert and after a failed one."""
    db = Database(sqlite_db, now=lambda: NOW)
    indexes = _indexes(db)
    assert any(name == "ix_person_manager_no" for name, _ in indexes)
    keys = ["employee_no", "name", "level", "status", "manager_no"]
    rows: list[tuple[object, ...]] = [
        (f"E{n}", f"P {n}", "staff", "active", f"M{n % 7}") for n in range(12_000)
    ]
    with pytest.raises(IntegrityError):
        _people(db, [*rows, ("E1", "again", "staff", "active", None)], keys)  # E1 twice
    assert _indexes(db) == indexes
    _people(db, rows, keys)
    assert _indexes(db) == indexes
    with db.read() as session:
        assert session.scalar(text("PRAGMA integrity_check")) == "ok"
        plan = " ".join(
            str(row[-1])
            for row in session.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM person WHERE manager_no = 'M3'")
            )
        )
        found = session.scalar(text("SELECT count(*) FROM person WHERE manager_no = 'M3'"))
    assert "ix_person_manager_no" in plan
    assert found == len([n for n in range(12_000) if n % 7 == 3])


def test_rows_sent_as_they_are_store_what_the_orm_stores(sqlite_db: Path) -> None:
    """A bulk insert whose rows go to the driver untouched (SQLite, no column needing a
    conversion but dates) stores dates, booleans and constants exactly as an ORM insert of
    the same person does, in whatever order the caller gives the columns."""
    from datetime import date

    from retainkit.storage.bulk import CHUNK

    db = Database(sqlite_db, now=lambda: NOW)
    keys = ["hire_date", "name", "employee_no", "level", "performance", "status"]
    rows: list[tuple[object, ...]] = [(date(2019, 3, 1), "Bulk One", "B1", "staff", 4, "active")]
    rows += [(None, "Bulk Two", "B2", None, None, "active")]
    rows += [
        (date(2020, 1, 2), f"Many {n}", f"M{n}", "core", None, "active") for n in range(CHUNK + 1)
    ]
    _people(db, rows, keys)
    with db.write() as session:
        session.add(
            Person(
                employee_no="O1", name="Orm One", hire_date=date(2019, 3, 1), level="staff",
                performance=4, high_performer=False, do_not_contact=False,
                created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    with db.read() as session:
        stored = session.execute(
            text(
                "SELECT employee_no, hire_date, typeof(hire_date), high_performer, "
                "typeof(high_performer), created_at, updated_at, performance FROM person "
                "WHERE employee_no IN ('B1', 'B2', 'O1', 'M0') ORDER BY employee_no"
            )
        ).all()
        read_back = session.scalars(select(Person).where(Person.employee_no == "B1")).one()
        read = (read_back.hire_date, read_back.created_at, read_back.high_performer)
    by_number = {row[0]: row[1:] for row in stored}
    assert by_number["B1"] == by_number["O1"] == (
        "2019-03-01", "text", 0, "integer", by_number["O1"][4], by_number["O1"][5], 4
    )  # fmt: skip
    assert by_number["B2"][0] is None and by_number["M0"][0] == "2020-01-02"
    assert read == (date(2019, 3, 1), NOW, False)
    assert _count(db) == CHUNK + 4
