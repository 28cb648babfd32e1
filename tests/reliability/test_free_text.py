"""Free text from outside: one validator on the way in, shown as text on the way out.

On the way in, every free-text value (an option, an environment variable, an answers file, a
questionnaire) is refused with one line when it holds control characters or bytes that are
not UTF-8, or is longer than the column it is stored in, with the same limit on SQLite and
PostgreSQL. On the way out, whatever is stored (an older retainkit stored anything) reaches
the terminal as text: control characters as visible escapes, Rich markup as the characters
it is; JSON stays exact.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.reliability.helpers import write_answers

HOSTILE_INTERVIEWER = "a\rb\x1b[2Jc"
ESCAPES = ("\x1b", "\r", "\x9b", "\x07")


@pytest.fixture
def leaver(cli: Run) -> Run:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    cli("depart", "E1", "--last-day", "2026-10-01", "--kind", "voluntary")
    return cli


def column_length(column: str) -> int:
    """A column's length as the model declares it ("table.column")."""
    from retainkit.storage.models import Base

    table, _, name = column.partition(".")
    length = getattr(Base.metadata.tables[table].c[name].type, "length", None)
    assert isinstance(length, int), column
    return length


def one_line_error(stderr: str, option: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option}: "), stderr
    assert not any(code in stderr for code in ESCAPES), repr(stderr)


def interviews(cli: Run) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = json.loads(
        cli("interview", "list", "--format", "json").stdout
    )
    return listed


@pytest.mark.parametrize("length", [201, 100_000])
def test_an_interviewer_longer_than_its_column_is_refused_alike_on_every_database(
    leaver: Run, tmp_path: Path, length: int
) -> None:
    """SQLite stored 100,000 characters; PostgreSQL failed with an internal error over 200."""
    answers = str(write_answers(tmp_path / "a.json", "exit"))
    for how in (["--decline"], ["--answers", answers]):
        result = leaver("interview", "exit", "E1", *how, "--interviewer", "x" * length, expect=2)
        one_line_error(result.stderr, "--interviewer")
        assert "at most 200 fit" in result.stderr
    assert interviews(leaver) == []
    leaver("interview", "exit", "E1", "--decline", "--interviewer", "x" * 200)
    assert [i["interviewer"] for i in interviews(leaver)] == ["x" * 200]


# Every option that fills a column of limited length, and that column.
LIMITED = [
    (["people", "add", "--employee-no", "E9", "--name", "{}"], "person.name"),
    (["people", "add", "--employee-no", "E9", "--name", "Ana", "--department", "{}"],
     "person.department"),
    (["people", "edit", "E1", "--title", "{}"], "person.title"),
    (["people", "edit", "E1", "--location", "{}"], "person.location"),
    (["actions", "add", "--title", "{}", "--kind", "remedial"], "action_item.title"),
    (["actions", "add", "--title", "T", "--kind", "remedial", "--owner", "{}"],
     "action_item.owner"),
    (["actions", "add", "--title", "T", "--kind", "remedial", "--scope", "{}"],
     "action_item.scope"),
    (["followup", "log", "E1", "--outcome", "reached", "--conclusion", "{}"],
     "contact.conclusion"),
    (["interview", "exit", "E1", "--decline", "--interviewer", "{}"], "interview.interviewer"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "column"), LIMITED, ids=[c for _, c in LIMITED])
def test_every_option_is_refused_one_character_over_its_column(
    leaver: Run, args: list[str], column: str
) -> None:
    length = column_length(column)
    result = leaver(*(arg.replace("{}", "x" * (length + 1)) for arg in args), expect=2)
    assert f"at most {length} fit" in result.stderr and len(result.stderr.splitlines()) == 1


def test_person_fields_are_as_long_as_their_columns() -> None:
    """The limits come from the models: what fits a column is taken, one more is not."""
    from retainkit.core.fields import FIELDS_BY_NAME

    for name in ("name", "department", "title", "location"):
        length = column_length(f"person.{name}")
        assert FIELDS_BY_NAME[name].parse("x" * length) == "x" * length
        with pytest.raises(ValueError, match=f"at most {length}"):
            FIELDS_BY_NAME[name].parse("x" * (length + 1))


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--interviewer", HOSTILE_INTERVIEWER),
        ("--interviewer", "Ana\x9b31m"),  # C1 CSI: an escape sequence in one character
        ("--why", "no\x1b]0;owned\x07thanks"),
        ("--interviewer", "J\udcfcrgen"),  # Latin-1 bytes on a UTF-8 command line
    ],
)
def test_control_characters_and_foreign_bytes_are_refused_at_the_door(
    leaver: Run, option: str, value: str
) -> None:
    result = leaver("interview", "exit", "E1", "--decline", option, value, expect=2)
    one_line_error(result.stderr, option)
    assert interviews(leaver) == []


def test_a_text_answer_with_control_characters_is_refused(leaver: Run, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.json", "exit")
    answers = json.loads(path.read_text(encoding="utf-8"))
    text_key = next(k for k, v in answers.items() if isinstance(v, str) and v.startswith("Answer"))
    answers[text_key] = "fine\x1b[8mhidden"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = leaver("interview", "exit", "E1", "--answers", str(path), expect=2)
    assert f"{text_key}: contains control characters" in result.stderr
    assert interviews(leaver) == []


def test_retainkit_user_is_checked_before_anything_is_done(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    for value in ("evil\x1b]0;title\x07\x1b[31m", "x" * 101):
        monkeypatch.setenv("RETAINKIT_USER", value)
        result = sqlite_cli("export", "excel", str(tmp_path / "out.xlsx"), expect=2)
        one_line_error(result.stderr, "RETAINKIT_USER")
        assert not (tmp_path / "out.xlsx").exists()
    monkeypatch.setenv("RETAINKIT_USER", "x" * 100)
    sqlite_cli("export", "excel", str(tmp_path / "out.xlsx"))
    monkeypatch.delenv("RETAINKIT_USER")
    rows = json.loads(sqlite_cli("audit", "list", "--format", "json").stdout)
    assert [row["actor"] for row in rows] == ["x" * 100]


# -- what is stored already reaches the terminal as text ---------------------------------

STORED = {
    "name": "[bold red]Ana[/bold red] :smile: \x1b[2J",
    "interviewer": HOSTILE_INTERVIEWER + "\x9b31m",
    "actor": "evil\x1b]0;title\x07\x1b[31mred",
}


def store_hostile_text(db: Path) -> None:
    """Text an older retainkit stored without a check: markup, escapes, a carriage return."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE person SET name = ?", (STORED["name"],))
        connection.execute("UPDATE interview SET interviewer = ?", (STORED["interviewer"],))
        connection.execute(
            "INSERT INTO audit_event (at, actor, action, target, row_count) "
            "VALUES ('2027-01-01 10:00:00', ?, 'export', 'x.xlsx', 1)",
            (STORED["actor"],),
        )
    connection.close()


def test_stored_escapes_and_markup_are_shown_as_text_never_run(
    sqlite_cli: Run, sqlite_db: Path
) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    sqlite_cli("depart", "E1", "--last-day", "2026-10-01", "--kind", "voluntary")
    sqlite_cli("interview", "exit", "E1", "--decline", "--interviewer", "Ben")
    store_hostile_text(sqlite_db)
    shown = ""
    for args in (
        ("people", "list"),
        ("people", "show", "E1"),
        ("interview", "show", "1"),
        ("interview", "list", "--format", "csv"),
        ("separation", "list"),
        ("audit", "list"),
        ("audit", "list", "--format", "csv"),
    ):
        result = sqlite_cli(*args)
        output = result.stdout + result.stderr
        # CSV rows end in CR LF, and a line break inside a quoted cell is data.
        unsafe = ESCAPES if "csv" not in args else ("\x1b", "\x9b", "\x07")
        assert not any(code in output for code in unsafe), (args, repr(output))
        shown += output
    # The markup and the emoji code are shown as written, not as style or a smiley.
    assert "[bold red]Ana[/bold red] :smile:" in shown
    assert "\\x1b[2J" in shown and "a\\rb\\x1b[2Jc\\x9b31m" in shown
    assert "evil\\x1b]0;title\\x07\\x1b[31mred" in shown


def test_json_output_stays_exact_and_safe(sqlite_cli: Run, sqlite_db: Path) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    sqlite_cli("depart", "E1", "--last-day", "2026-10-01", "--kind", "voluntary")
    sqlite_cli("interview", "exit", "E1", "--decline", "--interviewer", "Ben")
    store_hostile_text(sqlite_db)
    for args, key in (
        (("interview", "show", "1"), "interviewer"),
        (("interview", "list"), "interviewer"),
        (("audit", "list"), "actor"),
    ):
        raw = sqlite_cli(*args, "--format", "json").stdout
        assert not any(code in raw for code in ESCAPES), (args, repr(raw))
        data = json.loads(raw)
        record = data[-1] if isinstance(data, list) else data
        assert record[key] == STORED[key], args  # exact: escapes read back as stored
    [row] = json.loads(sqlite_cli("interview", "list", "--format", "json").stdout)
    assert row["name"] == STORED["name"]


def test_a_live_interview_shows_a_stored_name_as_text(sqlite_cli: Run, sqlite_db: Path) -> None:
    """The interview header is drawn with Rich markup; a name holding markup or an escape
    sequence is shown as it is, in a real terminal."""
    import pexpect

    from tests.test_terminal import spawn

    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("UPDATE person SET name = ?", ("[blink]Ana[/blink]\x1b]0;x\x07",))
    connection.close()
    child = spawn(["--db", str(sqlite_db), "interview", "stay", "E1"], sqlite_db.parent)
    child.expect("What do you enjoy")  # the first question: the header came before it
    header = child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert "[blink]Ana[/blink]\\x1b]0;x\\x07" in header, header
    assert "\x1b]0;x" not in header


def test_output_never_stops_half_way_on_text_that_cannot_be_written(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    """A lone surrogate stored by an older retainkit (from a JSON answers file) made every
    format of `interview show` fail part way, half a JSON document printed."""
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    sqlite_cli("depart", "E1", "--last-day", "2026-10-01", "--kind", "voluntary")
    sqlite_cli(
        "interview", "exit", "E1", "--answers", str(write_answers(tmp_path / "a.json", "exit"))
    )
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute(
            "UPDATE answer SET value = ? WHERE question_key = 'anything_else'",
            ('"bad \\udc80 here"',),
        )
    connection.close()
    env = {**os.environ, "RETAINKIT_DB": str(sqlite_db), "PYTHONIOENCODING": "utf-8"}
    for fmt in ("table", "json", "csv"):
        done = subprocess.run(
            [sys.executable, "-m", "retainkit", "interview", "show", "1", "--format", fmt],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, (fmt, done.stderr)
        text = done.stdout.decode("utf-8")  # valid UTF-8 throughout
        assert "bad \\udc80 here" in text, fmt
        if fmt == "json":
            document = json.loads(text)
            values = [a["value"] for a in document["answers"] if a["key"] == "anything_else"]
            assert values == ["bad \udc80 here"]  # exact: the escape reads back as stored


def test_a_text_setting_goes_through_the_same_check(sqlite_cli: Run) -> None:
    """A line break in smtp.from would put a header of the user's choosing in every digest."""
    result = sqlite_cli(
        "config", "set", "smtp.from", "hr@example.org\r\nBcc: all@example.org", expect=2
    )
    one_line_error(result.stderr, "smtp.from")
    assert sqlite_cli("config", "get", "smtp.from").stdout.strip() == ""  # still unset


def test_a_live_text_answer_is_checked_at_the_prompt(sqlite_cli: Run, typed: Any) -> None:
    """A typed answer the validator refuses is explained at the prompt and asked again; it
    was saved as it was, or (once refused on saving) an internal error that ended the
    interview."""
    from tests.conftest import ENTER
    from tests.test_interviews import CUSTOM, SAVE, WAREHOUSE_KEYS, answers, leaver

    leaver(sqlite_cli)
    sqlite_cli("questionnaire", "add", str(CUSTOM))
    keys = WAREHOUSE_KEYS.copy()
    keys[-1] = "=1+1" + ENTER + "\x7f" * 4 + "Shorter night shifts" + ENTER
    typed(sqlite_cli, "".join(keys) + SAVE, "interview", "exit", "E1",
          "--questionnaire", "warehouse-exit")  # fmt: skip
    assert answers(sqlite_cli, 1)["one_change"] == "Shorter night shifts"
