"""One terminal per draft, in the service: a lease another terminal cannot take while it
runs, that runs out when it is not renewed, and a terminal whose draft was taken over
saves nothing more."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from retainkit.base.errors import InputError
from retainkit.cli.context import wall_clock
from retainkit.core.interviews.answering import save_answer
from retainkit.core.interviews.lease import LEASE_SECONDS, release
from retainkit.core.interviews.planning import start
from retainkit.core.interviews.records import discard
from retainkit.storage.database import Database
from retainkit.storage.models import Interview
from tests.conftest import Run
from tests.test_terminal import a_leaver

TODAY = date(2026, 12, 1)
ELSEWHERE = "laptop-in-room-4 pid 4242 0a0b0c0d"  # a terminal on another machine


def test_a_lease_from_another_machine_holds_until_it_runs_out(
    sqlite_db: Path, sqlite_cli: Run
) -> None:
    a_leaver(sqlite_cli)
    db = Database(sqlite_db, now=wall_clock)
    plan = start(db, "E1024", "exit", today=TODAY, lang="en", holder=ELSEWHERE)
    with pytest.raises(InputError, match="draft 1 is open in another terminal"):
        start(db, "E1024", "exit", today=TODAY, lang="en", resume=True, holder="here pid 1 x")
    with pytest.raises(InputError, match="draft 1 is open in another terminal"):
        discard(db, plan.interview_id)  # not from under the interviewer's hands

    with db.write() as session:  # that terminal has not been heard of for too long
        interview = session.get(Interview, plan.interview_id)
        assert interview is not None and interview.lease_seen is not None
        interview.lease_seen -= timedelta(seconds=LEASE_SECONDS + 1)
    start(db, "E1024", "exit", today=TODAY, lang="en", resume=True, holder="here pid 1 x")

    reasons = plan.questionnaire.questions[0]
    with pytest.raises(InputError, match="was taken over in another terminal"):
        save_answer(db, plan.interview_id, reasons, "manager", holder=ELSEWHERE)
    save_answer(db, plan.interview_id, reasons, "manager", holder="here pid 1 x")
    release(db, plan.interview_id, "here pid 1 x")
    discard(db, plan.interview_id)  # released: nobody has it open
    db.close()
