"""A user's mistake is one line and exit 2, never an internal error; a value that is
legitimate (9999-12-31 for "no end date") is taken as what it means.

Each case here was an internal error (exit 1, or a crash part way) or was silently
accepted before: Latin-1 bytes on the command line, a blank employee number or name, the
HR systems' 9999-12-31, files nested 100,000 deep, a number of 10,000,001 digits, a lone
surrogate in an answers file, a questionnaire of 20,000 questions or a 5 MB purpose, and an
error message of a million characters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import valid_answers
from tests.reliability.test_bad_input import everything, write

QUESTIONNAIRE_HEAD = 'key = "big"\nversion = 1\nkind = "exit"\ntitle.en = "Big"\ntitle.zh = "大"\n'
QUESTION = (
    '\n[[questions]]\nkey = "q{n}"\ntype = "text"\noptional = true\n'
    'prompt.en = "Question {n}"\nprompt.zh = "问题 {n}"\n'
)


def questionnaire(questions: int, purpose: str | None = None) -> str:
    text = QUESTIONNAIRE_HEAD
    if purpose is not None:
        text += f'purpose.en = "{purpose}"\npurpose.zh = "目的"\n'
    return text + "".join(QUESTION.format(n=n) for n in range(questions))


def answers_with(key: str, value: object) -> str:
    answers: dict[str, object] = valid_answers("exit")
    answers[key] = value
    return json.dumps(answers)


def nested(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = [value]
    return value


DEEP = 100_000
Case = Callable[[Path], list[str]]
CASES: dict[str, Case] = {
    # -- the command line ----------------------------------------------------------------
    "Latin-1 bytes in a name": lambda d: [
        "people", "add", "--employee-no", "E9", "--name", "J\udcfcrgen M\udcfcller",
    ],
    "Latin-1 bytes in a filter": lambda d: ["people", "list", "--department", "Vertrieb S\udcfcd"],
    "Latin-1 bytes in an employee number": lambda d: ["people", "show", "E\udcfc1"],
    "a blank employee number": lambda d: ["people", "add", "--employee-no", " ", "--name", "Ana"],
    "an empty name": lambda d: ["people", "add", "--employee-no", "E9", "--name", ""],
    "a blank name": lambda d: ["people", "add", "--employee-no", "E9", "--name", "  "],
    "a blank name in an edit": lambda d: ["people", "edit", "E1", "--name", " "],
    # -- dates ---------------------------------------------------------------------------
    "a last day of 9999-12-31": lambda d: [
        "depart", "E1", "--last-day", "9999-12-31", "--kind", "voluntary",
    ],
    "a last day of 9999-12-30": lambda d: [
        "depart", "E1", "--last-day", "9999-12-30", "--kind", "voluntary",
    ],
    "a last day in year 1": lambda d: [
        "depart", "E1", "--last-day", "0001-01-01", "--kind", "voluntary",
    ],
    "a rehire on 9999-12-31": lambda d: ["people", "rehire", "E2", "--date", "9999-12-31"],
    "a range from 9999-12-31": lambda d: ["separation", "list", "--from", "9999-12-31"],
    # -- files nested too deep, numbers too long, text that is not text -------------------
    "answers in TOML nested 100,000 deep": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.toml", "a = " + "[" * DEEP + "]" * DEEP + "\n")),
    ],
    "answers in JSON nested 100,000 deep": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", "[" * DEEP + "]" * DEEP)),
    ],
    "answers nested 17 deep": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", answers_with("anything_else", nested(17)))),
    ],
    "a number of 10,000,001 digits": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", '{"enps": ' + "9" * 10_000_001 + "}")),
    ],
    "an answer holding a lone surrogate": lambda d: [
        "interview", "exit", "E2", "--answers",
        str(write(d / "a.json", answers_with("anything_else", "bad \udc80 here"))),
    ],
    "a questionnaire nested 100,000 deep": lambda d: [
        "questionnaire", "add",
        str(write(d / "q.toml", QUESTIONNAIRE_HEAD + "x = " + "[" * DEEP + "]" * DEEP + "\n")),
    ],
    # -- questionnaires within limits ------------------------------------------------------
    "a questionnaire of 20,000 questions": lambda d: [
        "questionnaire", "add", str(write(d / "q.toml", questionnaire(20_000))),
    ],
    "a questionnaire of 201 questions": lambda d: [
        "questionnaire", "add", str(write(d / "q.toml", questionnaire(201))),
    ],
    "a questionnaire with a 5 MB purpose": lambda d: [
        "questionnaire", "add", str(write(d / "q.toml", questionnaire(1, "x" * 5_000_000))),
    ],
    "a purpose of 4,001 characters": lambda d: [
        "questionnaire", "add", str(write(d / "q.toml", questionnaire(1, "x" * 4_001))),
    ],
    "a prompt with an escape sequence": lambda d: [
        "questionnaire", "add",
        str(write(d / "q.toml", questionnaire(1).replace("Question 0", "Question \\u001b[2J"))),
    ],
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_mistake_is_one_line_exit_2_and_changes_nothing(
    org: Run, sqlite_db: Path, tmp_path: Path, case: str
) -> None:
    args = CASES[case](tmp_path)
    before = everything(sqlite_db)
    result = org(*args, expect=2)
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error: "), result.stderr
    assert len(first) < 400 and all(line.startswith("  ") for line in rest), result.stderr
    assert "\udc80" not in result.stderr and "\udcfc" not in result.stderr
    assert result.stdout == ""
    assert everything(sqlite_db) == before


def test_9999_12_31_is_no_date_where_a_date_may_be_open(org: Run) -> None:
    """HR systems write 9999-12-31 for "no end date": an open notice date or hire date is
    no date, and a range to 9999-12-31 has no end."""
    org("people", "add", "--employee-no", "E9", "--name", "Ana", "--hire-date", "9999-12-31")
    org("depart", "E1", "--last-day", "2026-12-31", "--kind", "voluntary",
        "--notice-date", "9999-12-31")  # fmt: skip
    people = json.loads(org("people", "list", "--format", "json").stdout)
    assert {p["employee_no"]: p["hire_date"] for p in people}["E9"] is None
    separations = json.loads(
        org("separation", "list", "--to", "9999-12-31", "--format", "json").stdout
    )
    assert sorted(s["employee_no"] for s in separations) == ["E1", "E2"]
    assert {s["employee_no"]: s["notice_date"] for s in separations}["E1"] is None


def test_a_file_with_latin_1_bytes_in_its_name_is_still_read(org: Run, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in a path are a real file's name, not a mistake."""
    path = tmp_path / "Fragebogen-M\udcfcller.toml"
    path.write_text(questionnaire(3), encoding="utf-8")
    result = org("questionnaire", "validate", str(path))
    assert "ok: big version 1" in result.stderr


def test_a_questionnaire_at_its_limits_is_taken(org: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "q.toml", questionnaire(200, "x" * 4_000))
    org("questionnaire", "add", str(path))
    shown = json.loads(org("questionnaire", "show", "big", "--format", "json").stdout)
    assert len(shown["questions"]) == 200


# -- the error boundary caps what one error prints ----------------------------------------


def test_a_huge_error_line_is_cut_with_a_note(org: Run) -> None:
    result = org("interview", "show", "x" * 1_000_000, expect=2)
    [line] = result.stderr.splitlines()
    assert len(line) < 1_100
    assert line.endswith("more characters not shown)"), line[-80:]


def test_a_long_list_of_problems_is_cut_with_a_count(org: Run, tmp_path: Path) -> None:
    answers: dict[str, object] = valid_answers("exit")
    answers.update({f"unknown_{n}": "x" for n in range(300)})
    path = write(tmp_path / "a.json", json.dumps(answers))
    result = org("interview", "exit", "E2", "--answers", str(path), expect=2)
    first, *details = result.stderr.splitlines()
    assert first == "error: 300 problem(s) in the answers; nothing was recorded"
    assert len(details) == 51
    assert details[-1] == "  … and 250 more"
