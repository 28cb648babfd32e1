"""The export's workers: the same workbook as read in turn, one snapshot for all of them,
their errors the export's own, none left running."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_excel import INJECTED, RANGE, set_text_answers
from tests.test_reports import build


def cells(path: Path) -> dict[str, Any]:
    """Every sheet's cells as a spreadsheet shows them (value, format, font, alignment) and
    the sheet's layout (widths, frozen panes, print titles, filter, charts)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    found: dict[str, Any] = {"order": book.sheetnames, "active": book.active.title}
    for sheet in book.worksheets:
        found[sheet.title] = (
            [
                [
                    (
                        c.value,
                        c.number_format,
                        c.font.b,
                        c.font.color and c.font.color.rgb,
                        c.alignment.horizontal,
                        c.alignment.wrap_text,
                        c.data_type,
                    )
                    for c in row
                ]
                for row in sheet.iter_rows()
            ],
            sorted((k, d.width, d.hidden) for k, d in sheet.column_dimensions.items()),
            (sheet.freeze_panes, str(sheet.print_title_rows), str(sheet.print_title_cols)),
            (sheet.auto_filter.ref, len(sheet._charts), str(sheet.print_area)),
        )
    return found


def test_the_workbook_read_by_workers_is_the_one_read_in_turn(
    cli: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retainkit.reports import workers
    from retainkit.reports.model import word

    build(cli, tmp_path)
    set_text_answers(db_url, INJECTED)  # texts that must go into text cells, from a worker
    made = {}
    for parallel in (True, False):
        monkeypatch.setattr(workers, "PARALLEL", parallel)
        out = tmp_path / f"parallel-{parallel}.xlsx"
        result = cli("export", "excel", str(out), *RANGE, "--quotes", "--lang", "zh")
        made[parallel] = (cells(out), result.stdout.splitlines()[1:])
    assert made[True] == made[False]
    listed = made[True][0][word("interview_list", "zh")][0]
    assert any(c[0] == INJECTED["what_worked"] and c[6] == "s" for row in listed for c in row)


def test_workers_read_the_one_snapshot_a_write_cannot_split(db_url: str) -> None:
    """Two readers join the export's snapshot; a write that comes between their joins is in
    neither (on SQLite it waits until the snapshot is shared; on PostgreSQL it commits, but
    after the snapshot was taken), and a new read sees it."""
    from sqlalchemy import func, select

    from retainkit.cli.context import wall_clock
    from retainkit.storage.copies import join_snapshot, shared_snapshot
    from retainkit.storage.database import Database
    from retainkit.storage.models import Setting

    def count(session: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(Setting)))

    export, first, second, writer = (Database(db_url, now=wall_clock) for _ in range(4))
    with export.read() as session:
        before = count(session)

    def write() -> None:
        with writer.write() as session:
            session.add(Setting(key="test.meanwhile", value="written meanwhile"))

    thread = threading.Thread(target=write)
    with first.read() as one, second.read() as two:
        with shared_snapshot(export) as token:
            join_snapshot(one, token)
            thread.start()
            thread.join(0.5)  # on SQLite it waits for the end of the block
            join_snapshot(two, token)
        thread.join()
        assert count(one) == count(two) == before
    with export.read() as session:
        assert count(session) == before + 1
    for db in (export, first, second, writer):
        db.close()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the workers the test's exports start."""
    from retainkit.reports import workers

    pids: list[int] = []
    real = workers.Worker.__init__

    def remembered(self: Any, *args: Any) -> None:
        real(self, *args)
        pids.append(self.pid)

    monkeypatch.setattr(workers.Worker, "__init__", remembered)
    monkeypatch.setattr(workers, "PARALLEL", True)
    return pids


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_an_error_in_a_worker_is_the_export_s_own_and_nothing_is_written(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    from retainkit.base.errors import InputError
    from retainkit.reports import excel

    build(sqlite_cli, tmp_path)

    def failing(*_: Any) -> None:
        raise InputError("report.min_group must be a whole number; set it again")

    monkeypatch.setattr(excel, "report_sheets", failing)
    out = tmp_path / "w.xlsx"
    result = sqlite_cli("export", "excel", str(out), *RANGE, expect=2)
    assert "report.min_group must be a whole number" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".w.xlsx*"))
    assert len(started) == 2 and all(gone(pid) for pid in started)


def test_a_worker_that_dies_stops_the_export_cleanly(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    from retainkit.reports import excel

    build(sqlite_cli, tmp_path)
    monkeypatch.setattr(excel, "list_rows", lambda *_: os._exit(9))
    out = tmp_path / "d.xlsx"
    result = sqlite_cli("export", "excel", str(out), *RANGE, expect=4)
    assert "stopped (exit code 9)" in result.stderr and "run the export again" in result.stderr
    assert not out.exists()
    assert all(gone(pid) for pid in started)


def test_an_interrupted_export_stops_its_workers(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    from retainkit.reports import excel

    build(sqlite_cli, tmp_path)

    def interrupted(*_: Any, **__: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(excel, "write_list", interrupted)
    out = tmp_path / "i.xlsx"
    result = sqlite_cli("export", "excel", str(out), *RANGE, expect=130)
    assert not out.exists() and "Traceback" not in result.stderr
    assert len(started) == 2 and all(gone(pid) for pid in started)


def test_a_sheet_sent_ahead_is_in_the_workbook_once_under_its_own_part(tmp_path: Path) -> None:
    import zipfile

    from openpyxl import load_workbook

    from retainkit.reports.writer import Writer

    writer = Writer("en")
    target = tmp_path / "a.xlsx"
    with target.open("wb") as handle:
        writer.open(handle)
        listed = writer.sheet("interview_list", [10.0, 10.0])
        writer.last = listed
        for number in range(1, 2001):
            listed.append([number, f"row {number}"])
        writer.send_ahead(listed)  # compressed while the next sheet is written
        summary = writer.sheet("summary", [10.0])
        summary.append(["before it"])
        writer.save(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert names.count("xl/worksheets/interviews.xml") == 1
    book = load_workbook(target)
    assert book.sheetnames == ["Summary", "Interviews"]
    assert book["Interviews"]["B2000"].value == "row 2000"
    assert book.properties.modified == datetime(2026, 11, 30, 9, 0)  # the clock given


def test_an_error_compressing_a_sheet_ahead_is_raised_when_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retainkit.reports import archive
    from retainkit.reports.writer import Writer

    def full(*_: Any) -> Any:
        raise OSError(28, "No space left on device")

    writer = Writer("en")
    with (tmp_path / "e.xlsx").open("wb") as handle:
        writer.open(handle)
        sheet = writer.sheet("interview_list", [10.0])
        sheet.append([1])
        assert writer.archive is not None
        monkeypatch.setattr(writer.archive.zip, "open", full)
        writer.send_ahead(sheet)
        with pytest.raises(OSError, match="No space left"):
            writer.save(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
        writer.archive.discard()  # what the export does with a workbook that failed
    assert archive.AHEAD_PART.endswith("interviews.xml")


def test_where_no_worker_can_be_started_the_export_does_the_work_itself(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[int]
) -> None:
    from openpyxl import load_workbook

    build(sqlite_cli, tmp_path)
    forks = 0

    def refused() -> int:
        nonlocal forks
        forks += 1
        if forks == 2:  # the second worker: the first is stopped, the export goes on alone
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    real_fork = os.fork
    monkeypatch.setattr(os, "fork", refused)
    out = tmp_path / "alone.xlsx"
    sqlite_cli("export", "excel", str(out), *RANGE)
    assert load_workbook(out)["Interviews"].max_row > 1
    assert len(started) == 1 and all(gone(pid) for pid in started)


def test_a_worker_keeps_a_hang_up_ignored_as_the_export_has_it(sqlite_db: Path) -> None:
    """`nohup retainkit export excel ... &`: closing the terminal sends SIGHUP to the whole
    process group, workers too; ignored by the export, it must be ignored by them."""
    import signal

    from retainkit.cli.context import wall_clock
    from retainkit.reports import workers
    from retainkit.storage.copies import shared_snapshot
    from retainkit.storage.database import Database

    def dispositions(_: Any, send: Any) -> None:
        send((signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)))

    db = Database(str(sqlite_db), now=wall_clock)
    db.engine().dispose()
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        worker = workers.Worker(db, dispositions)
    finally:
        signal.signal(signal.SIGHUP, before)
    try:
        with shared_snapshot(db) as token:
            worker.begin(token)
        [(hang_up, terminate)] = list(worker.items())
    finally:
        worker.stop()
        db.close()
    assert hang_up == signal.SIG_IGN and terminate == signal.SIG_DFL


@pytest.mark.parametrize("where", ["saving", "a sheet"])
def test_a_full_disk_is_one_clear_line_and_nothing_is_left(
    sqlite_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import errno

    from lxml import etree

    from retainkit.reports import archive, excel

    build(sqlite_cli, tmp_path)

    def full(*_: Any, **__: Any) -> Any:
        if where == "saving":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise etree.SerialisationError("IO_ENOSPC")  # what lxml raises writing a sheet

    monkeypatch.setattr(archive.Archive if where == "saving" else excel,
                        "save" if where == "saving" else "write_list", full)  # fmt: skip
    out = tmp_path / "full.xlsx"
    result = sqlite_cli("export", "excel", str(out), *RANGE, expect=4)
    assert result.stderr.startswith("error: no space left on the disk for the workbook")
    assert "free space and run the export again" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".full.xlsx*"))
