"""A hypothesis state machine over the main operations, checking after every step that no
interview is half-saved, small groups stay hidden, an export says what the database says,
and forgotten people are nowhere."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from tests.conftest import make_runner
from tests.reliability.helpers import database_text, found, valid_answers, workbook_text

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2026, 12, 31)  # a year end
MIN_GROUP = 3
ANSWERS = valid_answers("exit")
"""Every question asked; the two follow-ups of the concerns are not (both answers are No)."""
QUESTIONS = 25
"""The exit questionnaire's questions: a completed interview stores a row for each."""


class Organisation(RuleBasedStateMachine):
    people = Bundle("people")
    leavers = Bundle("leavers")
    drafts = Bundle("drafts")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="retainkit-state-"))
        self.location = str(self.folder / "retainkit.db")
        self.cli = make_runner(self.location)
        self.cli("config", "set", "report.min_group", str(MIN_GROUP))
        self.count = 0
        self.forgotten: list[str] = []
        self.exports = 0
        self.answers_file = self.folder / "answers.json"
        self.answers_file.write_text(json.dumps(ANSWERS), encoding="utf-8")

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _db(self) -> Any:
        """The database as the CLI opens it: rows stamped on the pinned day, TODAY."""
        from retainkit.cli.context import read_clock
        from retainkit.storage.database import Database

        today, now = read_clock()
        assert today == TODAY
        return Database(self.location, now=now)

    # -- operations --------------------------------------------------------------------

    @rule(target=people, department=st.sampled_from(["Sales", "Support", "Finance"]))
    def add(self, department: str) -> dict[str, str]:
        self.count += 1
        person = {
            "number": f"QX{self.count:05d}",  # Q, X: never in a pseudonym (hex)
            "name": f"Qx{self.count}zy Person",
            "email": f"qx{self.count}zy@example.org",
            "phone": f"+49 30 777 {self.count:05d}",
        }
        self.cli(
            "people", "add", "--employee-no", person["number"], "--name", person["name"],
            "--email", person["email"], "--phone", person["phone"],
            "--department", department, "--level", "staff", "--hire-date", "2020-01-01",
        )  # fmt: skip
        return person

    @rule(target=leavers, person=consumes(people), days=st.integers(0, 400))
    def depart(self, person: dict[str, str], days: int) -> dict[str, str]:
        last_day = (TODAY - timedelta(days=days)).isoformat()
        self.cli("depart", person["number"], "--last-day", last_day, "--kind", "voluntary")
        return person

    @rule(target=drafts, person=consumes(leavers), given=st.integers(0, 8))
    def draft(self, person: dict[str, str], given: int) -> tuple[dict[str, str], int]:
        from retainkit.core.interviews.answering import save_answer
        from retainkit.core.interviews.planning import start

        db = self._db()
        plan = start(db, person["number"], "exit", today=TODAY, lang="en")
        for question in plan.questionnaire.questions[:given]:
            if question.key in ANSWERS:
                save_answer(db, plan.interview_id, question, ANSWERS[question.key])
        db.close()
        return person, plan.interview_id

    @rule(person=consumes(leavers))
    def written(self, person: dict[str, str]) -> None:
        self.cli("interview", "exit", person["number"], "--answers", str(self.answers_file))

    @rule(draft=consumes(drafts))
    def complete(self, draft: tuple[dict[str, str], int]) -> None:
        from retainkit.core.interviews.answering import save_answer
        from retainkit.core.interviews.completion import complete
        from retainkit.core.interviews.planning import start

        person, interview_id = draft
        db = self._db()
        plan = start(db, person["number"], "exit", today=TODAY, lang="en", resume=True)
        assert plan.interview_id == interview_id
        for question in plan.questionnaire.questions:
            if question.key not in plan.answers and question.key in ANSWERS:
                save_answer(db, interview_id, question, ANSWERS[question.key])
        complete(db, interview_id, TODAY)
        db.close()

    @rule(draft=consumes(drafts))
    def discard(self, draft: tuple[dict[str, str], int]) -> None:
        self.cli("interview", "discard", str(draft[1]), "--yes")

    @rule(person=consumes(leavers))
    def cancel(self, person: dict[str, str]) -> None:
        listed = json.loads(
            self.cli("separation", "list", "--person", person["number"], "-f", "json").stdout
        )
        self.cli("separation", "cancel", str(listed[-1]["id"]), "--why", "recorded by mistake")

    def _forget(self, person: dict[str, str]) -> None:
        self.cli("people", "forget", person["number"], "--yes")
        self.forgotten += [person["number"], person["name"], person["email"], person["phone"]]

    @rule(person=consumes(people))
    def forget_active(self, person: dict[str, str]) -> None:
        self._forget(person)

    @rule(person=consumes(leavers))
    def forget_leaver(self, person: dict[str, str]) -> None:
        self._forget(person)

    @rule(draft=consumes(drafts))
    def forget_in_the_middle_of_an_interview(self, draft: tuple[dict[str, str], int]) -> None:
        self._forget(draft[0])

    @precondition(lambda self: self.count > 0)
    @rule()
    def export(self) -> None:
        from openpyxl import load_workbook

        self.exports += 1
        path = self.folder / f"export-{self.exports}.xlsx"
        self.cli("export", "excel", str(path), "--from", "2020-01-01")
        assert found(self.forgotten, [workbook_text(path)]) == []
        sheet = load_workbook(path, read_only=True)["Interviews"]
        rows = sheet.iter_rows(min_row=2, values_only=True)
        exported = sorted((int(r[0]), r[1], r[2]) for r in rows if r[0] is not None)
        listed = json.loads(self.cli("interview", "list", "-f", "json").stdout)
        assert exported == sorted((i["id"], i["employee_no"], i["name"]) for i in listed)

    # -- after every step --------------------------------------------------------------

    @invariant()
    def no_interview_is_half_saved(self) -> None:
        with sqlite3.connect(self.location) as connection:
            counts = connection.execute(
                "SELECT i.id, i.status, count(a.id), count(s.dimension) "
                "FROM interview i LEFT JOIN answer a ON a.interview_id = i.id "
                "LEFT JOIN interview_score s ON s.interview_id = i.id AND a.id IS NULL "
                "GROUP BY i.id"
            ).fetchall()
        connection.close()
        for interview_id, status, answers, _ in counts:
            if status == "completed":
                assert answers == QUESTIONS, interview_id

    @invariant()
    def small_groups_stay_hidden(self) -> None:
        """What is about one person (a reason, the regrettable flag) is 0, hidden, or counts
        a group; how many left is a fact, shown whatever its size."""
        reasons = json.loads(
            self.cli("report", "reasons", "--from", "2020-01-01", "-f", "json").stdout
        )
        for row in reasons:
            if row["reason"] == "All separations":
                continue
            for key, value in row.items():
                if key not in ("type", "code", "reason") and isinstance(value, int):
                    assert value == 0 or value >= MIN_GROUP, ("reasons", row)
        turnover = json.loads(
            self.cli(
                "report", "turnover", "--by", "department", "--from", "2020-01-01", "-f", "json"
            ).stdout
        )
        for row in turnover:
            assert isinstance(row["separations"], int), row
            value = row["regrettable"]
            if isinstance(value, int):
                assert value == 0 or value >= MIN_GROUP, ("turnover", row)

    @invariant()
    def forgotten_people_are_nowhere(self) -> None:
        assert found(self.forgotten, database_text(self.location)) == []


TestOrganisation = Organisation.TestCase
TestOrganisation.settings = settings(
    max_examples=8,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
pytestmark = pytest.mark.slow
