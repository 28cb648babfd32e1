"""`people forget` and `db purge`: the data is gone from the database file, its log and
every later export; reports do not change; the audit log says what happened."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.reliability.helpers import database_text, found, people, personal, workbook_text

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2028, 2, 29)  # a leap day: a year before it has no 29 February

REPORTS = [
    ("reasons", "--from", "2020-01-01"),
    ("turnover", "--from", "2020-01-01"),
    ("scores", "--from", "2020-01-01"),
    ("interviews", "--from", "2020-01-01"),
    ("followups", "--from", "2020-01-01"),
    ("turnover", "--from", "2020-01-01", "--by", "department"),
]


def reports(cli: Run) -> list[Any]:
    return [json.loads(cli("report", *args, "--format", "json").stdout) for args in REPORTS]


def interviewed_leaver(cli: Run) -> dict[str, Any]:
    """A leaver with a completed exit interview whose name nobody else has."""
    everyone = people(cli)
    names = [p["name"] for p in everyone.values()]
    interviews = json.loads(
        cli("interview", "list", "--status", "completed", "--format", "json").stdout
    )
    for interview in interviews:
        person = everyone[interview["employee_no"]]
        if (
            interview["kind"] == "exit"
            and names.count(person["name"]) == 1
            and person["email"]
            and person["phone"]
        ):
            return person
    raise AssertionError("the demo has no suitable leaver")


def text_answers(cli: Run, employee_no: str) -> list[Any]:
    listed = json.loads(
        cli("interview", "list", "--person", employee_no, "--format", "json").stdout
    )
    values = []
    for interview in listed:
        shown = json.loads(
            cli("interview", "show", str(interview["id"]), "--format", "json").stdout
        )
        values += [a["value"] for a in shown["answers"] if a["type"] == "text"]
    return values


def test_forget_erases_everywhere_and_keeps_the_figures(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    cli("demo")
    cli("config", "set", "report.min_group", "1")
    person = interviewed_leaver(cli)
    number = person["employee_no"]
    values = personal(person)
    assert len(values) == 4
    assert any(v for v in text_answers(cli, number)), "the leaver gave free-text answers"
    # Others wrote about them: a colleague's notes and an action item's title.
    colleague = next(n for n in people(cli) if n != number)
    cli("people", "edit", colleague, "--add-note", f"Spoke with {person['name']} ({number})")
    earlier = tmp_path / "earlier.xlsx"
    cli("export", "excel", str(earlier), "--from", "2020-01-01")
    if "://" not in db_url:
        cli("db", "backup", str(tmp_path / "before.db"))
    assert found(values, database_text(db_url)) == values
    before = reports(cli)

    refused = cli("people", "forget", number, expect=2)
    assert "--yes" in refused.stderr
    assert people(cli)[number]["name"] == person["name"]  # nothing changed

    result = cli("people", "forget", number, "--yes")
    assert f"forgot {number}: now P-" in result.stderr
    assert str(earlier) in result.stderr  # copies made earlier are listed
    if "://" not in db_url:
        assert str(tmp_path / "before.db") in result.stderr
        assert not Path(db_url + "-wal").exists() or Path(db_url + "-wal").stat().st_size == 0
    pseudonym = result.stderr.split("now ")[1].split(";")[0]

    assert found(values, database_text(db_url)) == []
    assert reports(cli) == before
    after = tmp_path / "after.xlsx"
    cli("export", "excel", str(after), "--from", "2020-01-01")
    assert found(values, [workbook_text(after)]) == []
    assert found(values, [workbook_text(earlier)]) == values[:2]  # the earlier copy, as listed

    forgotten = people(cli)[pseudonym]
    assert forgotten["name"] == pseudonym
    assert forgotten["email"] is None and forgotten["phone"] is None
    assert forgotten["salary"] is None and forgotten["notes"] is None
    assert forgotten["do_not_contact"] is True
    assert forgotten["department"] == person["department"]  # reports still count it
    assert all(v is None for v in text_answers(cli, pseudonym))
    assert f"Spoke with {pseudonym} ({pseudonym})" in (people(cli)[colleague]["notes"] or "")
    due = cli("followup", "due", "--within", "3650", "--format", "json").stdout
    assert pseudonym not in due

    audit = json.loads(cli("audit", "list", "--format", "json").stdout)
    actions = [event["action"] for event in audit]
    assert "export" in actions and "forget" in actions
    erased = next(event for event in audit if event["action"] == "forget")
    assert erased["target"] == pseudonym and erased["rows"] >= 3
    assert "person 1" in erased["detail"] and "answer " in erased["detail"]
    assert found(values, [json.dumps(audit).encode()]) == []

    again = cli("people", "forget", pseudonym, "--yes")
    assert "forgotten already" in again.stderr
    cli("people", "forget", number, "--yes", expect=2)  # the old number is gone too


def test_forget_asks_at_a_terminal(sqlite_cli: Run, typed: Any, sqlite_db: Path) -> None:
    sqlite_cli(
        "people", "add", "--employee-no", "E1", "--name", "Ana Lee", "--email", "ana@example.org"
    )
    typed(sqlite_cli, "n\r", "people", "forget", "E1", expect=2)
    assert "E1" in people(sqlite_cli)
    typed(sqlite_cli, "y\r", "people", "forget", "E1")
    assert "E1" not in people(sqlite_cli)
    assert found(["Ana Lee", "ana@example.org"], database_text(str(sqlite_db))) == []


@pytest.mark.parametrize("bad", ["E 1", "nobody"])
def test_forget_refuses_unknown_or_malformed_numbers(sqlite_cli: Run, bad: str) -> None:
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Lee")
    result = sqlite_cli("people", "forget", bad, "--yes", expect=2)
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_purge_erases_those_who_left_before_the_retention_period(cli: Run, db_url: str) -> None:
    cli("demo")
    cli("config", "set", "report.min_group", "1")
    everyone = people(cli)
    separations = json.loads(
        cli("separation", "list", "--status", "open", "--format", "json").stdout
    )
    try:
        cutoff = TODAY.replace(year=TODAY.year - 1).isoformat()
    except ValueError:  # a year before 29 February: the 28th
        cutoff = date(TODAY.year - 1, 2, 28).isoformat()
    last: dict[str, str] = {}
    for row in separations:
        last[row["employee_no"]] = max(last.get(row["employee_no"], ""), row["last_day"])
    old = [n for n, day in last.items() if day < cutoff and everyone[n]["status"] != "active"]
    recent = [n for n, day in last.items() if day >= cutoff]
    assert old and recent
    before = reports(cli)

    result = cli("db", "purge", "--older-than", "1", expect=2)  # not confirmed
    assert f"{len(old)} people" in result.stderr
    result = cli("db", "purge", "--older-than", "1", "--yes")
    assert f"erased the personal data of {len(old)} people" in result.stderr

    now = people(cli)
    assert not set(old) & set(now)
    assert set(recent) <= set(now)
    gone = [v for n in old for v in personal(everyone[n])[:1] + personal(everyone[n])[2:]]
    assert found(gone, database_text(db_url)) == []
    assert reports(cli) == before
    audit = json.loads(cli("audit", "list", "--action", "purge", "--format", "json").stdout)
    assert len(audit) == 1 and f"{len(old)} people" in audit[0]["detail"]
    again = cli("db", "purge", "--older-than", "1", "--yes")
    assert "nothing to erase" in again.stderr
    cli("db", "purge", "--older-than", "0", "--yes", expect=2)


def test_the_finder_replaces_whole_names_numbers_emails_and_phones_only() -> None:
    from retainkit.core.scrub import Finder

    finder = Finder(
        {
            "ana ruiz": "P-1",
            "e1001": "P-1",
            "ana.ruiz@example.org": "P-1",
            "+1 512 555 0101": "P-1",
            "王伟": "P-2",
        }
    )
    cases = {
        "Talk to ANA RUIZ today": "Talk to P-1 today",
        "E1001, not E10010 or XE1001": "P-1, not E10010 or XE1001",
        "mail ana.ruiz@example.org.": "mail P-1.",
        "call +1 512 555 0101 or +1 512 555 01012": "call P-1 or +1 512 555 01012",
        "王伟说他要走": "P-2说他要走",
        "Anastasia Ruizova": "Anastasia Ruizova",
    }
    for text, expected in cases.items():
        assert finder.replace(text) == expected, text
    assert finder.found_in(json.dumps("王伟说"))  # as JSON stores it: \\u escapes
    assert not finder.found_in('"nothing to see"')


def test_a_forgotten_employee_is_never_planned_for_a_stay_interview(sqlite_cli: Run) -> None:
    sqlite_cli(
        "people", "add", "--employee-no", "E1", "--name", "Ana Lee", "--level", "core",
        "--high-performer", "--hire-date", "2020-01-01",
    )  # fmt: skip

    def planned(number: str) -> list[str]:
        rows = json.loads(sqlite_cli("followup", "plan", number, "-f", "json").stdout)
        return [row["kind"] for row in rows if row["status"] == "planned"]

    assert "stay interview" in planned("E1")
    pseudonym = sqlite_cli("people", "forget", "E1", "--yes").stderr.split("now ")[1][:12]
    assert planned(pseudonym) == []
    sqlite_cli("people", "edit", pseudonym, "--level", "senior")  # re-plans this person
    sqlite_cli("people", "edit", pseudonym, "--level", "core")
    assert planned(pseudonym) == []
