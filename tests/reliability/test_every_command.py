"""Every command, driven through the real CLI with generated arguments and values: whatever
a user types or a file holds, no run ends in an internal error (exit 1).

The command tree is walked, not listed, so a new command or option is fuzzed the day it is
added. Values come from what the hardening work found breaking things: blanks, control and
escape sequences, Rich markup, formula starts, far dates, huge and odd numbers, the
surrogates Python makes of Latin-1 bytes in argv, and files that are deep, huge-numbered,
binary, missing, folders or dangling links. `RETAINKIT_FUZZ_EXAMPLES` sets the examples per
command (a deeper run than CI's; the figures of one are in docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from retainkit.base.errors import INTERNAL
from retainkit.cli.app import build_app
from retainkit.cli.tree import app
from tests.conftest import make_runner

EXAMPLES = int(os.environ.get("RETAINKIT_FUZZ_EXAMPLES", "8"))

TEXTS = [
    "",
    " ",
    "\t",
    "a\rb\x1b[2Jc",
    "\x00",
    "[bold red]x[/]",
    "[/]",
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1",
    "@x",
    "0",
    "9999-12-31",
    "0001-01-01",
    "2027-02-30",
    "31/12/2026",
    "99999999999999999999999",
    "1e309",
    "nan",
    "inf",
    "caf\udce9",  # Latin-1 "café" in argv, as Python hands it over (surrogateescape)
    "\ud800",
    "名字",
    "😀",
    "x" * 5_000,
    "E0001",
    "E0002",
    "1",
    "staff",
    "exit",
    "true",
    "../../../../etc/passwd",
    "postgresql+psycopg://h:notaport/db",
]


def _file_set(folder: Path) -> list[str]:
    """Files a user could name: every kind that has broken a reader before."""
    folder.mkdir(exist_ok=True)
    files = {
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 4,
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "deep.toml": b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "bignum.json": b'{"answers": {"q": ' + b"9" * 100_000 + b"}}",
        "surrogate.json": b'{"answers": {"q": "\\ud800"}}',
        "answers.json": json.dumps({"answers": {"reason": "pay"}}).encode(),
        "people.csv": b"employee_no,name,hire_date\nE9000,New Person,9999-12-31\n",
        "hostile.csv": b"employee_no,name\n E1 ,=1+1\n,\n\x1b[2J,a\rb\n",
        "latin1.csv": "employee_no,name\nE9001,Jürgen\n".encode("cp1252"),
        "questionnaire.toml": b'id = "x"\ntitle = "[bold]x"\n',
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(folder / "broken.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    (folder / "folder").mkdir(exist_ok=True)
    dangling = folder / "dangling"
    if not dangling.is_symlink():
        dangling.symlink_to(folder / "nowhere")
    names = [*files, "broken.xlsx", "folder", "dangling", "missing.csv", "out/new.xlsx"]
    return [str(folder / name) for name in names] + ["/dev/null", ""]


def _leaves(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _leaves(command, (*path, name))
        else:
            yield (*path, name)


# Typer bundles its own click: the tree is read through duck typing, not click's classes.
ROOT: Any = typer.main.get_command(build_app())
COMMANDS = list(_leaves(ROOT))
# Runs that would take long for no new path: a big demo organisation, a live interview
# waiting on a terminal (tests/test_terminal.py drives those with real keys).
SLOW_OPTIONS = {("demo",): {"--people"}}


def _command(path: tuple[str, ...]) -> Any:
    command = ROOT
    for name in path:
        command = command.commands[name]
    return command


def _value(param: Any, files: list[str], slow: set[str]) -> st.SearchStrategy[str]:
    """Values for one parameter, by the type its command declares."""
    kind = param.type_descriptor.annotation
    kind = getattr(kind, "__args__", (kind,))[0]  # list[str] -> str
    names = set(getattr(param, "opts", []))
    if names & slow:
        return st.sampled_from(["10", "12", "0", "-1", "x"])
    texts = st.sampled_from(TEXTS) | st.text(max_size=12)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from([str(member.value) for member in kind]) | texts
    if kind is Path:
        return st.sampled_from(files) | texts
    if kind in (int, float):
        return st.sampled_from(["0", "-1", "1", "1e400", "9" * 40]) | st.integers().map(str)
    return texts | st.sampled_from(files)


@st.composite
def _arguments(draw: st.DrawFn, path: tuple[str, ...], files: list[str]) -> list[str]:
    command = _command(path)
    slow = SLOW_OPTIONS.get(path, set())
    argv: list[str] = list(path)
    for param in command.params:
        if param.name in ("help",):
            continue
        if param.param_type_name == "argument":
            count = 1 if param.nargs == 1 else draw(st.integers(0, 3))
            argv += [draw(_value(param, files, slow)) for _ in range(count)]
            continue
        if not draw(st.booleans()):
            continue
        if param.is_flag and not param.secondary_opts:
            argv.append(param.opts[0])
        elif param.is_flag:
            argv.append(draw(st.sampled_from([*param.opts, *param.secondary_opts])))
        else:
            for _ in range(draw(st.integers(1, 2)) if param.multiple else 1):
                argv += [param.opts[0], draw(_value(param, files, slow))]
    return argv


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("demo") / "demo.db"
    make_runner(str(location))("demo", "--people", "30")
    return location


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_no_internal_error(
    path: tuple[str, ...], demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _file_set(tmp_path / "files")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    work = tmp_path / "work.db"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(argv=_arguments(path, files))
    def run(argv: list[str]) -> None:
        shutil.copyfile(demo_db, work)
        (tmp_path / "out").mkdir(exist_ok=True)
        result = runner.invoke(app, ["--db", str(work), *argv], input="")
        shown = ["retainkit", "--db", "DB", *argv]
        assert result.exit_code != INTERNAL, f"{shown!r}: {result.stderr[-2000:]}"
        assert "internal error" not in result.stderr, f"{shown!r}: {result.stderr[-2000:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{shown!r} raised {result.exception!r}"
        )

    run()


GLOBAL_DB = [
    "",
    " ",
    ":memory:",
    "/dev/null",
    "postgresql+psycopg://h:notaport/db",
    "postgresql+psycopg://[::1:5432/db",
    "postgresql://",
    "mysql://x/y",
    "x\x00y",
    "caf\udce9.db",
    "folder",
    "dangling",
    "deep.json",
]


@pytest.mark.parametrize("location", GLOBAL_DB)
def test_no_internal_error_for_any_database_location(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _file_set(tmp_path)
    monkeypatch.chdir(tmp_path)
    result: Any = CliRunner().invoke(app, ["--db", location, "people", "list"], input="")
    assert result.exit_code != INTERNAL, (location, result.stderr)
    assert "internal error" not in result.stderr, (location, result.stderr)
