"""Two real processes read-modify-write the same person: nothing is lost, nothing is locked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retainkit.cli.context import wall_clock
from retainkit.core.people import get_person
from retainkit.storage.database import Database
from tests.conftest import Run

WORKER = Path(__file__).with_name("rmw_worker.py")
ROUNDS = 500


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one such test at a time
def test_two_processes_appending_notes_lose_no_update(db_url: str, cli: Run) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db_url, "E1", tag, str(ROUNDS)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    errors = [worker.communicate(timeout=300)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    db = Database(db_url, now=wall_clock)
    notes = (get_person(db, "E1").notes or "").splitlines()
    db.close()
    assert len(notes) == 2 * ROUNDS
    for tag in ("a", "b"):
        mine = [line.split(": ", 1)[1] for line in notes if line.split(": ", 1)[1][0] == tag]
        assert mine == [f"{tag}-{n}" for n in range(ROUNDS)]
