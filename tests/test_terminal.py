"""Prompts in a real pseudo-terminal, the way a person types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.conftest import Run


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    # pexpect does not answer prompt_toolkit's cursor-position request; a real terminal does.
    env = os.environ | {
        "HOME": str(home),
        "TERM": "xterm",
        "COLUMNS": "100",
        "LINES": "30",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "retainkit", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(30, 100),
    )


def test_people_add_asks_for_missing_required_fields(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = spawn(["--db", str(sqlite_db), "people", "add", "--department", "Sales"], private_home)
    child.expect("Employee number")
    child.send("E 1\r")
    child.expect("not an employee number")
    child.send("\x7f\x7f1024\r")  # "E 1" -> "E" -> "E1024"
    child.expect("Full name")
    child.send("王伟\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [person] = json.loads(sqlite_cli("people", "list", "-f", "json").stdout)
    assert (person["employee_no"], person["name"], person["department"]) == (
        "E1024",
        "王伟",
        "Sales",
    )


def test_ctrl_c_at_a_prompt_exits_130_and_adds_nobody(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = spawn(["--db", str(sqlite_db), "people", "add"], private_home)
    child.expect("Employee number")
    child.send("E7\r")
    child.expect("Full name")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert json.loads(sqlite_cli("people", "list", "-f", "json").stdout) == []


# The built-in exit questionnaire, as a person answers it: (text the prompt shows, keys).
EXIT_ANSWERS = [
    ("main reasons you decided to leave", "2\r"),
    ("Contributing reasons", " \r"),
    ("first think about leaving", "\r"),
    ("value most about working here", "Colleagues\r"),
    ("did not work well for you", "Little feedback\r"),
    ("My manager supported me", "1\r"),
    ("My pay and benefits", "3\r"),
    ("opportunities to learn", "3\r"),
    ("workload was too heavy", "3\r"),
    ("enough flexibility", "4\r"),
    ("way of working suits you", "2\r"),
    ("working conditions", "4\r"),
    ("training I needed", "3\r"),
    ("assessed fairly", "2\r"),
    ("belonged in my team", "4\r"),
    ("health or safety concern", "n\r"),
    ("harassment, discrimination", "n\r"),  # two No answers: no "please describe it"
    ("could we have done", "A different manager\r"),
    ("would you consider staying", "n\r"),
    ("coming back to us", "2\r"),
    ("recommend us as an employer", "5\r"),
    ("next role offer", "\r"),
    ("handover of your work", "1\r"),
    ("anything else", "\r"),
]


def answer(child: pexpect.spawn, steps: list[tuple[str, str]]) -> None:
    for shown, keys in steps:
        child.expect_exact(shown)
        child.send(keys)


def a_leaver(cli: Run) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E1024",
        "--name",
        "Ana Ruiz",
        "--department",
        "Engineering",
        "--title",
        "Engineer",
        "--hire-date",
        "2021-03-01",
    )
    cli("depart", "E1024", "--last-day", "2026-11-30", "--kind", "voluntary")


def completed_answers(cli: Run) -> dict[str, object]:
    shown = json.loads(cli("interview", "show", "1", "--format", "json").stdout)
    assert shown["status"] == "completed"
    return {a["key"]: a["value"] for a in shown["answers"] if not a["skipped"]}


def test_a_whole_exit_interview_in_a_terminal(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    child = spawn(
        ["--db", str(sqlite_db), "interview", "exit", "E1024", "--mode", "in_person"], private_home
    )
    child.expect_exact("Ana Ruiz")
    child.expect_exact("(E1024)")
    child.expect_exact("last day 2026-11-30")
    answer(child, EXIT_ANSWERS)
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("interview 1 completed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    got = completed_answers(sqlite_cli)
    assert got["reasons"] == {"primary": "manager", "contributing": ["compensation"]}
    assert got["manager_support"] == 1
    assert got["could_have_done"] == "A different manager"
    assert got["enps"] == 5
    assert "decision_moment" not in got


def parked_interview(sqlite_db: Path, sqlite_cli: Run, home: Path) -> pexpect.spawn:
    """An exit interview in a terminal, nine questions answered, waiting at the tenth."""
    a_leaver(sqlite_cli)
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], home)
    answer(child, EXIT_ANSWERS[:10])  # nine questions: the reasons take two steps
    child.expect_exact(EXIT_ANSWERS[10][0])
    return child


def interrupt_keeps_nine_answers(child: pexpect.spawn, sqlite_cli: Run) -> None:
    child.sendintr()
    child.expect_exact("saved as draft 1; continue with: retainkit interview exit E1024 --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    [draft] = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert (draft["status"], draft["answered"]) == ("draft", 9)


def test_ctrl_c_halfway_then_resume_to_the_end_in_a_terminal(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = parked_interview(sqlite_db, sqlite_cli, private_home)
    interrupt_keeps_nine_answers(child, sqlite_cli)

    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    child.expect_exact("Resuming draft 1: 9 answers kept.")
    answer(child, EXIT_ANSWERS[10:])
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    got = completed_answers(sqlite_cli)
    assert got["flexibility"] == 4 and got["handover"] == "on_track"


@pytest.mark.parametrize("stdin", ["devnull", "silent-pipe"])
def test_without_a_terminal_an_interview_fails_fast(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path, stdin: str
) -> None:
    a_leaver(sqlite_cli)
    env = os.environ | {"HOME": str(private_home)}
    command = [
        sys.executable,
        "-m",
        "retainkit",
        "--db",
        str(sqlite_db),
        "interview",
        "exit",
        "E1024",
    ]
    started = time.monotonic()
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL if stdin == "devnull" else subprocess.PIPE,  # pipe: never written
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as process:
        _, errors = (
            process.communicate(timeout=30)
            if stdin == "devnull"
            else (None, _wait_without_writing(process))
        )
    assert process.returncode == 2
    assert "--answers FILE" in errors
    assert time.monotonic() - started < 10
    assert json.loads(sqlite_cli("interview", "list", "-f", "json").stdout) == []


def _wait_without_writing(process: subprocess.Popen[str]) -> str:
    """Wait for the process while its stdin pipe stays open and silent."""
    process.wait(timeout=30)
    assert process.stderr is not None
    return process.stderr.read()
