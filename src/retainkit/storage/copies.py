"""Copies of the personal data (exports, backups, calendar files) against erasures.

A copy holds `copying(db)` from before it reads its snapshot until it is recorded in the
audit log and its file is in place; an erasure holds `erasing(db)` while it erases and
lists the copies made earlier. So an erasure waits for the copies in progress, and lists
them, and a copy that starts during an erasure waits for it and holds nothing it erased.

SQLite: a lock (flock: shared for a copy, exclusive for an erasure) on the file
`<database>-copying` beside the database. PostgreSQL: an advisory lock, shared or
exclusive, on a connection of its own. Either is dropped by the system when the process
dies, however it dies. `snapshot(session)` makes a read transaction one consistent
snapshot on PostgreSQL (REPEATABLE READ); on SQLite in WAL mode every read transaction is.
`shared_snapshot` and `join_snapshot` give several processes one snapshot.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from retainkit.base.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

WAIT_SECONDS = 600
"""How long a copy waits for an erasure, and an erasure for the copies in progress."""
_POLL_SECONDS = 0.05
_PG_COPY_LOCK = 0x7265_7462  # any fixed number, the same for every retainkit process
LOCK_SUFFIX = "-copying"


@contextmanager
def copying(db: Database) -> Iterator[None]:
    """Held by an export or backup from before its snapshot until its file is in place."""
    with _locked(db, exclusive=False, waiting=None):
        yield


@contextmanager
def erasing(db: Database, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Held by an erasure; waits for the copies in progress (calling `waiting` first, if
    it has to wait)."""
    with _locked(db, exclusive=True, waiting=waiting):
        yield


def snapshot(session: Session) -> None:
    """Make the session's transaction, before its first query, read one consistent
    snapshot: REPEATABLE READ on PostgreSQL (SQLite's read transactions already are)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))


@contextmanager
def shared_snapshot(db: Database) -> Iterator[str | None]:
    """Let other processes read the snapshot this block's start sees (`join_snapshot`,
    before the block ends): on PostgreSQL an exported snapshot, its token given to them; on
    SQLite, writers held off (BEGIN IMMEDIATE) until the block ends, so every read
    transaction begun meanwhile sees the same last commit (the token is None)."""
    from sqlalchemy import text

    if db.sqlite_path is None:
        with db.read() as session:
            snapshot(session)
            yield str(session.execute(text("SELECT pg_export_snapshot()")).scalar_one())
        return
    with db.write() as session:
        session.connection()  # BEGIN IMMEDIATE: no other process commits until the end
        yield None  # nothing written: the commit only lets writers go on


_SNAPSHOT_TOKEN = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


def join_snapshot(session: Session, token: str | None) -> None:
    """Make the session's transaction, before its first query, read the snapshot of a
    `shared_snapshot` block that is still running; its read transaction starts here."""
    from sqlalchemy import text

    if token is None:  # SQLite: a read transaction begins with the first page read
        session.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        return
    if not _SNAPSHOT_TOKEN.fullmatch(token):
        raise DatabaseError(f"not a snapshot of this database: {token!r}")
    snapshot(session)
    session.execute(text(f"SET TRANSACTION SNAPSHOT '{token}'"))


def _too_long(db: Database, exclusive: bool) -> DatabaseError:
    limit = f"{WAIT_SECONDS / 60:g} minutes" if WAIT_SECONDS >= 60 else f"{WAIT_SECONDS:g} s"
    if exclusive:
        return DatabaseError(
            f"an export or backup of {db.describe()} has run for over {limit}; "
            "nothing was erased: run the erasure again when it is done"
        )
    return DatabaseError(
        f"an erasure in {db.describe()} has run for over {limit}; "
        "nothing was written: try again when it is done"
    )


@contextmanager
def _locked(db: Database, *, exclusive: bool, waiting: Callable[[], None] | None) -> Iterator[None]:
    db.engine()  # the database (and its folder) exists from here on
    path = db.sqlite_path
    if path is None:
        with _advisory_lock(db, exclusive, waiting):
            yield
        return
    if sys.platform == "win32":  # no flock: the guarantee holds on POSIX systems only
        yield
        return
    import fcntl
    import time

    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise DatabaseError(f"cannot open {lock_path} ({exc.strerror}); check its rights") from None
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    try:
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            for _ in range(round(WAIT_SECONDS / _POLL_SECONDS)):
                time.sleep(_POLL_SECONDS)
                try:
                    fcntl.flock(fd, mode)
                    break
                except BlockingIOError:
                    continue
            else:
                raise _too_long(db, exclusive) from None
        yield
    finally:
        os.close(fd)


@contextmanager
def _advisory_lock(
    db: Database, exclusive: bool, waiting: Callable[[], None] | None
) -> Iterator[None]:
    from sqlalchemy import exc as sa_exc
    from sqlalchemy import text

    from retainkit.storage.database import translate_errors

    kind = "" if exclusive else "_shared"
    key = {"key": _PG_COPY_LOCK}
    with translate_errors():
        connection = db.engine().connect()
    try:
        with translate_errors():
            got = connection.scalar(text(f"SELECT pg_try_advisory_lock{kind}(:key)"), key)
            connection.commit()
            if not got:
                if waiting is not None:
                    waiting()
                connection.exec_driver_sql(f"SET lock_timeout = {round(WAIT_SECONDS * 1000)}")
                try:
                    connection.execute(text(f"SELECT pg_advisory_lock{kind}(:key)"), key)
                except sa_exc.OperationalError as exc:
                    if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                        raise _too_long(db, exclusive) from None
                    raise
                connection.exec_driver_sql("RESET lock_timeout")
                connection.commit()
        yield
        with translate_errors():
            connection.execute(text(f"SELECT pg_advisory_unlock{kind}(:key)"), key)
            connection.commit()
    except BaseException:
        # Closing the server connection is the one sure way to drop a session's lock.
        connection.invalidate()
        raise
    finally:
        connection.close()
