"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when configured),
at a pinned date.

The date: every test runs as if today were a fixed day, so the suite passes on every day of
the year. `pinned_today` (autouse, for each module) sets RETAINKIT_TODAY, which the CLI reads
instead of the clock, to the test module's TODAY when it has one, else to DEFAULT_TODAY;
subprocesses and terminal children inherit it. Modules pick their days among PINNED_DATES:
month ends, a year end and a leap day. Rows a test writes through core directly are stamped
with the same clock (retainkit.cli.context.read_clock).

The database: migrating a new database for every test was most of the suite's time, so each
test process migrates once, for real, and every test gets a copy of that result: a copy of
the migrated SQLite file, or on PostgreSQL a new schema built by the statements the migration
sent (recorded once and checked against the migrated schema). A test of creating or
upgrading a database itself is marked `fresh_db` and gets an empty location.
"""

from __future__ import annotations

import os
import uuid
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from retainkit.cli.tree import app

PG_URL = os.environ.get("RETAINKIT_TEST_POSTGRES_URL")
TODAY_VARIABLE = "RETAINKIT_TODAY"
PINNED_DATES = (date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31), date(2028, 2, 29))
DEFAULT_TODAY = date(2027, 1, 31)


@pytest.fixture(scope="module", autouse=True)
def pinned_today(request: pytest.FixtureRequest) -> Iterator[date]:
    """The day the CLI runs on in this module: its TODAY, else DEFAULT_TODAY. Module-scoped,
    so the module's own shared fixtures (set up before any test's) run on that day too."""
    today = getattr(request.module, "TODAY", DEFAULT_TODAY)
    assert isinstance(today, date), f"{request.module.__name__}.TODAY must be a date"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_VARIABLE, today.isoformat())
        yield today


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test runs may touch the real user's data folder or database."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("RETAINKIT_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return home


def fresh(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("fresh_db") is not None


# -- SQLite ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated to the newest schema by retainkit itself, once per test
    process. Closing its last connection folds the write-ahead log into the file."""
    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database, head_revision

    path = tmp_path_factory.mktemp("template") / "retainkit.db"
    db = Database(path, now=wall_clock)
    db.engine()
    db.close()
    assert not Path(f"{path}-wal").exists(), "the template's log was not folded into it"
    import sqlite3

    with sqlite3.connect(path) as connection:
        [(version,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    assert version == head_revision()
    return path


def copy_sqlite_template(template: Path, target: Path) -> None:
    """The template's bytes in a new file readable by its owner only, as retainkit makes it."""
    from retainkit.base.files import create_private_file

    create_private_file(target)
    target.write_bytes(template.read_bytes())


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The test's SQLite file: a copy of the migrated template (empty for `fresh_db`)."""
    path = tmp_path / "retainkit.db"
    if not fresh(request):
        copy_sqlite_template(request.getfixturevalue("sqlite_template"), path)
    return path


# -- PostgreSQL --------------------------------------------------------------------------


def _plain_pg_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _schema_url(schema: str) -> str:
    from sqlalchemy.engine import make_url

    assert PG_URL
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _new_schema_name() -> str:
    return f"rk_{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class PgTemplate:
    """What migrating an empty schema sent to PostgreSQL, less the queries: replayed in a new
    schema, it builds what the migration built."""

    script: str


def _describe_schema(connection: Any, schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """A schema's tables, columns, constraints, indexes, sequences and revision, with the
    schema's name taken out so two schemas compare."""
    queries = {
        "columns": (
            "SELECT table_name, column_name, data_type, character_maximum_length, "
            "is_nullable, column_default, ordinal_position FROM information_schema.columns "
            "WHERE table_schema = %(s)s ORDER BY 1, 2"
        ),
        "constraints": (
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = %(s)s::regnamespace ORDER BY 1, 2"
        ),
        "indexes": (
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = %(s)s ORDER BY 1, 2"
        ),
        "sequences": (
            "SELECT sequence_name, data_type, start_value, increment "
            "FROM information_schema.sequences WHERE sequence_schema = %(s)s ORDER BY 1"
        ),
        "revision": f"SELECT version_num FROM {schema}.alembic_version",
    }
    described = {}
    for name, query in queries.items():
        rows = connection.execute(query, {"s": schema}).fetchall()
        described[name] = [
            tuple(v.replace(f"{schema}.", "") if isinstance(v, str) else v for v in row)
            for row in rows
        ]
    return described


@pytest.fixture(scope="session")
def pg_template() -> Iterator[PgTemplate]:
    """Migrate an empty schema with retainkit itself, once per test process, recording the
    statements it sends; check that replaying them builds the same schema."""
    if not PG_URL:
        pytest.skip("RETAINKIT_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped")
    import psycopg
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database

    plain = _plain_pg_url(PG_URL)
    template, copy = _new_schema_name(), _new_schema_name()
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    try:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {template}")
    except psycopg.OperationalError as exc:
        pytest.fail(f"RETAINKIT_TEST_POSTGRES_URL is set but unreachable: {exc}")
    try:
        event.listen(Engine, "before_cursor_execute", record)
        try:
            db = Database(_schema_url(template), now=wall_clock)
            db.engine()
            db.close()
        finally:
            event.remove(Engine, "before_cursor_execute", record)
        changes = [(s.strip(), p) for s, p in sent if not s.lstrip().upper().startswith("SELECT")]
        assert changes, "the migration sent no statement"
        for statement, parameters in changes:
            assert not parameters, f"a migration statement with parameters: {statement}"
            assert template not in statement, f"names the template's schema: {statement}"
        built = PgTemplate(script=";\n".join(statement for statement, _ in changes))
        with psycopg.connect(plain, autocommit=True) as connection:
            _replay(connection, built, copy)
            migrated = _describe_schema(connection, template)
            replayed = _describe_schema(connection, copy)
        assert migrated["columns"] and migrated["revision"]
        assert replayed == migrated, "replaying the migration built another schema"
        yield built
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {template}, {copy} CASCADE")


def _replay(connection: Any, template: PgTemplate, schema: str) -> None:
    """Build `schema` from the template in one transaction and one round trip."""
    with connection.transaction():
        connection.execute(
            f"CREATE SCHEMA {schema}; SET LOCAL search_path TO {schema};\n{template.script}"
        )


@pytest.fixture
def pg_schema_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL whose search_path is a new schema at the newest revision (empty for `fresh_db`),
    dropped after the test."""
    if not PG_URL:
        pytest.skip("RETAINKIT_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped")
    import psycopg

    template = None if fresh(request) else request.getfixturevalue("pg_template")
    schema = _new_schema_name()
    try:
        with psycopg.connect(_plain_pg_url(PG_URL), autocommit=True) as connection:
            if template is None:
                connection.execute(f"CREATE SCHEMA {schema}")
            else:
                _replay(connection, template, schema)
    except psycopg.OperationalError as exc:
        pytest.fail(f"RETAINKIT_TEST_POSTGRES_URL is set but unreachable: {exc}")
    yield _schema_url(schema)
    with psycopg.connect(_plain_pg_url(PG_URL), autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The database location a test's commands use: each kind retainkit supports."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_db"))
    return str(request.getfixturevalue("pg_schema_url"))


Run = Callable[..., Result]


def _convert_once(typer_app: typer.Typer) -> Any:
    """typer's CliRunner turns the Typer app into a click command at every invoke, which was
    most of a test's time; this turns each app (retainkit's whole tree, mostly) once. A
    command keeps nothing between invocations: each gets its own context and State."""
    try:
        return _COMMANDS[typer_app]
    except KeyError:
        command = _COMMANDS[typer_app] = typer.main.get_command(typer_app)
        return command


_COMMANDS: weakref.WeakKeyDictionary[typer.Typer, Any] = weakref.WeakKeyDictionary()
if getattr(typer.testing, "_get_command", None) is typer.main.get_command:
    typer.testing._get_command = _convert_once  # else a newer typer: slower, still right


def make_runner(location: str) -> Run:
    runner = CliRunner()

    def run(*args: str, input: str | None = None, expect: int | None = 0) -> Result:
        result = runner.invoke(app, ["--db", location, *args], input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code} != {expect}\nstdout: {result.stdout}\n"
                f"stderr: {result.stderr}"
            )
        return result

    return run


@pytest.fixture
def cli(db_url: str) -> Run:
    """Run retainkit's real CLI in-process against the test's database."""
    return make_runner(db_url)


@pytest.fixture
def sqlite_cli(sqlite_db: Path) -> Run:
    return make_runner(str(sqlite_db))


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ENTER, DOWN, CTRL_C, CTRL_D = "\r", "\x1b[B", "\x03", "\x04"


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run a command whose prompts read real keystrokes from a prompt_toolkit pipe.

    Only the terminal check is switched on; questionary and prompt_toolkit run for real.
    """
    import retainkit.cli.context as context

    monkeypatch.setattr(context, "can_prompt", lambda: True)

    def run(cli: Run, keys: str, *args: str, expect: int | None = 0) -> Result:
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            # The keys end here: a prompt the test did not expect meets end of input
            # (EOFError, so a saved draft and exit 130) instead of waiting forever.
            pipe.close()
            return cli(*args, expect=expect)

    return run
