"""The briefing in an interview's header, in a real pseudo-terminal: the reasons given at
earlier interviews and their risk, the last follow-up's conclusion, the actions promised
and what came of them, HR's notes; short enough for an 80x24 terminal."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest

from tests.conftest import EXAMPLES, TODAY_VARIABLE, Run
from tests.test_conversation import Screen

TODAY = date(2026, 11, 30)
WRITTEN = EXAMPLES / "answers" / "written-exit.toml"


def interview_screen(
    db: Path, home: Path, args: list[str], rows: int, columns: int, first: str
) -> list[str]:
    """The screen when the interview shows its first question (`first`)."""
    env = os.environ | {
        "HOME": str(home),
        "TERM": "xterm",
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "retainkit", "--db", str(db), *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(rows, columns),
    )
    screen = Screen(child, rows, columns)
    child.expect_exact(first)
    child.expect([pexpect.TIMEOUT], timeout=1)  # the rest of the first question drawn
    lines = screen.lines()
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return lines


@pytest.fixture
def history(sqlite_cli: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Ana left on 1 August after an exit interview; two actions came of it, one done; a
    follow-up call in September; HR keeps notes on her."""

    def on(day: str, *args: str) -> None:
        monkeypatch.setenv(TODAY_VARIABLE, day)
        sqlite_cli(*args)

    on("2026-07-01", "people", "add", "--employee-no", "E1", "--name", "Ana Ruiz",
       "--department", "Sales", "--hire-date", "2020-03-01",
       "--notes", "Prefers phone calls after 6pm\nWas on leave in 2024")  # fmt: skip
    on("2026-08-01", "depart", "E1", "--last-day", "2026-08-01", "--kind", "voluntary")
    on("2026-08-01", "interview", "exit", "E1", "--answers", str(WRITTEN))
    on("2026-08-02", "actions", "add", "--title", "Talk to her team about workload",
       "--kind", "remedial", "--owner", "Maria", "--separation", "1",
       "--due", "2026-09-01")  # fmt: skip
    on("2026-08-02", "actions", "add", "--title", "Review pay band for engineers",
       "--kind", "strategic", "--owner", "Li", "--separation", "1",
       "--due", "2026-12-20")  # fmt: skip
    on("2026-10-01", "actions", "done", "1", "--outcome", "Team lead reviews workload weekly")
    on("2026-09-15", "followup", "log", "E1", "--outcome", "reached",
       "--conclusion", "Settled at a startup; open to returning in a year")  # fmt: skip
    monkeypatch.setenv(TODAY_VARIABLE, TODAY.isoformat())
    return sqlite_cli


def test_the_header_briefs_on_reasons_conclusion_actions_and_notes(
    sqlite_db: Path, history: Run, private_home: Path
) -> None:
    with sqlite3.connect(sqlite_db) as connection:  # stored by an older program: shown, not run
        connection.execute("UPDATE action_item SET title = title || char(27) || '[2J' WHERE id = 2")
    connection.close()
    lines = interview_screen(
        sqlite_db, private_home, ["interview", "followup", "E1"], 40, 120, "compare with"
    )
    shown = "\n".join(lines)
    assert "#2 Review pay band for engineers\\x1b[2J: open, due 2026-12-20" in shown
    assert "2026-08-01: exit interview 1, completed; reasons: Career growth" in shown
    assert "(primary), Compensation" in shown
    assert "Last follow-up 2026-09-15: Settled at a startup; open to returning in a year" in shown
    assert (
        "#1 Talk to her team about workload: done 2026-10-01; outcome: Team lead reviews "
        "workload weekly" in shown
    )
    assert "HR notes: Prefers phone calls after 6pm / Was on leave in 2024" in shown
    assert shown.index("#2 Review") < shown.index("#1 Talk")  # what is still open first


def test_a_long_history_is_capped_and_fits_an_80_by_24_terminal(
    sqlite_db: Path, history: Run, private_home: Path
) -> None:
    for n in range(5):
        history("actions", "add", "--title", f"Follow-up item {n}", "--kind", "preventive",
                "--separation", "1")  # fmt: skip
    lines = interview_screen(
        sqlite_db, private_home, ["interview", "followup", "E1"], 24, 80, "compare with"
    )
    shown = "\n".join(lines)
    assert "… and 6 more" in shown  # seven actions: one shown on a short terminal
    assert all(len(line) <= 80 for line in lines)
    # the whole header, the purpose and the first question on one screen
    assert "Ana Ruiz (E1)" in shown and "HR notes:" in shown and "Purpose" in shown
    assert "Overall, how does your work now compare" in shown and "s) Skip" in shown

    wide = interview_screen(
        sqlite_db, private_home, ["interview", "followup", "E1", "--resume"], 40, 120,
        "compare with",
    )  # fmt: skip
    assert "… and 5 more" in "\n".join(wide)  # two shown on a tall one
