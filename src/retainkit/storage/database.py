"""The one way to open retainkit's database.

`Database(location, now=...)` does no I/O. `now` is the command's clock: storage never
reads the clock itself, rows are stamped with what the caller passed. The first call to
`engine()`, `read()` or `write()` opens the database, creates it at the newest schema or
upgrades an older one (backing a SQLite file up first), and configures every SQLite
connection. Nothing here waits for a person, so a transaction is never held open across a
prompt: callers open `write()` only once they have everything they need.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import DatabaseError, InputError
from retainkit.base.files import create_private_file
from retainkit.storage.locations import parse_url, sqlite_file
from retainkit.storage.side_inserts import LOCK_MAIN
from retainkit.storage.sqlite import BUSY_TIMEOUT_MS, SQLITE_PRAGMAS, raw_sqlite, sqlite_backup

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any fixed number works; it only has to be the same for every retainkit process.
_PG_MIGRATION_LOCK = 0x7265_7461


def revisions() -> list[str]:
    """Migration revisions, oldest first, read from the file names (no Alembic import)."""
    names = (p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return sorted(name[:4] for name in names)


def head_revision() -> str:
    return revisions()[-1]


class Database:
    """A lazy handle on the database at a file path (SQLite) or a SQLAlchemy URL."""

    def __init__(self, location: str | os.PathLike[str], *, now: Callable[[], datetime]) -> None:
        self.location = os.fspath(location)
        self.now = now
        self.created = False
        """True once this handle has created the database file (a new SQLite database)."""
        """The current time, aware UTC, as the command that opened the database reads it."""
        self._engine: Engine | None = None

    # -- where it is ---------------------------------------------------------------------

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, or None for a server database."""
        return sqlite_file(self.location)

    @property
    def is_sqlite(self) -> bool:
        return self.sqlite_path is not None

    def describe(self) -> str:
        """Where the database is, for people: the file path, or the URL without a password."""
        path = self.sqlite_path
        if path is not None:
            return str(path)
        return parse_url(self.location).render_as_string(hide_password=True)

    # -- opening -------------------------------------------------------------------------

    def engine(self) -> Engine:
        if self._engine is None:
            engine = self.bare_engine()
            try:
                self._ensure_schema(engine)
            except BaseException:
                engine.dispose()
                raise
            self._engine = engine
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; its transaction ends when the block does."""
        from sqlalchemy.orm import Session

        bind = self.engine().execution_options(retainkit_now=self.now)
        with (
            translate_errors(),
            Session(bind, info={"now": self.now}) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self, side: Path | None = None) -> Iterator[Session]:
        """A session for changing data, committed at the end of the block.

        On SQLite it starts with BEGIN IMMEDIATE, so two processes that read and then
        write wait for each other instead of one losing its update; on PostgreSQL callers
        lock the rows they will change (`with_for_update`). `side`: a scratch database from
        `side_inserts.side_database`, attached for `SideInserts`.
        """
        from sqlalchemy.orm import Session

        from retainkit.storage.side_inserts import attached

        with translate_errors(), attached(self.engine(), side) as bind:
            bind = bind.execution_options(retainkit_write=True, retainkit_now=self.now)
            with Session(bind, info={"now": self.now}) as session, session.begin():
                yield session

    @contextmanager
    def peek(self) -> Iterator[Session | None]:
        """A session for reading the database as it is, or None when there is none yet:
        nothing is created, upgraded or written (a dry run). On a database of an older
        schema only what every schema has may be read."""
        from sqlalchemy.orm import Session

        path = self.sqlite_path
        if path is not None and not path.is_file():
            yield None
            return
        engine = self.bare_engine()
        try:
            with translate_errors(), engine.connect() as connection:
                if self.schema_version(connection) is None:
                    yield None
                    return
                with Session(bind=connection, info={"now": self.now}) as session:
                    yield session
                connection.rollback()
        finally:
            engine.dispose()

    def bare_engine(self) -> Engine:
        """A new engine on the database as it is: nothing is created or upgraded, for
        checks that must change nothing. The caller disposes of it."""
        from sqlalchemy import create_engine, event

        path = self.sqlite_path
        if path is None:
            url = parse_url(self.location)
            try:
                return create_engine(url, pool_pre_ping=False)
            except ImportError as exc:
                raise InputError(
                    f"the driver for {self.describe()} is not installed: {exc.name}; "
                    "install retainkit with the postgres extra: pip install 'retainkit[postgres]'"
                ) from None
            except Exception as exc:
                raise InputError(f"cannot use database URL {self.describe()}: {exc}") from None

        if path.is_dir():
            raise InputError(f"{path} is a folder; give --db a database file")
        if path.exists() and not path.is_file():
            raise InputError(f"{path} is not a regular file; give --db a database file")
        if not path.exists():
            try:
                create_private_file(path)
            except OSError as exc:
                raise InputError(f"cannot create the database {path}: {exc.strerror}") from None
            self.created = True
        engine = create_engine(
            f"sqlite+pysqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        )

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            # retainkit issues BEGIN itself (below), so pysqlite must not.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            try:
                for pragma in SQLITE_PRAGMAS:
                    cursor.execute(pragma)
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            options = connection.get_execution_options()
            write, side = options.get("retainkit_write"), options.get("retainkit_side")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write and not side else "BEGIN")
            if write and side:  # the database's write lock alone, not the side database's
                connection.exec_driver_sql(LOCK_MAIN)

        return engine

    # -- schema --------------------------------------------------------------------------

    def _ensure_schema(self, engine: Engine) -> None:
        with translate_errors(), engine.connect() as connection:
            version = self.schema_version(connection)
            connection.rollback()
        if version == head_revision():
            return
        if version is None and engine.dialect.name == "sqlite":
            self._create(engine)
            with translate_errors(), engine.connect() as connection:
                version = self.schema_version(connection)
                connection.rollback()
            if version == head_revision():
                return
        self._upgrade(engine)

    def _create(self, engine: Engine) -> None:
        """An empty SQLite database gets the newest schema from the models in one
        transaction, stamped with the newest revision, as the migrations would leave it (a
        test compares the two table by table): five times faster than running every
        migration, and Alembic is not loaded. Another process that got there first wins."""
        from sqlalchemy import text

        from retainkit.storage.models import Base

        with translate_errors(), engine.connect() as connection:
            connection.execution_options(retainkit_write=True)
            with connection.begin():
                if self.schema_version(connection) is not None:
                    return  # made meanwhile by another process: upgraded below if need be
                Base.metadata.create_all(connection)
                connection.execute(
                    text(
                        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
                    )
                )
                connection.execute(
                    text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
                    {"head": head_revision()},
                )

    def upgrade(self) -> tuple[str | None, str]:
        """Bring the schema to the newest revision; returns (old, new) revision."""
        engine = self.bare_engine()
        try:
            with translate_errors(), engine.connect() as connection:
                old = self.schema_version(connection)
                connection.rollback()
            if old != head_revision():
                self._upgrade(engine)
            self._engine = engine
        except BaseException:
            engine.dispose()
            raise
        return old, head_revision()

    def schema_version(self, connection: Connection) -> str | None:
        """The schema revision; None for an empty database; an error for a foreign one."""
        from sqlalchemy import text

        if connection.dialect.name == "sqlite":
            tables = set(
                connection.scalars(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                ).all()
            )
        else:
            tables = set(
                connection.scalars(
                    text(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()"
                    )
                ).all()
            )
        if "alembic_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise InputError(
                    f"{self.describe()} holds tables that are not retainkit's; "
                    "give --db a new file or a retainkit database"
                )
            return None
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        if version not in revisions():
            raise InputError(
                f"{self.describe()} was written by a newer retainkit (schema {version}); "
                "upgrade retainkit: pip install --upgrade retainkit"
            )
        return str(version)

    def _upgrade(self, engine: Engine) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        path = self.sqlite_path
        backup: Path | None = None
        with translate_errors(), engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # SQLite rebuilds tables to alter them; with foreign keys on, dropping the
                # old table would fire ON DELETE actions. Checked by hand before commit.
                raw_sqlite(connection).execute("PRAGMA foreign_keys=OFF")
            connection.execution_options(retainkit_write=True)
            try:
                with connection.begin():
                    if not sqlite:
                        connection.exec_driver_sql(
                            f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})"
                        )
                    current = self.schema_version(connection)
                    if current == head_revision():
                        return  # another process upgraded it while we waited
                    if sqlite and current is not None and path is not None:
                        backup = path.with_name(f"{path.name}.bak-{current}")
                        if not backup.exists():
                            sqlite_backup(path, backup)
                    config.attributes["connection"] = connection
                    try:
                        command.upgrade(config, "head")
                        if sqlite:
                            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                            if problems:
                                raise RuntimeError(f"{len(problems)} foreign key problems")
                    except Exception as exc:
                        where = f"; a backup is at {backup}" if backup else ""
                        raise DatabaseError(
                            f"upgrading the database schema from {current or 'empty'} failed "
                            f"and was rolled back ({_brief(exc)}){where}"
                        ) from exc
            finally:
                if sqlite:
                    raw_sqlite(connection).execute("PRAGMA foreign_keys=ON")


def now_of(session: Session) -> datetime:
    """The current time for a session opened by Database.read() or write()."""
    now: Callable[[], datetime] = session.info["now"]
    return now()


def _brief(exc: BaseException) -> str:
    """An error in one line: the driver's own message without the SQL statement."""
    cause = getattr(exc, "orig", None) or exc
    return f"{type(cause).__name__}: {_first_line(cause)[:200]}"


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn the database driver's errors into retainkit's, each with its exit code."""
    from sqlalchemy import exc as sa_exc

    try:
        yield
    except sa_exc.OperationalError as exc:
        raise _translate(exc.orig) from exc
    except sa_exc.DatabaseError as exc:
        if isinstance(exc.orig, sqlite3.DatabaseError) and "not a database" in str(exc.orig):
            raise InputError(
                "the database file is not a SQLite database; check --db or RETAINKIT_DB"
            ) from exc
        raise
    except sqlite3.OperationalError as exc:
        raise _translate(exc) from exc


def _translate(orig: BaseException | None) -> DatabaseError:
    message = (_first_line(orig) if orig is not None else "") or "unknown problem"
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return DatabaseError(
            "the database stayed locked by another retainkit process for "
            f"{BUSY_TIMEOUT_MS // 1000} s; try again in a moment"
        )
    if "full" in lowered or "disk i/o" in lowered:
        return DatabaseError(f"the disk could not take the write ({message}); free space and retry")
    if "unable to open" in lowered:
        return DatabaseError(f"cannot open the database ({message}); check the path and its rights")
    if "connection" in lowered or "connect" in lowered:
        return DatabaseError(f"cannot reach the database server ({message})")
    return DatabaseError(f"database problem: {message}")
