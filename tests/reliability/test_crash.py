"""Crash safety, tested the way SQLite tests itself: a process saving interviews is killed
with SIGKILL at random moments, again and again, and the database must stay whole."""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import valid_answers, write_answers

KILLS = 120
STUCK_AFTER = 60.0  # seconds without a report: the child is stuck, not slow
SAFETY_CAP = 1800.0  # seconds for all the kills: only a broken run takes this long
TODAY = date(2026, 6, 1)


def save_forever(location: str, answers_file: Path, out: int) -> None:
    """The child: written interviews (one transaction each) for E1, and live interviews for
    E2, answer by answer, resuming a draft a kill left behind. Reports each commit on `out`."""
    from retainkit.base.errors import InputError
    from retainkit.cli.context import wall_clock
    from retainkit.core.interviews.answering import save_answer
    from retainkit.core.interviews.completion import complete
    from retainkit.core.interviews.planning import start
    from retainkit.core.interviews.written import record_written
    from retainkit.storage.database import Database

    answers = valid_answers("stay")
    db = Database(location, now=wall_clock)

    def say(line: str) -> None:
        os.write(out, f"{line}\n".encode())

    say("ready")
    while True:
        done = record_written(db, "E1", "stay", answers_file, today=TODAY, lang="en")
        say(f"done {done.interview_id}")
        try:
            plan = start(db, "E2", "stay", today=TODAY, lang="en")
        except InputError:
            plan = start(db, "E2", "stay", today=TODAY, lang="en", resume=True)
        for question in plan.questionnaire.questions:
            if question.key not in plan.answers:
                save_answer(db, plan.interview_id, question, answers[question.key])
                say(f"answer {plan.interview_id} {question.key}")
        say(f"done {complete(db, plan.interview_id, TODAY).interview_id}")


def run_and_kill(
    location: str, answers_file: Path, steps: int, pause: float
) -> tuple[list[str], bool]:
    """Fork a child that saves interviews, let it report `steps` commits, SIGKILL it `pause`
    seconds later (inside the next step, or between two), and return the lines it reported
    and whether it was killed before it had reported them all (a stuck child)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            os.close(read_end)
            save_forever(location, answers_file, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    lines = b""
    stuck = False
    while lines.count(b"\n") < steps + 1:  # "ready", then the commits to wait for
        ready, _, _ = select.select([read_end], [], [], STUCK_AFTER)
        chunk = os.read(read_end, 65536) if ready else b""
        if not chunk:
            stuck = True
            break
        lines += chunk
    if not stuck:
        time.sleep(pause)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), "the child ended before it was killed"
    lines += _drain(read_end)
    os.close(read_end)
    text = lines.decode()
    complete = text[: text.rfind("\n") + 1]  # a line cut by the kill was not reported
    return complete.splitlines()[1:], stuck


def _drain(fd: int) -> bytes:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    return data


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one such test at a time
def test_sigkill_at_random_moments_loses_nothing_reported(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    for number in ("E1", "E2"):
        sqlite_cli(  # a manager: who owns the stay plan's items
            "people", "add", "--employee-no", number, "--name", f"Person {number}",
            "--manager-no", "M1",
        )  # fmt: skip
    answers_file = write_answers(tmp_path / "stay.json", "stay")
    question_keys = list(valid_answers("stay"))
    rng = random.Random(20261123)
    cycle = 2 + len(question_keys)  # E1 written, E2 answer by answer, E2 completed
    reported_done: set[int] = set()
    reported_answers: dict[int, set[str]] = {}
    killed_after: set[str] = set()  # the last step each kill came after
    kills = 0
    give_up = time.monotonic() + SAFETY_CAP
    while kills < KILLS:  # counts kills, however slow the machine: no time budget
        assert time.monotonic() < give_up, f"only {kills} of {KILLS} kills in {SAFETY_CAP} s"
        steps = rng.randint(1, 2 * cycle)
        lines, stuck = run_and_kill(str(sqlite_db), answers_file, steps, rng.uniform(0, 0.01))
        assert not stuck, f"the child stopped reporting after {len(lines)} of {steps} steps"
        kills += 1
        for line in lines:
            word, *rest = line.split()
            if word == "done":
                reported_done.add(int(rest[0]))
            elif word == "answer":
                reported_answers.setdefault(int(rest[0]), set()).add(rest[1])
        last = lines[-1].split()
        killed_after.add("done" if last[0] == "done" else last[2])
    assert len(reported_done) > KILLS  # the kills came at many different moments...
    # ...after every step of the cycle but at most one (each step ends about 1 kill in 15)
    assert killed_after <= {"done", *question_keys}
    assert len(killed_after) >= len(question_keys), killed_after

    with sqlite3.connect(sqlite_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        interviews = dict(connection.execute("SELECT id, status FROM interview").fetchall())
        answers: dict[int, list[str]] = {}
        for interview_id, key in connection.execute(
            "SELECT interview_id, question_key FROM answer ORDER BY id"
        ):
            answers.setdefault(interview_id, []).append(key)
        scored = {row[0] for row in connection.execute("SELECT interview_id FROM interview_score")}
    connection.close()

    assert reported_done <= {i for i, status in interviews.items() if status == "completed"}
    for interview_id, status in interviews.items():
        stored = answers.get(interview_id, [])
        if status == "completed":
            assert sorted(stored) == sorted(question_keys), interview_id
            assert interview_id in scored
        else:  # a draft a kill interrupted: the answers given so far, in order, no gaps
            assert status == "draft"
            assert stored == question_keys[: len(stored)], interview_id
            assert reported_answers.get(interview_id, set()) <= set(stored)
            assert interview_id not in scored
    drafts = [i for i, status in interviews.items() if status == "draft"]
    assert len(drafts) <= 1  # a kill's draft is resumed, never left beside a new one
    sqlite_cli("db", "check")
