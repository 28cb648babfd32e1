"""Conditional questions: asked only when an earlier answer makes them relevant, validated
like the rest, stored as not asked (neither answered nor skipped), respected by answers
files, the template, the review and the previous-question key; in a real terminal too."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pexpect

from retainkit.core.library import BUILTIN_KEYS, builtin_source
from retainkit.core.questionnaires.loading import load_text
from tests.conftest import EXAMPLES, Run
from tests.test_terminal import EXIT_ANSWERS, a_leaver, answer, spawn

TODAY = date(2026, 11, 30)
PAGE_UP = "\x1b[5~"

HEAD = """\
key = "branching"
version = 1
kind = "exit"
title = { en = "Branching", zh = "分支" }
"""
QUESTIONS = """
[[questions]]
key = "pay"
type = "likert"
dimension = "pay"
prompt = { en = "My pay was fair", zh = "我的薪酬公平" }

[[questions]]
key = "pay_talk"
type = "yesno"
when = { question = "pay", at_most = 2 }
prompt = { en = "Did you raise pay with anyone?", zh = "您提过薪酬问题吗？" }

[[questions]]
key = "pay_who"
type = "text"
when = { question = "pay_talk", is = true }
prompt = { en = "Who did you talk to?", zh = "您和谁谈过？" }

[[questions]]
key = "next"
type = "choice"
prompt = { en = "What comes next?", zh = "接下来做什么？" }
choices = [
  { value = "job", en = "A job", zh = "工作" },
  { value = "study", en = "Study", zh = "学习" },
  { value = "rest", en = "A rest", zh = "休息" },
]

[[questions]]
key = "study_what"
type = "text"
when = [{ question = "next", in = ["study"] }, { question = "pay", at_least = 5 }]
prompt = { en = "What will you study?", zh = "您打算学什么？" }
"""


def branching(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "branching.toml"
    path.write_text(HEAD + QUESTIONS + extra, encoding="utf-8")
    return path


def test_a_condition_is_validated_like_the_rest(cli: Run, tmp_path: Path) -> None:
    assert "5 questions" in cli("questionnaire", "validate", str(branching(tmp_path))).stderr
    bad = (
        HEAD
        + QUESTIONS.replace(
            'when = { question = "pay", at_most = 2 }', 'when = { question = "pay_who", is = true }'
        )
        .replace(  # pay_talk looks ahead; pay_who at itself
            'when = { question = "pay_talk", is = true }',
            'when = { question = "pay_who", is = "x" }',
        )
        .replace('in = ["study"]', 'in = ["holiday"]')
        + """
[[questions]]
key = "late"
type = "yesno"
when = { question = "next", at_most = 2 }
prompt = { en = "Late?", zh = "晚吗？" }

[[questions]]
key = "loose"
type = "yesno"
when = { question = "pay" }
prompt = { en = "Loose?", zh = "松吗？" }

[[questions]]
key = "typo"
type = "yesno"
when = { question = "pay_talks", is = true }
prompt = { en = "Typo?", zh = "拼错？" }
"""
    )
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    lines = cli("questionnaire", "validate", str(path), expect=2).stderr.splitlines()
    assert lines[0].startswith("error: bad.toml: 6 problems in the questionnaire")
    assert lines[1:] == [
        "  line 15: question 'pay_talk': when refers to 'pay_who', which is not a question "
        "before this one (a condition looks back at an earlier answer)",
        "  line 21: question 'pay_who': when refers to 'pay_who', which is not a question "
        "before this one (a condition looks back at an earlier answer)",
        "  line 37: question 'study_what': when: 'holiday' is not a possible answer to 'next'",
        "  line 43: question 'late': when at_most is for likert and nps questions, within the "
        "scale",
        "  line 49: question 'loose': when needs exactly one of is, in, at_most or at_least",
        "  line 55: question 'typo': when refers to 'pay_talks', which is not a question "
        "before this one (a condition looks back at an earlier answer)",
    ]


def test_a_condition_on_a_text_answer_or_of_the_wrong_type_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    extra = """
[[questions]]
key = "on_text"
type = "yesno"
when = { question = "pay_who", is = "Ana" }
prompt = { en = "On text?", zh = "文本？" }

[[questions]]
key = "one_for_true"
type = "yesno"
when = { question = "pay_talk", is = 1 }
prompt = { en = "One?", zh = "一？" }
"""
    result = cli("questionnaire", "validate", str(branching(tmp_path, extra)), expect=2)
    assert (
        "question 'on_text': when refers to 'pay_who', a text question; a condition needs a "
        "fixed answer" in result.stderr
    )
    assert "question 'one_for_true': when: 1 is not a possible answer to 'pay_talk'" in (
        result.stderr
    )


def test_what_is_asked_follows_the_answers_in_order_and_a_chain_falls_together(
    tmp_path: Path,
) -> None:
    from retainkit.core.questionnaires.conditions import (
        next_question,
        no_longer_asked,
        previous_question,
    )

    questionnaire = load_text(branching(tmp_path).read_text(), "branching.toml")
    keys = [q.key for q in questionnaire.questions]
    assert next_question(questionnaire, {"pay": 4}) == keys.index("next")
    assert next_question(questionnaire, {"pay": 1}) == keys.index("pay_talk")
    assert next_question(questionnaire, {"pay": 1, "pay_talk": True}) == keys.index("pay_who")
    assert next_question(questionnaire, {"pay": 5, "next": "job"}) == keys.index("study_what")
    # changing pay to 4 drops pay_talk, and with it pay_who that follows from it
    answers: dict[str, Any] = {"pay": 4, "pay_talk": True, "pay_who": "My lead"}
    assert no_longer_asked(questionnaire, answers) == ["pay_talk", "pay_who"]
    # the previous question skips over one not asked
    assert previous_question(questionnaire, {"pay": 4}, keys.index("next")) == 0


def test_the_builtin_questionnaires_ask_a_follow_up_only_after_its_answer() -> None:
    from retainkit.core.questionnaires.conditions import next_question

    conditional = {}
    for key in BUILTIN_KEYS:
        questionnaire = load_text(builtin_source(key), f"{key}.toml")
        conditional[key] = {q.key for q in questionnaire.questions if q.when}
    assert conditional["exit"] == {"concern_about", "concern_detail"}
    assert conditional["followup-first"] == {"handover_open"}
    assert conditional["followup-mid"] == {"return_conditions"}
    exit_ = load_text(builtin_source("exit"), "exit.toml")
    keys = [q.key for q in exit_.questions]
    two_noes = {k: 3 for k in keys[: keys.index("safety_concern")]}
    two_noes |= {"safety_concern": False, "legal_concern": False}
    assert keys[next_question(exit_, two_noes) or 0] == "could_have_done"
    a_yes = two_noes | {"legal_concern": True}
    assert keys[next_question(exit_, a_yes) or 0] == "concern_about"


def test_an_answers_file_answering_a_question_not_asked_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    a_leaver(cli)
    answers = tmp_path / "answers.toml"
    answers.write_text(
        (EXAMPLES / "answers" / "written-exit.toml")
        .read_text()
        .replace('concern_detail = ""', 'concern_detail = "Wet floors"')
    )
    result = cli("interview", "exit", "E1024", "--answers", str(answers), expect=2)
    assert "1 problem(s) in the answers; nothing was recorded" in result.stderr
    assert (
        "concern_detail: answered, but it is asked only if safety_concern is true, or "
        "legal_concern is true; leave it empty" in result.stderr
    )
    assert json.loads(cli("interview", "list", "-f", "json").stdout) == []


def test_a_question_not_asked_is_stored_as_not_asked_and_not_counted_as_answered(
    cli: Run,
) -> None:
    a_leaver(cli)
    cli("interview", "exit", "E1024", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    shown = json.loads(cli("interview", "show", "1", "-f", "json").stdout)
    by_key = {a["key"]: a for a in shown["answers"]}
    for key in ("concern_about", "concern_detail"):
        assert (by_key[key]["not_asked"], by_key[key]["skipped"]) == (True, False), key
        assert by_key[key]["answered"] is False
    assert by_key["new_role"]["skipped"] is True  # left empty: skipped, not "not asked"
    [listed] = json.loads(cli("interview", "list", "-f", "json").stdout)
    assert listed["answered"] == len(shown["answers"]) - 2
    table = cli("interview", "show", "1").stdout
    assert "(not asked)" in table


def test_the_answers_template_says_when_a_question_is_asked(cli: Run) -> None:
    template = cli("questionnaire", "template", "exit").stdout
    before = template.split("concern_detail = ")[0].splitlines()
    assert before[-1] == (
        "# asked only if safety_concern is true, or legal_concern is true; otherwise leave it empty"
    )
    shown = json.loads(cli("questionnaire", "show", "followup-first", "-f", "json").stdout)
    [handover_open] = [q for q in shown["questions"] if q["key"] == "handover_open"]
    assert handover_open["when"] == [
        {"question": "handover_went", "in": ["some_gaps", "poorly"], "at_most": None,
         "at_least": None}
    ]  # fmt: skip
    assert handover_open["asked"] == "asked only if handover_went is With some gaps or Poorly"


def test_after_a_yes_in_an_answers_file_the_follow_ups_are_asked(cli: Run, tmp_path: Path) -> None:
    a_leaver(cli)
    path = tmp_path / "yes.toml"
    path.write_text(
        (EXAMPLES / "answers" / "written-exit.toml")
        .read_text()
        .replace("legal_concern = false", "legal_concern = true")
        .replace('concern_detail = ""', 'concern_detail = "Comments about my age"')
    )
    cli("config", "set", "actions.default_owner", "Head of People")
    cli("interview", "exit", "E1024", "--answers", str(path))
    shown = json.loads(cli("interview", "show", "1", "-f", "json").stdout)
    by_key = {a["key"]: a for a in shown["answers"]}
    assert by_key["concern_detail"]["value"] == "Comments about my age"
    assert by_key["concern_about"]["skipped"] is True  # asked, and left empty


def test_in_a_terminal_the_follow_up_is_asked_after_yes_and_dropped_when_it_becomes_no(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    child = spawn(
        ["--db", str(sqlite_db), "interview", "exit", "E1024", "--interviewer", "Maria"],
        private_home,
    )
    until_safety = EXIT_ANSWERS[: [s for s, _ in EXIT_ANSWERS].index("health or safety concern")]
    answer(child, until_safety)
    child.expect_exact("health or safety concern")
    child.send("y\r")
    child.expect_exact("harassment, discrimination")
    child.send("n\r")
    child.expect_exact("17 of 25")
    child.expect_exact("Who or what is the concern about?")
    child.send(PAGE_UP)  # back: to the question before, legal_concern
    child.expect_exact("16 of 25")
    child.send("n\r")
    child.expect_exact("Who or what is the concern about?")
    child.send("3\r")  # the workplace
    child.expect_exact("please describe it")
    child.send("Wet floors by the loading bay\r")
    answer(child, EXIT_ANSWERS[len(until_safety) + 2 :])
    child.expect_exact("Review the answers")
    child.send("c\r")
    child.expect_exact("Number of the answer to change (1-25")
    child.send("15\r")
    child.expect_exact("health or safety concern")
    child.send("n\r")
    child.expect_exact("no longer asked after this answer, so its answer was removed")
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("interview 1 completed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = json.loads(sqlite_cli("interview", "show", "1", "-f", "json").stdout)
    by_key = {a["key"]: a for a in shown["answers"]}
    assert by_key["safety_concern"]["value"] is False
    for key in ("concern_about", "concern_detail"):
        assert (by_key[key]["not_asked"], by_key[key]["value"]) == (True, None), key
    assert shown["actions"] == []  # the No raised nothing

    # A second leaver says No at once: the follow-ups never come up.
    sqlite_cli("people", "add", "--employee-no", "E2", "--name", "Li Na", "--manager-no", "M7")
    sqlite_cli("depart", "E2", "--last-day", "2026-12-20", "--kind", "voluntary")
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E2"], private_home)
    answer(child, EXIT_ANSWERS[: len(until_safety) + 2])
    child.expect_exact("19 of 25")  # could_have_done follows two No answers
    answer(child, EXIT_ANSWERS[len(until_safety) + 2 :])
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("interview 2 completed")
    child.expect(pexpect.EOF)
    child.close()
    assert "please describe it" not in (child.before or "")
    shown = json.loads(sqlite_cli("interview", "show", "2", "-f", "json").stdout)
    assert {a["key"] for a in shown["answers"] if a["not_asked"]} == {
        "concern_about",
        "concern_detail",
    }
