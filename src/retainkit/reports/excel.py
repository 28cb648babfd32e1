"""The workbook for management meetings: which sheets, in which order. The figures a
meeting starts with, then every report on a sheet of its own with native charts, then one
row per interview; read from one snapshot, recorded in the audit log before it appears, and
written through the safe path, its temporary files kept in the private run folder.

The interview list is written first (it stays the last sheet), from rows a worker reads
meanwhile, and compressed into the file while the report sheets, which another worker
worked out meanwhile, are written before it (`workers.py`, `archive.py`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, ServiceError
from retainkit.reports import workers
from retainkit.reports.interview_list import Progress, Row, interview_sheet, list_rows, write_list
from retainkit.reports.model import Options
from retainkit.reports.report_sheets import report_sheets, write_report_sheets
from retainkit.reports.writer import Cleaner, Writer

if TYPE_CHECKING:
    from retainkit.storage.database import Database


@dataclass
class Exported:
    """What a workbook holds: how many sheets and interviews, and notes on what the text
    cleaning changed."""

    sheets: int = 0
    interviews: int = 0
    notes: list[str] = field(default_factory=list)


def export(
    db: Database,
    path: Path,
    opts: Options,
    *,
    anonymize: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> Exported:
    """Write the workbook to `path` (0600), replacing it only once it is complete;
    `progress` hears how far the interview list got."""
    from retainkit.base.files import refuse_link, replaced_privately
    from retainkit.base.scratch import private_tempdir
    from retainkit.core.audit import record
    from retainkit.storage.copies import copying, snapshot

    refuse_link(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"{path}: give the workbook a .xlsx name")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name ending .xlsx")
    if path.exists() and not force:
        raise InputError(f"{path} exists; give --force to replace it")
    if not path.absolute().parent.is_dir():
        raise InputError(f"{path.parent} does not exist; create the folder first")
    if not os.access(path.absolute().parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {path.parent}; choose a folder you can write to")
    pseudonym = None
    if anonymize:
        from retainkit.reports.anonymize import pseudonymizer

        pseudonym = pseudonymizer(db)
    result = Exported()
    # An erasure waits for this export (copying), which reads one snapshot; openpyxl keeps
    # each sheet in a temporary file until the workbook is saved: in the private folder.
    with copying(db), private_tempdir(), replaced_privately(path) as handle:
        writer = Writer(opts.lang)
        writer.open(handle)
        try:
            written = None
            if workers.PARALLEL:
                written = _with_workers(db, writer, opts, pseudonym, progress)
            if written is not None:
                result.interviews = written
            else:  # one process, in turn (no fork here, or none could be made)
                with db.read() as session:
                    snapshot(session)
                    result.interviews = interview_sheet(writer, session, opts, pseudonym, progress)
                    write_report_sheets(writer, report_sheets(session, opts, pseudonym), opts)
            result.sheets = writer.sheets
            writer.save(db.now())
        except BaseException as exc:
            _discard(writer)  # the thread writing into the file, before the file goes
            if _disk_full(exc):
                raise ServiceError(
                    f"no space left on the disk for the workbook (in {path.absolute().parent} "
                    "or the temporary folder, $TMPDIR); free space and run the export again; "
                    "nothing was written"
                ) from None
            raise
        detail = f"excel workbook, {result.sheets} sheets, {opts.start} - {opts.end}"
        if opts.scope is not None:
            detail += f", {opts.scope.kind} {opts.scope.value}"
        # In the audit log before the workbook appears: `people forget` lists it.
        record(db, "export", str(path.absolute()), result.interviews,
               detail + anonymize * ", anonymized")  # fmt: skip
    result.notes = writer.clean.notes()
    return result


BATCH = 500
"""Interview rows a worker sends at a time."""


def _with_workers(
    db: Database,
    writer: Writer,
    opts: Options,
    pseudonym: Callable[[str], str] | None,
    progress: Progress | None,
) -> int | None:
    """Write the interview list from rows a worker reads meanwhile, then the report sheets
    another worker worked out meanwhile, both on one snapshot; the interviews written, or
    None, nothing written, where the system could not start the workers."""
    from retainkit.storage.copies import shared_snapshot

    db.engine().dispose()  # no database connection crosses the fork
    started: list[workers.Worker] = []
    try:
        try:
            rows = workers.Worker(db, partial(_list_job, opts, pseudonym))
            started.append(rows)
            sheets = workers.Worker(db, partial(_sheets_job, opts, pseudonym))
            started.append(sheets)
        except OSError:  # no process to spare (EAGAIN, ENOMEM): the export does it all
            return None
        with shared_snapshot(db) as token:
            for worker in started:
                worker.begin(token)
        found = rows.items()
        layout = next(found)
        cleaned: list[tuple[int, int]] = []

        def lines() -> Iterator[Row]:
            for item in found:
                if isinstance(item, list):
                    yield from item
                else:
                    cleaned.append(item)

        done = write_list(writer, layout, lines(), progress)
        for removed, cut in cleaned:
            writer.clean.add(removed, cut)
        plan, *_ = sheets.items()
        write_report_sheets(writer, plan, opts)
        return done
    finally:
        for worker in started:
            worker.stop()


def _list_job(
    opts: Options, pseudonym: Callable[[str], str] | None, session: Any, send: Callable[[Any], None]
) -> None:
    """A worker's part: the interview list's layout, then its rows in batches, then what
    cleaning their texts changed (removed, cut)."""
    clean = Cleaner()
    layout, rows = list_rows(session, opts, pseudonym, clean)
    send(layout)
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            send(batch)
            batch = []
    if batch:
        send(batch)
    send((clean.removed, clean.cut))


def _sheets_job(
    opts: Options, pseudonym: Callable[[str], str] | None, session: Any, send: Callable[[Any], None]
) -> None:
    """A worker's part: what the report sheets show."""
    send(report_sheets(session, opts, pseudonym))


def _disk_full(exc: BaseException) -> bool:
    """A write the disk (or the user's quota) had no room for: from the file system itself,
    or through lxml writing a sheet."""
    import errno

    from lxml.etree import SerialisationError  # type: ignore[import-untyped]

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, SerialisationError) and "ENOSPC" in str(exc)


def _discard(writer: Writer) -> None:
    """Close the sheets of a workbook that will not be saved while their temporary files
    are still open (else openpyxl complains of closed files as the process ends)."""
    if writer.archive is not None:
        writer.archive.discard()
    for sheet in writer.book.worksheets:
        with suppress(Exception):
            if not sheet.closed:
                sheet.close()
