"""The live interview as a conversation, in a real pseudo-terminal as a person types:
nothing typed crashes it or is lost, every question can be skipped, answers of several
lines, the previous question, the review by number."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pexpect
import pyte

from tests.conftest import Run
from tests.test_terminal import EXIT_ANSWERS, a_leaver, answer, spawn

PAGE_UP = "\x1b[5~"
ALT_ENTER = "\x1b\r"


class Screen:
    """What the terminal shows, as a person sees it: prompt_toolkit redraws only the cells
    that change, so a message is not always one run of characters in the output."""

    def __init__(self, child: pexpect.spawn, rows: int = 30, columns: int = 100) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        child.logfile_read = self

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        lines = self.screen.display
        return "\n".join(line.rstrip() for line in lines) + "\n" + "".join(lines)


def shows(child: pexpect.spawn, screen: Screen, text: str, seconds: int = 20) -> None:
    """Wait until the screen shows `text`; what was read stays for the next expect."""
    for _ in range(seconds * 5):
        if text in screen.text():
            return
        child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.2)
    raise AssertionError(f"{text!r} not on the screen:\n{screen.text()}")


def skip_keys(question: dict[str, Any]) -> str:
    """What a person types to skip a question of this type."""
    return {
        "likert": "s\r",
        "yesno": "s\r",
        "choice": "s\r",
        "reasons": "s\r",
        "multi": "\r",
        "nps": "\r",
        "text": "\r",
    }[question["type"]]


def questions_of(cli: Run, key: str, lang: str = "en") -> list[dict[str, Any]]:
    shown = json.loads(cli("questionnaire", "show", key, "--lang", lang, "-f", "json").stdout)
    questions: list[dict[str, Any]] = shown["questions"]
    return questions


def at_the_first_text_box(db: Path, cli: Run, home: Path) -> pexpect.spawn:
    """A live exit interview of a leaver, its first three questions answered, waiting at
    the first text box (what they valued most)."""
    a_leaver(cli)
    child = spawn(["--db", str(db), "interview", "exit", "E1024"], home)
    answer(child, EXIT_ANSWERS[:3])
    child.expect_exact("value most about working here")
    return child


def shown_answers(cli: Run, number: int = 1) -> dict[str, Any]:
    return {
        a["key"]: a
        for a in json.loads(cli("interview", "show", str(number), "-f", "json").stdout)["answers"]
    }


def finish(child: pexpect.spawn) -> None:
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("completed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_every_question_of_the_exit_interview_can_be_skipped(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    questions = questions_of(sqlite_cli, "exit")
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    for number, question in enumerate(questions, start=1):
        if question["when"]:
            continue  # asked only after a Yes: a skipped question is no Yes
        child.expect_exact(f"{number} of {len(questions)}")
        child.expect_exact(question["prompt"][:30])
        child.send(skip_keys(question))
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert set(stored) == {q["key"] for q in questions}
    follow_ups = {key for key, a in stored.items() if a["not_asked"]}
    assert follow_ups == {q["key"] for q in questions if q["when"]}
    assert all(a["skipped"] and a["value"] is None for a in stored.values() if not a["not_asked"])
    shown = json.loads(sqlite_cli("interview", "show", "1", "-f", "json").stdout)
    assert shown["scores"] == {}  # a skipped rating is missing, not a 0


def test_a_skipped_rating_leaves_its_dimension_to_the_answered_ones(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    keys = {"My manager supported me": "s\r", "My pay and benefits": "s\r"}
    steps = [(shown, keys.get(shown, typed)) for shown, typed in EXIT_ANSWERS]
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    answer(child, steps)
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert stored["manager_support"]["skipped"] and stored["pay_fair"]["skipped"]
    scores = json.loads(sqlite_cli("interview", "show", "1", "-f", "json").stdout)["scores"]
    assert "manager" not in scores and "pay" not in scores
    assert scores["growth"] == 50.0


def test_odd_input_is_refused_on_screen_and_the_interview_goes_on(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    screen = Screen(child)
    answer(child, EXIT_ANSWERS[:2])
    child.expect_exact("first think about leaving")
    child.send("x" * 12_000 + "\r")  # a paste longer than an answer holds
    shows(child, screen, "The answer is 12,000 characters long; at most 10,000 fit")
    child.send("\x15" + "It was the move\x1a\r")  # Ctrl-U empties the line; then a stray Ctrl-Z
    shows(child, screen, "The answer contains control characters")
    child.send("\x7f\r")  # Backspace takes the Ctrl-Z out
    answer(child, EXIT_ANSWERS[3:20])
    child.expect_exact("recommend us as an employer")
    child.send("²\r")  # a digit, but not a number from 0 to 10
    shows(child, screen, "a number from 0 to 10")
    child.send("\x7f7\r")
    answer(child, EXIT_ANSWERS[21:])
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert stored["decision_moment"]["value"] == "It was the move"
    assert stored["enps"]["value"] == 7


def test_an_answer_of_several_lines_and_a_stay_plan_split_on_both_semicolons(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    sqlite_cli("people", "add", "--employee-no", "E2001", "--name", "Li Na", "--manager-no", "M1")
    questions = questions_of(sqlite_cli, "stay")
    typed = {
        "like_most": "The team" + ALT_ENTER + "and the lunches\r",
        "stay_plan": "Talk about growth" + ALT_ENTER + "Mentor；Course; Review pay\r",
    }
    child = spawn(["--db", str(sqlite_db), "interview", "stay", "E2001"], private_home)
    for question in questions:
        child.expect_exact(question["prompt"][:30])
        if question["key"] == "like_most":
            child.expect_exact("Alt+Enter")  # the keys, shown with the question
        child.send(typed.get(question["key"], skip_keys(question)))
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert stored["like_most"]["value"] == "The team\nand the lunches"
    actions = json.loads(sqlite_cli("actions", "list", "-f", "json").stdout)
    assert sorted(a["title"] for a in actions) == [
        "Course",
        "Mentor",
        "Review pay",
        "Talk about growth",
    ]


def test_page_up_goes_back_and_the_review_changes_an_answer_by_number(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    answer(child, EXIT_ANSWERS[:4])  # up to "What did you value most", answered "Colleagues"
    child.expect_exact("did not work well for you")
    child.send("Half typed" + PAGE_UP)
    child.expect_exact("3 of 25")
    child.expect_exact("Colleagues")  # the earlier answer, in its box to change
    child.send("\x15Colleagues and clients\r")
    child.expect_exact("did not work well for you")
    child.expect_exact("Half typed")  # what was typed before going back is still there
    child.send(" and little feedback\r")
    answer(child, EXIT_ANSWERS[5:])
    child.expect_exact("Review the answers")
    child.send("c\r")
    child.expect_exact("Number of the answer to change (1-25")
    child.send("23\r")
    child.expect_exact("next role offer")
    child.send("A start-up\r")
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert stored["what_worked"]["value"] == "Colleagues and clients"
    assert stored["what_did_not"]["value"] == "Half typed and little feedback"
    assert stored["new_role"]["value"] == "A start-up"


def test_ctrl_c_while_typing_keeps_the_text_for_resume(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = at_the_first_text_box(sqlite_db, sqlite_cli, private_home)
    child.send("The people" + ALT_ENTER + "and the proj")
    child.sendintr()
    child.expect_exact("the text being typed is kept with the draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    [draft] = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert draft["answered"] == 2  # the text being typed is no answer yet

    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    child.expect_exact("Resuming draft 1: 2 answers kept.")
    child.expect_exact("is back in its answer box")
    child.expect_exact("Interview 1")  # the answers kept are shown before going on
    child.expect_exact("value most about working here")
    child.expect_exact("and the proj")
    child.send("ects\r")
    answer(child, EXIT_ANSWERS[4:])
    finish(child)
    assert shown_answers(sqlite_cli)["what_worked"]["value"] == "The people\nand the projects"


def test_an_answer_the_database_refuses_waits_and_is_saved_with_the_next(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = at_the_first_text_box(sqlite_db, sqlite_cli, private_home)
    with sqlite3.connect(sqlite_db) as connection:  # the disk refuses every new answer
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON answer "
            "BEGIN SELECT RAISE(ABORT, 'disk refuses'); END"
        )
    connection.close()
    child.send("Colleagues\r")
    child.expect_exact("1 answer(s) not saved yet")
    child.expect_exact("did not work well for you")
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("DROP TRIGGER refuse")
    connection.close()
    child.send("Little feedback\r")  # this answer is saved, and the one waiting with it
    answer(child, EXIT_ANSWERS[5:])
    child.expect_exact("Review the answers")
    with sqlite3.connect(sqlite_db) as connection:  # and now refuses to finish it
        connection.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE OF status ON interview "
            "BEGIN SELECT RAISE(ABORT, 'disk refuses'); END"
        )
    connection.close()
    child.send("s\r")
    child.expect_exact("the interview could not be finished")
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("DROP TRIGGER refuse")
    connection.close()
    finish(child)
    stored = shown_answers(sqlite_cli)
    assert stored["what_worked"]["value"] == "Colleagues"
    assert stored["what_did_not"]["value"] == "Little feedback"


def test_discard_asks_in_a_terminal_and_the_number_is_not_given_again(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = at_the_first_text_box(sqlite_db, sqlite_cli, private_home)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    for key, status in (("n", 2), ("y", 0)):
        child = spawn(["--db", str(sqlite_db), "interview", "discard", "1"], private_home)
        child.expect_exact("Discard draft interview 1 (exit, E1024, 2 answers)?")
        child.send(key)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == status
    assert json.loads(sqlite_cli("interview", "list", "-f", "json").stdout) == []
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    answer(child, EXIT_ANSWERS)
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("interview 2 completed")  # not 1: that was the discarded draft's
    child.expect(pexpect.EOF)
    child.close()


def test_a_draft_open_in_one_terminal_cannot_be_resumed_in_another(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    first = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    answer(first, EXIT_ANSWERS[:3])
    first.expect_exact("value most about working here")  # open, waiting for an answer
    second = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    second.expect_exact("draft 1 is open in another terminal")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 2
    first.send("Colleagues\r")  # the first terminal goes on as if nothing happened
    first.expect_exact("did not work well for you")

    first.kill(9)  # the window is closed: its lease ends with its process
    first.close(force=True)
    second = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    second.expect_exact("Resuming draft 1: 3 answers kept.")
    answer(second, EXIT_ANSWERS[4:])
    finish(second)
    assert shown_answers(sqlite_cli)["what_worked"]["value"] == "Colleagues"
