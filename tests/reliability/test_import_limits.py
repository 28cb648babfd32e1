"""Import files built to exhaust the machine: a zip bomb, a grid of millions of empty cells,
repeated cells, a damaged workbook. Each is refused at once with one line that names the
limit, exit 2, and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.importing.workbooks import ods, ods_cell, ods_row, xlsx, xlsx_bomb

MIB = 2**20


STARTER = """
import json, os, resource, subprocess, sys, threading, time
resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
timer = threading.Timer(60, process.kill)
timer.start()
_, status, usage = os.wait4(process.pid, 0)
timer.cancel()
print(json.dumps([os.waitstatus_to_exitcode(status), time.perf_counter() - start,
                  usage.ru_maxrss / 1024]))
"""
"""Runs the measured process from a small Python of its own, with at most 4 GiB of address
space (a reader that would take 8 GB fails instead of crowding the machine). Linux counts a
child's peak memory from the moment it is forked, before it runs retainkit: forked from a
test worker that has grown, the peak would be the worker's."""


def measured(args: list[str], cwd: Path) -> tuple[int, str, float, float]:
    """A retainkit process run to the end (killed after 60 s): exit code, stderr, seconds,
    peak MiB."""
    result = subprocess.run(
        [sys.executable, "-c", STARTER, sys.executable, "-m", "retainkit", *args],
        cwd=cwd,
        capture_output=True,
        timeout=120,
    )
    code, seconds, peak = json.loads(result.stdout)
    return code, result.stderr.decode(), seconds, peak


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "sizes declared": xlsx_bomb(folder / "declared.xlsx"),
        "sizes hidden": xlsx_bomb(folder / "hidden.xlsx", declared=4096),
    }


@pytest.mark.parametrize("kind", ["sizes declared", "sizes hidden"])
def test_an_xlsx_zip_bomb_is_refused_at_once_in_little_memory(
    bombs: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    """2 GB of sheet XML in a few MB: it took 112 s and 8.3 GB before failing with an
    empty message. Whether the archive declares the sizes or hides them, it is refused in
    well under two seconds (a process's start included) and 200 MiB."""
    bomb = bombs[kind]
    assert bomb.stat().st_size < 10 * MIB
    code, stderr, seconds, peak = measured(
        ["--db", str(tmp_path / "people.db"), "people", "import", str(bomb)], tmp_path
    )
    assert code == 2, stderr
    assert len(stderr.splitlines()) == 1
    assert ("512 MiB" in stderr) if kind == "sizes declared" else ("zip bomb" in stderr)
    assert seconds < 2, f"{seconds:.1f} s"
    assert peak < 200, f"{peak:.0f} MiB"
    assert not (tmp_path / "people.db").exists()


def test_cells_far_apart_are_refused_before_the_grid_is_built(cli: Run, tmp_path: Path) -> None:
    """Two cells, A1 and Z3000000, make a reader build a 78-million-cell grid (2.4 GB)."""
    path = xlsx(
        tmp_path / "far.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3000000"><c r="Z3000000" t="s"><v>1</v></c></row>',
        ["employee_no", "E1"],
    )
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: far.xlsx has a sheet of 3,000,000 rows × 26 columns; an import reads at most "
        "5,000,000 cells; split the file, or save it as CSV (which has no such limit)"
    ]


def test_cells_without_references_are_counted_row_by_row(cli: Run, tmp_path: Path) -> None:
    """References are optional: a sheet without them is read, its grid bound by the widest
    row, not by all its cells together."""
    rows = '<row><c t="inlineStr"><is><t>employee_no</t></is></c>'
    rows += '<c t="inlineStr"><is><t>name</t></is></c></row>'
    rows += "".join(
        f'<row><c t="inlineStr"><is><t>E{n}</t></is></c>'
        f'<c t="inlineStr"><is><t>Person {n}</t></is></c></row>'
        for n in range(3000)
    )
    cli("people", "import", str(xlsx(tmp_path / "plain.xlsx", rows, [])))
    listed = cli("people", "list", "--format", "csv").stdout.splitlines()
    assert len(listed) == 3001


def test_repeated_cells_in_an_ods_file_are_refused(cli: Run, tmp_path: Path) -> None:
    """One cell repeated 16,000 columns and a million rows: 800 bytes, 16 billion cells."""
    path = ods(
        tmp_path / "repeat.ods",
        ods_row([ods_cell("employee_no"), ods_cell("name")])
        + ods_row([ods_cell("E1", repeat=16_000)], repeat=1_000_000),
    )
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: repeat.ods has over 5,000,000 cells, more than an import reads; split the "
        "file, or save it as CSV (which has no such limit)"
    ]


def test_a_cell_naming_a_shared_string_that_is_not_there(cli: Run, tmp_path: Path) -> None:
    """It was an IndexError: an internal error, exit 1."""
    path = xlsx(
        tmp_path / "strings.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>999</v></c></row>',
        ["employee_no", "name", "E1"],
    )
    result = cli("people", "import", str(path), expect=2)
    assert result.stderr.splitlines() == [
        "error: cannot read strings.xlsx as an XLSX workbook: Cell string index not found in "
        "shared strings table"
    ]
