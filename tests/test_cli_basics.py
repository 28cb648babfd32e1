"""The command line as a whole: help, version, errors, where the database is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from retainkit import __version__
from retainkit.cli.tree import app

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "questionary", "prompt_toolkit")
PROBE = """
import sys
sys.argv = ["retainkit", *{args!r}]
from retainkit.cli import main
try:
    main()
except SystemExit:
    pass
print("heavy:" + ",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["people", "--help"], ["db", "--help"], ["depart", "--help"], []]
)
def test_help_imports_no_heavy_library_and_creates_no_database(
    args: list[str], tmp_path: Path
) -> None:
    db = tmp_path / "never.db"
    env = os.environ | {"RETAINKIT_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stderr.strip().splitlines()[-1] == "heavy:"
    assert "retainkit" in done.stdout
    assert not db.exists()


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"retainkit {__version__}"


def test_db_path_defaults_to_the_user_data_folder(private_home: Path) -> None:
    result = CliRunner().invoke(app, ["db", "path"])
    assert result.exit_code == 0
    path = Path(result.stdout.strip())
    assert path.name == "retainkit.db"
    assert path.is_relative_to(private_home)
    assert not path.exists(), "db path must not create the database"


def test_db_path_follows_the_environment_then_the_option(tmp_path: Path) -> None:
    env_db, option_db = tmp_path / "env.db", tmp_path / "option.db"
    runner = CliRunner()
    from_env = runner.invoke(app, ["db", "path"], env={"RETAINKIT_DB": str(env_db)})
    assert from_env.stdout.strip() == str(env_db)
    from_option = runner.invoke(
        app, ["--db", str(option_db), "db", "path"], env={"RETAINKIT_DB": str(env_db)}
    )
    assert from_option.stdout.strip() == str(option_db)


def test_db_path_hides_a_postgres_password() -> None:
    result = CliRunner().invoke(
        app, ["--db", "postgresql+psycopg://hr:secret@db.internal/retain", "db", "path"]
    )
    assert "secret" not in result.stdout
    assert "db.internal/retain" in result.stdout


def test_first_use_creates_a_private_folder_and_file(private_home: Path) -> None:
    result = CliRunner().invoke(app, ["people", "list", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
    path = Path(CliRunner().invoke(app, ["db", "path"]).stdout.strip())
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_user_error_is_one_line_without_traceback(sqlite_cli) -> None:  # type: ignore[no-untyped-def]
    result = sqlite_cli("people", "show", "E404", expect=2)
    assert result.stderr.strip() == (
        "error: no person with employee number E404; see: retainkit people list"
    )
    assert "Traceback" not in result.output


def test_unexpected_error_is_exit_1_and_debug_shows_traceback(
    sqlite_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import retainkit.core.people as people

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(people, "list_people", broken)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(sqlite_db), "people", "list"])
    assert result.exit_code == 1
    assert "internal error (ZeroDivisionError)" in result.stderr
    assert "--debug" in result.stderr
    debug = runner.invoke(app, ["--db", str(sqlite_db), "--debug", "people", "list"])
    assert isinstance(debug.exception, ZeroDivisionError)


def _help(app_args: list[str], lazy: bool) -> str:
    from retainkit.cli.app import build_app

    tree = build_app(app_args) if lazy else build_app()
    result = CliRunner().invoke(tree, app_args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        *(
            [name, "--help"]
            for name in (
                "demo",
                "people",
                "depart",
                "separation",
                "interview",
                "followup",
                "stay",
                "alumni",
                "questionnaire",
                "reasons",
                "report",
                "export",
                "config",
                "db",
                "audit",
            )
        ),
    ],
)
def test_the_fast_start_shows_the_same_help_as_the_whole_tree(args: list[str]) -> None:
    assert _help(args, lazy=True) == _help(args, lazy=False)


def test_every_command_is_in_the_registry() -> None:
    import typer.main

    from retainkit.cli.app import COMMANDS, build_app

    whole = typer.main.get_command(build_app())
    assert list(whole.commands) == sorted(COMMANDS, key=list(whole.commands).index)  # type: ignore[attr-defined]
    assert set(whole.commands) == set(COMMANDS)  # type: ignore[attr-defined]


def test_only_the_command_run_is_built() -> None:
    from retainkit.cli.app import command_named

    assert command_named(["--db", "x.db", "--debug", "people", "list"]) == "people"
    assert command_named(["--help"]) is None
    assert command_named([]) is None


def _every_command() -> list[list[str]]:
    """The path of every command and group in the tree, like ["people", "add"]."""
    import typer.main

    from retainkit.cli.app import build_app

    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(build_app()), [])
    return paths


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["depart"], "error: Missing argument 'ID'; see: retainkit depart --help"),
        (
            ["people", "list", "--bogus"],
            "error: No such option: --bogus; see: retainkit people list --help",
        ),
        (["nosuch"], "error: No such command 'nosuch'; see: retainkit --help"),
        (["people", "list", "--format", "xml"], None),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], expected: str | None) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert "╭" not in result.stderr and "Usage:" not in result.stderr
    if expected is not None:
        assert result.stderr.strip() == expected


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (
            ["followup", "due", "--db", "x.db"],
            "--db is a global option and goes before the command: "
            "retainkit --db x.db followup due ...",
        ),
        (
            ["followup", "due", "--db=my data.db"],
            "retainkit --db 'my data.db' followup due ...",
        ),
        (
            ["people", "list", "--debug"],
            "--debug is a global option and goes before the command: retainkit --debug people list",
        ),
    ],
)
def test_a_global_option_after_the_command_says_where_it_goes(args: list[str], hint: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    option = next(word.split("=")[0] for word in args if word.startswith("--"))
    assert result.stderr.startswith(f"error: No such option: {option}")
    assert hint in result.stderr


def test_help_shows_no_value_type_for_plain_flags() -> None:
    """A flag takes no value; Typer's `<bool>` beside it reads as if it took one."""
    for path in _every_command():
        result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, path
        assert "<bool>" not in result.stdout, path
    flags = CliRunner().invoke(app, ["people", "add", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--high-performer" in flags and "--not-high-performer" in flags


def test_the_demo_hint_reads_the_same_database(tmp_path: Path) -> None:
    location = tmp_path / "my demo.db"
    result = CliRunner().invoke(app, ["--db", str(location), "demo", "--people", "20"])
    assert result.exit_code == 0, result.output
    [hint] = [line for line in result.stderr.splitlines() if line.startswith("try: ")]
    assert hint == f"try: retainkit --db '{location}' followup due"
    import shlex

    words = shlex.split(hint.removeprefix("try: "))
    assert words[:3] == ["retainkit", "--db", str(location)]
    followed = CliRunner().invoke(app, [*words[1:], "-f", "json"])
    assert followed.exit_code == 0, followed.output
    assert json.loads(followed.stdout), "the demo database has contacts due"
