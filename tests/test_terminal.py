"""Prompts in a real pseudo-terminal, the way a person types."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect

from tests.conftest import Run


def spawn(args: list[str], home: Path) -> pexpect.spawn:
    env = os.environ | {"HOME": str(home), "TERM": "xterm", "COLUMNS": "100", "LINES": "30"}
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
