"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from retainkit.cli.tree import app

PG_URL = os.environ.get("RETAINKIT_TEST_POSTGRES_URL")


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


def _plain_pg_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    if not PG_URL:
        pytest.skip("RETAINKIT_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped")
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"rk_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(_plain_pg_url(PG_URL), autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        pytest.fail(f"RETAINKIT_TEST_POSTGRES_URL is set but unreachable: {exc}")
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(_plain_pg_url(PG_URL), autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database location a test's commands use: each kind retainkit supports."""
    if request.param == "sqlite":
        return str(tmp_path / "retainkit.db")
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    return tmp_path / "retainkit.db"


Run = Callable[..., Result]


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
