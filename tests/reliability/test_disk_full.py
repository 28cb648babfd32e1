"""A disk that fills up during a save: a clear error, exit 4, nothing half-written."""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import write_answers

SHM_BYTES = 32_768  # SQLite's shared-memory index of the log; it must fit


def run_limited(args: list[str], limit: int) -> subprocess.CompletedProcess[str]:
    """Run retainkit in a child whose files cannot grow past `limit` bytes (RLIMIT_FSIZE).
    Python ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing."""

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "retainkit", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_files,
    )


@pytest.mark.parametrize("frames", [0, 2, 4])
def test_a_full_disk_during_a_save_exits_4_and_writes_nothing(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path, frames: int
) -> None:
    from tests.test_terminal import a_leaver

    a_leaver(sqlite_cli)
    answers = write_answers(tmp_path / "exit.json", "exit")
    sqlite_cli("db", "check")  # the last connection closed: the log is folded into the file
    # Linux refuses any write at or past the limit, so the log (and a checkpoint into the
    # file) stops after its header and a few pages; the shared-memory index still fits.
    limit = SHM_BYTES + frames * (4096 + 24)

    done = run_limited(
        ["--db", str(sqlite_db), "interview", "exit", "E1024", "--answers", str(answers)], limit
    )
    assert done.returncode == 4, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the disk could not take the write")

    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT count(*) FROM interview").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM answer").fetchone() == (0,)
    connection.close()
    assert json.loads(sqlite_cli("interview", "list", "-f", "json").stdout) == []
    # With room again, the same save goes through whole.
    sqlite_cli("interview", "exit", "E1024", "--answers", str(answers))
    [interview] = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert interview["status"] == "completed"
