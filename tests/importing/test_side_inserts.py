"""A large separation import on SQLite has its new separations and their reasons bound by a
helper into a scratch database while it plans, then copied in: the database it leaves is
the one inserting them directly leaves, the database stays locked for other writers, and
a helper that fails or dies loses nothing."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from retainkit.base import forked, scratch
from retainkit.storage import side_inserts
from tests.conftest import make_runner

TODAY = date(2026, 11, 30)
KINDS = ("voluntary", "involuntary", "layoff", "retirement", "end_of_contract")
REASONS = ("compensation", "career_growth", "manager", "workload", "relocation")

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="no helper processes here")


def leavers_file(path: Path, rows: int, seed: int = 3) -> None:
    """Leavers over six years, some of them twice, with reasons, notes and snapshots."""
    rng = random.Random(seed)
    lines = [
        "employee_no,name,last_day,kind,notice_date,regrettable,rehire_eligible,"
        "primary_reason,contributing_reasons,department,level,hire_date,note"
    ]
    for n in range(rows):
        number = f"E{n % (rows - rows // 10):05d}"  # a tenth leave a second time
        last = TODAY + timedelta(days=60 - rng.randint(0, 2000) - (n // (rows - rows // 10)) * 2100)
        kind = rng.choice(KINDS)
        reasons = rng.sample(REASONS, rng.randint(0, 3))
        lines.append(
            ",".join([
                number, f"Person {n}", last.isoformat(), kind,
                (last - timedelta(days=30)).isoformat() if kind == "voluntary" else "",
                rng.choice(("yes", "no")), rng.choice(("yes", "no")),
                reasons[0] if reasons else "", ";".join(reasons[1:]),
                rng.choice(("Sales", "Support", "")), rng.choice(("staff", "middle", "")),
                (last - timedelta(days=rng.randint(100, 3000))).isoformat(),
                "handed over" if rng.random() < 0.2 else "",
            ])
        )  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def contents(db: Path) -> dict[str, str]:
    """Every table's rows (without the times they were written), the schema and the
    database's own checks."""
    connection = sqlite3.connect(db)
    found = {}
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for (table,) in tables.fetchall():
            columns = [
                row[1]
                for row in connection.execute(f"PRAGMA table_info({table})")
                if row[1] not in ("created_at", "updated_at", "at")
            ]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
            found[table] = hashlib.sha256(repr(rows.fetchall()).encode()).hexdigest()
        schema = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        found["schema"] = repr(schema.fetchall())
        found["integrity"] = connection.execute("PRAGMA integrity_check").fetchone()[0]
        found["foreign keys"] = repr(connection.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        connection.close()
    return found


def imported(db: Path, source: Path, *args: str, expect: int = 0) -> Any:
    return make_runner(str(db))("separation", "import", str(source), *args, expect=expect)


@pytest.fixture
def twin(sqlite_db: Path, tmp_path: Path) -> Path:
    """A second database, the same as the test's."""
    copy = tmp_path / "twin.db"
    shutil.copyfile(sqlite_db, copy)
    return copy


def side_used(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Side inserts from the first row on; the tables copied in from a side database."""
    monkeypatch.setattr(side_inserts, "SIDE_ROWS", 1)
    copied = []
    real = side_inserts.SideInserts._copy

    def copy(inserts: Any, table: Any, index: int, count: int, many: Any) -> int:
        copied.append(table.name)
        return real(inserts, table, index, count, many)

    monkeypatch.setattr(side_inserts.SideInserts, "_copy", copy)
    return copied


def test_side_inserts_leave_the_database_direct_inserts_leave(
    sqlite_db: Path, twin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "leavers.csv"
    leavers_file(source, 600)
    imported(sqlite_db, source)  # directly: fewer rows than SIDE_ROWS
    copied = side_used(monkeypatch)
    result = imported(twin, source)
    assert copied == ["separation", "separation_reason"]
    assert "600 new separations" in result.stderr
    corrected = tmp_path / "corrected.csv"  # corrections and new leavers, on a history
    header, *lines = source.read_text(encoding="utf-8").splitlines()
    lines = [
        line.replace(",yes,", ",no,", 1) if n % 5 == 0 else line for n, line in enumerate(lines)
    ]
    more = tmp_path / "more.csv"
    leavers_file(more, 60, seed=4)
    lines += [
        line.replace(",E", ",N").replace("E", "N", 1) for line in more.read_text().splitlines()[1:]
    ]
    corrected.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    monkeypatch.setattr(side_inserts, "SIDE_ROWS", 10**9)
    imported(sqlite_db, corrected)
    monkeypatch.setattr(side_inserts, "SIDE_ROWS", 1)
    result = imported(twin, corrected)
    assert "60 new separations, 91 corrected" in result.stderr
    assert copied == ["separation", "separation_reason"] * 2
    assert contents(twin) == contents(sqlite_db)
    assert not list(scratch.root().glob(f"{os.getpid()}-*/side.db"))  # gone with the import


def full(path: Path, tables: Any) -> dict[int, int]:
    """A helper whose temporary folder filled up as it wrote."""
    path.write_bytes(b"\0" * 100_000)
    raise sqlite3.OperationalError("database or disk is full")


def dies(path: Path, tables: Any) -> dict[int, int]:
    os._exit(3)


@pytest.mark.parametrize("helper", [full, dies], ids=["fails", "dies"])
def test_a_helper_that_fails_or_dies_leaves_its_rows_to_the_import(
    sqlite_db: Path, twin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: Any
) -> None:
    """A temporary folder too full for the scratch database only costs the time saved."""
    source = tmp_path / "leavers.csv"
    leavers_file(source, 300)
    imported(sqlite_db, source)
    sizes = []
    direct = side_inserts.SideInserts._direct

    def inserted(inserts: Any, table: Any, rows: Any, many: Any) -> int:
        sizes.append(inserts.path.stat().st_size)
        return int(direct(inserts, table, rows, many))

    monkeypatch.setattr(side_inserts, "SIDE_ROWS", 1)
    monkeypatch.setattr(side_inserts, "_bind", helper)
    monkeypatch.setattr(side_inserts.SideInserts, "_direct", inserted)
    imported(twin, source)
    assert contents(twin) == contents(sqlite_db)
    assert sizes == [0, 0]  # its space given back before the rows went in directly


def test_the_database_is_locked_for_other_writers_and_the_side_database_is_not(
    sqlite_db: Path, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database

    db = Database(str(sqlite_db), now=wall_clock)
    side = tmp_path / "side.db"
    side.touch(mode=0o600)
    try:
        with db.write(side) as session:
            session.execute(text("SELECT count(*) FROM person")).scalar()
            other = sqlite3.connect(sqlite_db, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
            helper = sqlite3.connect(side, timeout=0, isolation_level=None)
            helper.execute("CREATE TABLE t0 (c0)")  # what the helper does, while it is held
            helper.execute("INSERT INTO t0 VALUES (1)")
            helper.close()
            assert session.execute(text("SELECT count(*) FROM side.t0")).scalar() == 1
        with db.write() as session:  # the pooled connection has nothing attached any more
            names = [row[1] for row in session.execute(text("PRAGMA database_list"))]
            assert names == ["main"]
    finally:
        db.close()


def people_file(path: Path, rows: int, start: int = 0) -> None:
    rng = random.Random(start)
    lines = ["employee_no,name,department,level,hire_date,high_performer,do_not_contact,salary"]
    for n in range(start, start + rows):
        lines.append(
            ",".join([
                f"P{n:05d}", f"Person {n}", rng.choice(("Sales", "Support", "")),
                rng.choice(("staff", "middle", "")), f"20{rng.randint(10, 25)}-03-01",
                rng.choice(("yes", "no", "")), rng.choice(("yes", "no", "")),
                str(rng.randint(30_000, 90_000)),
            ])
        )  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_people_import_shares_its_new_people_with_a_helper(
    sqlite_db: Path, twin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    people_file(first, 500)
    people_file(second, 700, start=300)  # 200 of them known: updated, and 500 new
    for source in (first, second):
        make_runner(str(sqlite_db))("people", "import", str(source))
    copied = side_used(monkeypatch)
    for source in (first, second):
        make_runner(str(twin))("people", "import", str(source))
    assert copied == ["person", "person"]
    assert contents(twin) == contents(sqlite_db)


def test_the_docs_say_from_how_many_rows_a_helper_writes() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    for name in ("architecture.md", "privacy.md"):
        text = " ".join((docs / name).read_text(encoding="utf-8").split())
        assert f"{side_inserts.SIDE_ROWS:,} rows" in text, name


@pytest.mark.parametrize("side_rows", [1, 10**9], ids=["side", "direct"])
def test_separations_are_numbered_by_last_day_and_their_contacts_in_the_files_order(
    sqlite_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, side_rows: int
) -> None:
    source = tmp_path / "leavers.csv"
    leavers_file(source, 400)
    monkeypatch.setattr(side_inserts, "SIDE_ROWS", side_rows)
    imported(sqlite_db, source)
    lines = source.read_text(encoding="utf-8").splitlines()[1:]
    row_of = {(line.split(",")[0], line.split(",")[2]): n for n, line in enumerate(lines)}
    connection = sqlite3.connect(sqlite_db)
    try:
        separations = connection.execute(
            "SELECT s.id, p.employee_no, s.last_day FROM separation s "
            "JOIN person p ON p.id = s.person_id ORDER BY s.id"
        ).fetchall()
        first = dict(
            connection.execute("SELECT separation_id, min(id) FROM followup GROUP BY 1").fetchall()
        )
        items = dict(
            connection.execute(
                "SELECT separation_id, min(id) FROM handover_item GROUP BY 1"
            ).fetchall()
        )
    finally:
        connection.close()
    assert [s[2] for s in separations] == sorted(s[2] for s in separations)
    in_file_order = sorted(separations, key=lambda s: row_of[(s[1], s[2])])
    for numbered in (first, items):
        ids = [numbered[s[0]] for s in in_file_order if s[0] in numbered]
        assert len(ids) > 10 and ids == sorted(ids)
