"""Each built-in interview held in Chinese, in a real pseudo-terminal, through the whole
flow (briefing, answers, a note, the review, the completion): none of the words retainkit or
questionary draw on the interview's screens is left in English."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest

from retainkit.base.words import INTERVIEW
from tests.conftest import EXAMPLES, TODAY_VARIABLE, Run
from tests.test_conversation import questions_of
from tests.test_terminal import spawn

TODAY = date(2026, 11, 30)
WRITTEN = EXAMPLES / "answers" / "written-exit.toml"
QUESTIONARY_DEFAULTS = (
    "(Use shortcuts or arrow keys)",
    "(Use arrow keys)",
    "(Use arrow keys to move",
    "(y/N)",
    "done",
    "selections",
)


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


CTRL_N = "\x0e"


def answer_keys(question: dict[str, Any]) -> list[tuple[str, str]]:
    """What a person types to answer a question of this type (a rating, a mark, a line),
    as (what the screen shows first, keys)."""
    return {
        "likert": [("", "3\r")],
        "yesno": [("", "n\r")],
        "choice": [("", "1\r")],
        "reasons": [("", "1\r"), ("其他原因", " \r")],
        "multi": [("", " \r")],
        "nps": [("", "7\r")],
        "text": [("", "很好\r")],
    }[question["type"]]


def answer_value(question: dict[str, Any]) -> Any:
    """The answer `answer_keys` gives, as a condition on it reads it."""
    first = question["choices"][0]["value"] if question["choices"] else None
    return {"likert": 3, "nps": 7, "yesno": False, "choice": first, "multi": [first]}.get(
        question["type"]
    )


def asked(question: dict[str, Any], given: dict[str, Any]) -> bool:
    """Whether a question is asked after the answers given (any of its conditions)."""
    if not question["when"]:
        return True
    for condition in question["when"]:
        value = given.get(condition["question"])
        if condition.get("is") is not None and value == condition["is"]:
            return True
        if condition.get("in") and (
            value in condition["in"]
            or (isinstance(value, list) and set(value) & set(condition["in"]))
        ):
            return True
        if (
            condition.get("at_most") is not None
            and value is not None
            and value <= condition["at_most"]
        ):
            return True
        if (
            condition.get("at_least") is not None
            and value is not None
            and value >= condition["at_least"]
        ):
            return True
    return False


def a_history(cli: Run, monkeypatch: pytest.MonkeyPatch, kind: str, days: int | None) -> None:
    """王伟: HR's notes, a stay interview she declined, an action promised then and done; for
    a follow-up, her exit interview and a call with its conclusion."""

    def on(day: date, *args: str) -> None:
        monkeypatch.setenv(TODAY_VARIABLE, day.isoformat())
        cli(*args)

    last_day = TODAY - timedelta(days=days or 0)
    before = last_day - timedelta(days=60)
    on(before, "people", "add", "--employee-no", "E1", "--name", "王伟", "--hire-date",
       "2020-03-01", "--level", "senior", "--notes", "希望下午联系\n曾休产假")  # fmt: skip
    on(before, "interview", "stay", "E1", "--decline", "--why", "太忙")
    on(before, "actions", "add", "--title", "讨论晋升路径", "--kind", "remedial",
       "--owner", "李娜", "--interview", "1", "--due", before.isoformat())  # fmt: skip
    on(before, "actions", "done", "1", "--outcome", "已晋升为组长")
    if kind != "stay":
        on(last_day, "depart", "E1", "--last-day", last_day.isoformat(), "--kind", "voluntary")
    if kind == "followup":
        on(last_day, "interview", "exit", "E1", "--answers", str(WRITTEN))
        on(TODAY, "followup", "log", "E1", "--outcome", "reached", "--conclusion", "在新公司很好")
    monkeypatch.setenv(TODAY_VARIABLE, TODAY.isoformat())


@pytest.mark.parametrize(
    ("kind", "questionnaire", "days_since_last_day"),
    [("exit", "exit", None), ("stay", "stay", None), ("followup", "followup-first", 40),
     ("followup", "followup-mid", 200)],
)  # fmt: skip
def test_an_interview_in_chinese_shows_no_english_of_retainkit(
    sqlite_db: Path,
    sqlite_cli: Run,
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    questionnaire: str,
    days_since_last_day: int | None,
) -> None:
    """The whole interview answered in Chinese: the briefing, every question answered, a
    note taken, an answer changed at the review, the completion with its scores."""
    a_history(sqlite_cli, monkeypatch, kind, days_since_last_day)
    questions = questions_of(sqlite_cli, questionnaire, "zh")
    child = spawn(
        ["--db", str(sqlite_db), "interview", kind, "E1", "--lang", "zh", "--interviewer", "李娜"],
        private_home,
    )  # the interviewer owns what the answers call for
    screen = io.StringIO()
    child.logfile_read = screen
    given: dict[str, Any] = {}
    for number, question in enumerate(questions, start=1):
        if not asked(question, given):
            continue  # asked only after a certain answer, which was not given
        given[question["key"]] = answer_value(question)
        child.expect_exact(f"第 {number}/{len(questions)} 题")
        if number == 1:
            child.send(CTRL_N)
            child.expect_exact("第 1 题的访谈人备注")
            child.send("对方很坦诚\r")
            child.expect_exact("第 1 题的备注已保存")
            child.expect_exact(f"第 1/{len(questions)} 题")
        for shown, keys in answer_keys(question):
            child.expect_exact(shown)
            child.send(keys)
    child.expect_exact("检查回答")
    child.send("c\r")
    child.expect_exact("要修改第几题")
    child.send("1\r")
    for shown, keys in answer_keys(questions[0]):
        child.expect_exact(shown)
        child.send(keys)
    child.expect_exact("访谈人备注：第 1 题")
    child.expect_exact("检查回答")
    child.send("s\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, plain(screen.getvalue())[-2000:]
    shown = plain(screen.getvalue())
    number = 3 if kind == "followup" else 2
    assert f"访谈 {number} 已完成；评分：" in shown and "访谈目的" in shown
    assert "讨论晋升路径：已完成" in shown and "已晋升为组长" in shown  # the briefing
    assert "人事备注：希望下午联系 / 曾休产假" in shown
    if kind == "followup":
        assert "离职访谈 2，已完成；原因：职业发展与晋升（主要）" in shown
        assert "最近一次回访" in shown and "在新公司很好" in shown
    if kind == "exit":
        assert "建议访谈人：领导层（职级：高层管理）" in shown
    left = [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", shown)
    ]
    assert left == [], shown[max(0, shown.find("done") - 300) : shown.find("done") + 100]
    listed = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert [row["status"] for row in listed][-1] == "completed"
    [note] = json.loads(sqlite_cli("interview", "show", str(number), "-f", "json").stdout)["notes"]
    assert note["text"] == "对方很坦诚"


def no_english(shown: str) -> list[str]:
    """The English fragments a screen shows, the commands it names left aside (a command
    is typed as it is, in any language)."""
    shown = re.sub(r"retainkit(?: [-\w.>]+)+", "", shown)
    return [
        fragment
        for fragment in english_fragments()
        if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", shown)
    ]


def test_the_messages_around_a_chinese_interview_are_in_chinese(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    """A late exit interview's warning, a declined one, a draft open in another terminal,
    an interview that cannot be held, and discarding a draft, asked and said in Chinese."""
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "王伟")
    sqlite_cli("people", "add", "--employee-no", "E2", "--name", "李娜")
    for person, last_day in (("E1", "2025-06-28"), ("E2", "2026-11-30")):
        sqlite_cli("depart", person, "--last-day", last_day, "--kind", "voluntary")
    late = sqlite_cli("interview", "exit", "E1", "--answers", str(WRITTEN), "--lang", "zh")
    assert "注意：本次离职访谈距最后工作日（2025-06-28）已 17 个月" in late.stderr
    declined = sqlite_cli("interview", "exit", "E2", "--decline", "--lang", "zh").stderr
    assert "已记录 E2 拒绝离职访谈" in declined and "请提供书面问卷" in declined
    said = [late.stderr, declined]

    sqlite_cli("people", "add", "--employee-no", "E3", "--name", "张伟")
    first = spawn(["--db", str(sqlite_db), "interview", "stay", "E3", "--lang", "zh"], private_home)
    first.expect_exact("第 1/")
    first.send("=1+1\r")  # refused in the box, in Chinese
    first.expect_exact("回答看起来像电子表格公式；请输入内容本身")
    first.send("\x15很好\r")
    first.expect_exact("第 2/")
    second = spawn(
        ["--db", str(sqlite_db), "interview", "stay", "E3", "--resume", "--lang", "zh"],
        private_home,
    )
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 2
    said.append(plain(second.before))
    assert "正在另一个终端中打开" in said[-1]
    first.sendintr()
    first.expect(pexpect.EOF)
    first.close()
    written = private_home / "answers.toml"
    written.write_text('like_most = "很好"\n')
    refused = [
        sqlite_cli("interview", "stay", "E3", "--answers", str(written), "--lang", "zh", expect=2),
        sqlite_cli("interview", "stay", "E1", "--decline", "--lang", "zh", expect=2),
        sqlite_cli("interview", "stay", "E3", "--lang", "zh", expect=2),  # no terminal here
    ]
    said += [result.stderr for result in refused]
    assert "没有可以提问的终端" in said[-1]
    assert "E3 有一份留任访谈草稿（3）；用 --resume 完成，或删除它" in said[-3]
    assert "E1 已离职；留任访谈只适用于在职员工" in said[-2]

    discard = spawn(
        ["--db", str(sqlite_db), "interview", "discard", "3", "--lang", "zh"], private_home
    )
    discard.expect_exact("删除草稿访谈 3（留任，E3，1 个回答）？")
    discard.send("y\r")
    discard.expect(pexpect.EOF)
    discard.close()
    assert discard.exitstatus == 0
    said.append(plain(discard.before))
    assert "已删除草稿访谈 3" in said[-1]
    assert no_english("\n".join(said)) == [], said


def test_a_checklist_says_what_was_marked_in_chinese_and_keeps_its_limit(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    """questionary's own answered line ("done (3 selections)") is replaced by the marks, in
    the interview's language; a fourth contributing reason is still refused."""
    from retainkit.core.reasons import taxonomy

    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "王伟")
    sqlite_cli("depart", "E1", "--last-day", TODAY.isoformat(), "--kind", "voluntary")
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1", "--lang", "zh"], private_home)
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect_exact("第 1/")
    child.send("1\r")
    child.expect_exact("其他原因")
    child.send(" \x1b[B \x1b[B \x1b[B \r")  # four marked: refused (said below the list)
    child.expect([pexpect.TIMEOUT], timeout=1)
    child.send(" \r")  # the fourth unmarked
    child.expect_exact("第 2/")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    shown = plain(screen.getvalue())
    others = [r.label("zh") for r in taxonomy().values()][1:4]
    assert "其他原因（最多 3 项） " + "、".join(others) in shown
    assert no_english(shown) == []
    [draft] = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert draft["answered"] == 1
    stored = json.loads(sqlite_cli("interview", "show", "1", "-f", "json").stdout)["answers"]
    assert len(stored[0]["value"]["contributing"]) == 3
