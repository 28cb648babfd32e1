"""Each built-in interview held in Chinese, in a real pseudo-terminal: none of the words
retainkit or questionary draw on the interview's screens is left in English."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pexpect
import pytest

from retainkit.base.words import INTERVIEW
from tests.conftest import EXAMPLES, Run
from tests.test_conversation import questions_of, skip_keys
from tests.test_terminal import spawn

TODAY = date(2026, 11, 30)
WRITTEN = EXAMPLES / "answers" / "written-exit.toml"
QUESTIONARY_DEFAULTS = ("(Use shortcuts or arrow keys)", "(Use arrow keys)", "(y/N)")


def english_fragments() -> list[str]:
    """The English words of the interview screens that a Chinese screen must not show:
    each text of the table, cut at its placeholders, where it differs from the Chinese."""
    fragments = set(QUESTIONARY_DEFAULTS)
    for english, chinese in INTERVIEW.values():
        for part in re.split(r"\{[a-z_]*\}", english):
            part = part.strip(" ;:.()")
            if re.search(r"[A-Za-z]{2}", part) and part not in chinese:
                fragments.add(part)
    return sorted(fragments)


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r", "", text)


@pytest.mark.parametrize(
    ("kind", "questionnaire", "days_since_last_day"),
    [("exit", "exit", None), ("stay", "stay", None), ("followup", "followup-first", 40),
     ("followup", "followup-mid", 200)],
)  # fmt: skip
def test_an_interview_in_chinese_shows_no_english_of_retainkit(
    sqlite_db: Path,
    sqlite_cli: Run,
    private_home: Path,
    kind: str,
    questionnaire: str,
    days_since_last_day: int | None,
) -> None:
    sqlite_cli(
        "people", "add", "--employee-no", "E1", "--name", "王伟", "--hire-date", "2020-03-01"
    )
    if kind != "stay":
        last_day = TODAY - timedelta(days=days_since_last_day or 0)
        sqlite_cli("depart", "E1", "--last-day", last_day.isoformat(), "--kind", "voluntary")
    if kind == "followup":  # an earlier interview for the header to list
        sqlite_cli("interview", "exit", "E1", "--answers", str(WRITTEN))
    questions = questions_of(sqlite_cli, questionnaire, "zh")
    child = spawn(["--db", str(sqlite_db), "interview", kind, "E1", "--lang", "zh"], private_home)
    screen = io.StringIO()
    child.logfile_read = screen
    for number, question in enumerate(questions, start=1):
        if question["when"]:
            continue  # asked only after a certain answer, and every one is skipped
        child.expect_exact(f"第 {number}/{len(questions)} 题")
        child.send(skip_keys(question))
    child.expect_exact("检查回答")
    child.send("s\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, plain(screen.getvalue())[-2000:]
    shown = plain(screen.getvalue())
    number = 2 if kind == "followup" else 1
    assert f"访谈 {number} 已完成" in shown and "访谈目的" in shown
    if kind == "followup":
        assert "离职访谈 1，已完成" in shown
    # the questionnaire's key in the header's title is its name, typed as it is given
    shown = re.sub(rf" · {re.escape(questionnaire)} v\d+", "", shown)
    left = [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", shown)
    ]
    assert left == [], shown
    listed = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert [row["status"] for row in listed] == ["completed"] * number
