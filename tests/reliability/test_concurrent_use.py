"""Concurrent use: the contact plan worked in one process while interviews are saved in
another, and a prompt left waiting in a terminal that blocks nobody."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import write_answers

WORKER = Path(__file__).with_name("mixed_worker.py")
OPERATIONS = 500


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one such test at a time
def test_contact_plan_and_interviews_at_once_lose_nothing(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database
    from retainkit.storage.models import Contact, FollowUp, Interview

    cli("demo", "--people", "600")
    cli("people", "add", "--employee-no", "E1", "--name", "Stays Here", "--level", "staff")
    # who owns a stay plan's items when the person has no manager
    cli("config", "set", "actions.default_owner", "Head of People")
    answers = write_answers(tmp_path / "stay.json", "stay")
    db = Database(db_url, now=wall_clock)
    with db.read() as session:
        contacts_before = session.scalar(select(func.count()).select_from(Contact))
    db.close()

    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db_url, *job],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in (
            ("followups", str(OPERATIONS)),
            ("interviews", str(OPERATIONS), str(answers)),
        )
    ]
    outputs = [worker.communicate(timeout=600) for worker in workers]
    for worker, (_, errors) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, errors
        assert "locked" not in errors
    logged = [int(line.split()[1]) for line in outputs[0][0].splitlines()]
    saved = [int(line.split()[1]) for line in outputs[1][0].splitlines()]
    assert len(logged) == OPERATIONS // 2 and len(saved) == OPERATIONS
    assert len(set(logged)) == len(logged)  # every log was of a contact still planned

    db = Database(db_url, now=wall_clock)
    with db.read() as session:
        contacts = session.execute(
            select(Contact.followup_id).where(Contact.followup_id.in_(logged))
        ).scalars()
        per_followup = Counter(contacts)
        statuses = dict(
            session.execute(
                select(FollowUp.id, FollowUp.status).where(FollowUp.id.in_(logged))
            ).all()
        )
        contacts_after = session.scalar(select(func.count()).select_from(Contact))
        completed = set(
            session.scalars(
                select(Interview.id).where(Interview.id.in_(saved), Interview.status == "completed")
            )
        )
    db.close()
    assert per_followup == Counter(logged)  # one contact each: none lost, none doubled
    assert set(statuses.values()) == {"done"}
    assert contacts_after == contacts_before + len(logged)
    assert completed == set(saved)


def test_a_prompt_left_waiting_blocks_no_other_process(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    import json
    import sqlite3

    from tests.test_terminal import interrupt_keeps_nine_answers, parked_interview

    child = parked_interview(sqlite_db, sqlite_cli, private_home)  # nine answers saved

    def other(*args: str) -> subprocess.CompletedProcess[str]:
        # Nobody holds the write lock: taking it without waiting works (else "locked" at
        # once). A held lock would make the other process wait out the 10 s busy timeout
        # and fail with exit 4, however fast or slow the machine.
        probe = sqlite3.connect(sqlite_db, timeout=0, isolation_level=None)
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        probe.close()
        done = subprocess.run(
            [sys.executable, "-m", "retainkit", "--db", str(sqlite_db), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "locked" not in done.stderr, args
        assert done.returncode in (0, 3), done.stderr
        return done

    listed = json.loads(other("followup", "due", "--within", "30", "--format", "json").stdout)
    assert any(row["employee_no"] == "E1024" for row in listed)
    other("people", "add", "--employee-no", "E2", "--name", "Ben Wu")  # a write, too
    other("followup", "log", "E1024", "--outcome", "no_answer")

    interrupt_keeps_nine_answers(child, sqlite_cli)
