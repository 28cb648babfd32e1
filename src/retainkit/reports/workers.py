"""Workers: an export's reading done in other processes while this one writes.

Most of an export's time is openpyxl writing the interview list's cells, which only the
process that saves the workbook can do. Reading the interviews (the database folding each
one's answers into JSON, the answers turned into labels) and working out the report sheets
(their queries and the hiding of small groups) need not wait for it: two workers do them
meanwhile, on the second core, and send what they found through a pipe (the interview rows
in batches as the writing takes them, so memory stays flat; the report sheets' contents
once worked out).

Each worker reads in a read transaction of its own on the snapshot the export shares with
it (`storage.copies.shared_snapshot`), so the workbook is one snapshot as before. A worker
is forked, so it knows what the export knows (options, pseudonyms, the private run folder
for temporary files); no database connection crosses the fork: the export closes its
pooled connections first, and each worker opens its own, as SQLite asks. A worker leaves
Ctrl-C to the export, which stops it; an error in a worker comes back to the export as the
same error. Where there is no fork (Windows, and macOS, where forking is unsafe), one
core, or the system refuses a new process, the same work is done in the export's own
process, one part after the other.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from retainkit.base import forked, scratch
from retainkit.base.errors import DatabaseError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

Job = Callable[["Session", Callable[[Any], None]], None]
"""What a worker does: reads in the session it is given and sends what it found, in order,
through the function it is given."""

PARALLEL = forked.AVAILABLE
"""Whether exports read in workers (else in their own process, one part after another).
A worker runs at a lower priority (`forked.NICENESS`): the export's writing is the longest
part, so it keeps a core to itself where three processes share two."""
_READY, _ITEM, _DONE, _ERROR = range(4)


class Worker:
    """A forked process that runs `job` on the snapshot it is given by `begin`."""

    def __init__(self, db: Database, job: Job) -> None:
        from multiprocessing import Pipe

        here, there = Pipe()
        export = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            here.close()
            _run(db, job, there, export)
        there.close()
        self.pid: int | None = pid
        self.pipe = here
        scratch.helpers.add(pid)  # stopped before the run folder goes, however the export ends

    def begin(self, token: str | None) -> None:
        """Start reading on the shared snapshot `token`; returns once the worker's read
        transaction has begun (the shared snapshot may end then)."""
        with contextlib.suppress(OSError):  # it stopped: _receive says how
            self.pipe.send(token)
        kind, _ = self._receive()
        if kind != _READY:
            raise DatabaseError("the export's worker did not start reading; run it again")

    def items(self) -> Iterator[Any]:
        """What the job sends, in order, until it is done; its error raised here."""
        while True:
            kind, value = self._receive()
            if kind == _DONE:
                self._wait()
                return
            yield value

    def stop(self) -> None:
        """End the worker, done or not, and wait for it."""
        if self.pid is not None and self.pid in scratch.helpers:  # not reaped already
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            self._wait()
        self.pipe.close()

    def _receive(self) -> tuple[int, Any]:
        try:
            kind, value = self.pipe.recv()
        except (EOFError, OSError):
            status = self._wait()
            raise DatabaseError(
                f"a worker reading the database for the export stopped ({status}); nothing "
                "was written: run the export again"
            ) from None
        if kind == _ERROR:
            self._wait()
            raise value
        return kind, value

    def _wait(self) -> str:
        if self.pid is None:
            return "ended"
        pid, self.pid = self.pid, None
        return forked.reap(pid)


def _run(db: Database, job: Job, pipe: Connection, export: int) -> None:
    """The worker's life: read on the snapshot it is given, send, and leave without
    running anything of the export's (its blocks' ends, its exit handlers). It dies with
    the export, however the export dies (killed outright too), so it never writes into a
    run folder the export no longer holds."""
    code = 0
    try:
        forked.become_helper(export)
        from retainkit.storage.copies import join_snapshot

        db.engine().dispose(close=False)  # nothing of the export's connections is used
        token = pipe.recv()
        with db.read() as session:
            join_snapshot(session, token)
            pipe.send((_READY, None))
            job(session, lambda value: pipe.send((_ITEM, value)))
        pipe.send((_DONE, None))
    except BaseException as exc:
        code = 1
        try:
            pipe.send((_ERROR, exc))
        except BaseException:
            try:
                failed = f"the export's worker failed ({type(exc).__name__}); run it again"
                pipe.send((_ERROR, DatabaseError(failed)))
            except BaseException:
                pass
    finally:
        os._exit(code)
