"""The interviewer's notes, in a real pseudo-terminal as an interviewer types: Ctrl-N at any
question opens a private note kept with the interview (draft too), shown by `interview
show`, never in a workbook, erased by `people forget`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pexpect

from tests.conftest import Run
from tests.test_conversation import (
    ALT_ENTER,
    Screen,
    at_the_first_text_box,
    finish,
    shown_answers,
    shows,
)
from tests.test_terminal import EXIT_ANSWERS, a_leaver, answer, spawn

TODAY = date(2026, 11, 30)
CTRL_N = "\x0e"
NOTE = "Tense when her manager came up; ask Bo Chen about the reorg"


def shown(cli: Run, number: int = 1) -> dict[str, object]:
    document: dict[str, object] = json.loads(
        cli("interview", "show", str(number), "-f", "json").stdout
    )
    return document


def workbook_text(path: Path) -> str:
    from openpyxl import load_workbook

    return "\n".join(
        str(value)
        for sheet in load_workbook(path).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_a_note_taken_at_a_question_is_shown_kept_out_of_workbooks_and_forgotten(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path, tmp_path: Path
) -> None:
    a_leaver(sqlite_cli)
    sqlite_cli("people", "add", "--employee-no", "E2002", "--name", "Bo Chen")
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    screen = Screen(child)
    answer(child, EXIT_ANSWERS[:5])
    child.expect_exact("My manager supported me")
    shows(child, screen, "Ctrl-N: note")  # the key, shown with every question
    child.send(CTRL_N)
    child.expect_exact("Interviewer's note at question 5")
    child.send(NOTE.replace("; ", ";" + ALT_ENTER) + "\r")
    child.expect_exact("note kept at question 5")
    child.expect_exact("My manager supported me")  # asked again, the note at hand
    shows(child, screen, "edit the note")
    child.send("1\r")
    answer(child, EXIT_ANSWERS[6:])
    child.expect_exact("Interviewer's notes at questions 5")  # under the review
    finish(child)

    written = NOTE.replace("; ", ";\n")
    notes = shown(sqlite_cli)["notes"]
    assert notes == [
        {
            "number": 5,
            "question_key": "manager_support",
            "question": "My manager supported me and gave me useful feedback.",
            "text": written,
            "noted_at": notes[0]["noted_at"],  # type: ignore[index]
        }
    ]
    table = sqlite_cli("interview", "show", "1").stdout
    assert "Interviewer's notes" in table and "Tense when her manager" in table
    assert shown_answers(sqlite_cli)["manager_support"]["value"] == 1  # no answer of its own

    for anonymised in (True, False):
        target = tmp_path / f"book-{anonymised}.xlsx"
        flags = ["--anonymize"] if anonymised else []
        sqlite_cli("export", "excel", str(target), "--from", "2026-01-01", *flags)
        text = workbook_text(target)
        assert "Tense when" not in text and "reorg" not in text

    sqlite_cli("people", "forget", "E2002", "--yes")  # someone the note names
    [note] = shown(sqlite_cli)["notes"]  # type: ignore[misc]
    assert "Bo Chen" not in note["text"] and "P-" in note["text"]
    sqlite_cli("people", "forget", "E1024", "--yes")  # the interviewee
    assert shown(sqlite_cli)["notes"] == []
    stored = sqlite_db.read_bytes() + (
        sqlite_db.with_name(sqlite_db.name + "-wal").read_bytes()
        if sqlite_db.with_name(sqlite_db.name + "-wal").exists()
        else b""
    )
    assert b"Tense when" not in stored


def test_a_note_being_typed_survives_ctrl_c_and_resume_with_the_answer_being_typed(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    child = at_the_first_text_box(sqlite_db, sqlite_cli, private_home)
    child.send("The peo")
    child.send(CTRL_N)
    child.expect_exact("Interviewer's note at question 3")
    child.send("Smiled about the team")
    child.sendintr()
    child.expect_exact("the note being typed is kept with the draft")
    child.expect_exact("the text being typed is kept with the draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [n["text"] for n in shown(sqlite_cli)["notes"]] == ["Smiled about the team"]  # type: ignore[attr-defined]

    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    screen = Screen(child)
    child.expect_exact("value most about working here")
    shows(child, screen, "edit the note")
    shows(child, screen, "> The peo")  # the answer being typed, back in its box
    child.send(CTRL_N)
    child.expect_exact("Smiled about the team")  # the note, to go on writing
    child.send(", and the lunches\r")
    child.expect_exact("note kept at question 3")
    child.expect_exact("value most about working here")
    child.send("ple\r")
    answer(child, EXIT_ANSWERS[4:])
    finish(child)
    assert shown_answers(sqlite_cli)["what_worked"]["value"] == "The people"
    [note] = shown(sqlite_cli)["notes"]  # type: ignore[misc]
    assert (note["number"], note["text"]) == (3, "Smiled about the team, and the lunches")


def test_an_emptied_note_is_removed_and_page_up_leaves_a_note_as_it_was(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    a_leaver(sqlite_cli)
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    child.expect_exact("main reasons you decided to leave")
    child.send(CTRL_N)
    child.expect_exact("Interviewer's note at question 1")
    child.send("First thought\r")
    child.expect_exact("note kept at question 1")
    child.send(CTRL_N)
    child.expect_exact("First thought")
    child.send(" changed" + "\x1b[5~")  # PgUp: back to the question, the note unchanged
    child.expect_exact("main reasons you decided to leave")
    child.send(CTRL_N)
    child.expect_exact("First thought")
    child.send("\x15\r")  # Ctrl-U empties the box
    child.expect_exact("note at question 1 removed")
    answer(child, EXIT_ANSWERS)
    finish(child)
    assert shown(sqlite_cli)["notes"] == []


def test_notes_in_the_service_on_each_database(cli: Run, db_url: str) -> None:
    """One note per question, replaced when written again, removed when emptied, refused
    when it is no text to keep; the draft's notes come back on resume; discarding or
    forgetting takes them along."""
    import pytest

    from retainkit.cli.context import wall_clock
    from retainkit.core.interviews.notes import NOTE_LIMIT, save_note
    from retainkit.core.interviews.planning import start
    from retainkit.core.interviews.records import discard, interview_detail
    from retainkit.storage.database import Database

    a_leaver(cli)
    db = Database(db_url, now=wall_clock)
    try:
        plan = start(db, "E1024", "exit", today=TODAY, lang="en")
        assert save_note(db, plan.interview_id, "growth", "  Wants a lead role  ") == (
            "Wants a lead role"
        )
        save_note(db, plan.interview_id, "reasons", "First\nSecond")
        save_note(db, plan.interview_id, "growth", "Wants a lead role, soon")
        for bad in ("x" * (NOTE_LIMIT + 1), "stray \x1b[2J", "=HYPERLINK()"):
            with pytest.raises(ValueError):
                save_note(db, plan.interview_id, "growth", bad)
        resumed = start(db, "E1024", "exit", today=TODAY, lang="en", resume=True)
        assert dict(resumed.notes) == {
            "reasons": "First\nSecond",
            "growth": "Wants a lead role, soon",
        }
        shown = interview_detail(db, plan.interview_id, "zh").notes
        assert [(n.number, n.question_key) for n in shown] == [(1, "reasons"), (7, "growth")]
        assert shown[1].question == "我在这里有真正的学习和职业发展机会。"
        assert save_note(db, plan.interview_id, "reasons", " ") is None
        assert [n.question_key for n in interview_detail(db, plan.interview_id, "en").notes] == [
            "growth"
        ]
        discard(db, plan.interview_id)
        plan = start(db, "E1024", "exit", today=TODAY, lang="en")
        save_note(db, plan.interview_id, "growth", "Ana Ruiz wants a lead role")
    finally:
        db.close()
    cli("people", "forget", "E1024", "--yes")
    notes = json.loads(cli("interview", "show", str(plan.interview_id), "-f", "json").stdout)
    assert notes["notes"] == []


def test_a_note_the_database_refuses_is_offered_again_and_the_interview_goes_on(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    import sqlite3

    a_leaver(sqlite_cli)
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    child.expect_exact("main reasons you decided to leave")
    with sqlite3.connect(sqlite_db) as connection:  # the disk refuses every new note
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON interview_note "
            "BEGIN SELECT RAISE(ABORT, 'disk refuses'); END"
        )
    connection.close()
    child.send(CTRL_N)
    child.expect_exact("Interviewer's note at question 1")
    child.send("Long pause before answering\r")
    child.expect_exact("the note could not be saved")
    child.expect_exact("main reasons you decided to leave")  # the interview goes on
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("DROP TRIGGER refuse")
    connection.close()
    child.send(CTRL_N)
    child.expect_exact("Long pause before answering")  # what was typed, not lost
    child.send("\r")
    child.expect_exact("note kept at question 1")
    answer(child, EXIT_ANSWERS)
    finish(child)
    [note] = shown(sqlite_cli)["notes"]  # type: ignore[misc]
    assert note["text"] == "Long pause before answering"
