"""The contact plan through the CLI: planning, followup due (also under cron), logging,
skip and reschedule, interviews settling contacts, stay interviews, alumni."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Run

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2028, 2, 29)  # a leap day


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def add(cli: Run, number: str, *extra: str) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        number,
        "--name",
        f"Person {number}",
        "--hire-date",
        "2020-01-06",
        *extra,
    )


def timeline(cli: Run, number: str) -> list[dict[str, Any]]:
    return json.loads(cli("followup", "plan", number, "--format", "json").stdout)


def planned(cli: Run, number: str) -> dict[str, dict[str, Any]]:
    return {e["kind"]: e for e in timeline(cli, number) if e["status"] == "planned"}


def due(cli: Run, *args: str) -> list[dict[str, Any]]:
    """The planned contacts in followup due (not the action items and handovers)."""
    rows = json.loads(cli("followup", "due", "--format", "json", *args).stdout)
    return [row for row in rows if row["source"] == "contact"]


def test_depart_plans_the_contacts_after_leaving(cli: Run) -> None:
    add(cli, "E1", "--level", "senior", "--performance", "4")
    cli("depart", "E1", "--last-day", day(20), "--kind", "voluntary", "--notice-date", day(-10))
    plan = planned(cli, "E1")
    assert set(plan) == {
        "exit interview",
        "first follow-up",
        "mid follow-up",
        "yearly care",
        "rehire check",
    }
    assert plan["exit interview"]["note"] == f"due {day(-10)} to {day(20)}"
    assert plan["first follow-up"]["note"] == f"due {day(50)} to {day(80)}"
    [exit_row] = due(cli)
    assert (exit_row["kind"], exit_row["employee_no"], exit_row["priority"]) == (
        "exit interview",
        "E1",
        86,
    )


def test_due_sorts_by_priority_then_how_overdue(cli: Run) -> None:
    add(cli, "LOW", "--level", "staff")
    add(cli, "HIGH", "--level", "core", "--performance", "5")
    add(cli, "MID", "--level", "staff")
    cli("depart", "LOW", "--last-day", day(-40), "--kind", "involuntary")
    cli("depart", "MID", "--last-day", day(-55), "--kind", "involuntary")
    cli("depart", "HIGH", "--last-day", day(-31), "--kind", "voluntary")
    rows = due(cli)
    assert [r["employee_no"] for r in rows] == ["HIGH", "MID", "LOW"]
    assert [r["kind"] for r in rows] == ["first follow-up"] * 3
    assert rows[1]["priority"] == rows[2]["priority"] == 10
    assert due(cli, "--within", "0")[0]["employee_no"] == "HIGH"


def test_due_of_nothing_json_quiet_and_check(cli: Run) -> None:
    assert cli("followup", "due", "--format", "json").stdout.strip() == "[]"
    quiet = cli("followup", "due", "--quiet", "--check")
    assert quiet.stdout == "" and quiet.stderr == ""
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    ids = cli("followup", "due", "--quiet").stdout.split()
    assert ids == ["H1", str(due(cli)[0]["id"])]  # the open handover outranks the contact
    cli("followup", "due", "--check", "--quiet", expect=3)
    csv_lines = cli("followup", "due", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,employee_no,name,kind,due_from,due_to,overdue_days")
    assert csv_lines[0].endswith(",owner,source")
    assert csv_lines[1].startswith("1,E1,") and csv_lines[1].endswith(",handover")


@pytest.mark.parametrize("with_due", [False, True])
def test_followup_due_under_cron(
    tmp_path: Path, sqlite_cli: Run, sqlite_db: Path, with_due: bool
) -> None:
    if with_due:
        add(sqlite_cli, "E1")
        sqlite_cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    else:
        sqlite_cli("db", "upgrade")
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "TERM")}
    env["RETAINKIT_DB"] = str(sqlite_db)
    for args, code in ((["--quiet"], 0), (["--quiet", "--check"], 3 if with_due else 0)):
        done = subprocess.run(
            [sys.executable, "-m", "retainkit", "followup", "due", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            cwd=tmp_path,
        )
        assert done.returncode == code, done.stderr
        assert done.stderr == ""
        assert (done.stdout != "") is with_due


def test_do_not_contact_gets_nothing_and_setting_it_cancels_the_plan(cli: Run) -> None:
    add(cli, "E1", "--do-not-contact")
    cli("depart", "E1", "--last-day", day(10), "--kind", "voluntary")
    assert timeline(cli, "E1") == []
    add(cli, "E2")
    cli("depart", "E2", "--last-day", day(10), "--kind", "voluntary")
    assert planned(cli, "E2")
    cli("people", "edit", "E2", "--do-not-contact")
    events = timeline(cli, "E2")
    assert events and all(e["status"] == "cancelled" for e in events)
    assert {e["conclusion"] for e in events} == {"do not contact"}


def test_do_not_contact_from_an_import_cancels_too(cli: Run, tmp_path: Path) -> None:
    add(cli, "E2")
    cli("depart", "E2", "--last-day", day(10), "--kind", "voluntary")
    source = tmp_path / "dnc.csv"
    source.write_text("employee_no,do_not_contact\nE2,yes\n")
    cli("people", "import", str(source))
    assert planned(cli, "E2") == {}


def test_cancelling_a_separation_or_a_rehire_closes_the_plan(cli: Run) -> None:
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(10), "--kind", "voluntary")
    cli("separation", "cancel", "1", "--why", "wrong person")
    assert {e["conclusion"] for e in timeline(cli, "E1")} == {"separation cancelled"}
    add(cli, "E2")
    cli("depart", "E2", "--last-day", day(-100), "--kind", "voluntary")
    cli("people", "rehire", "E2", "--date", day(-1))
    assert planned(cli, "E2") == {}
    assert "rehired" in {e["conclusion"] for e in timeline(cli, "E2")}


def test_no_answer_retries_in_seven_days_then_unreachable(cli: Run) -> None:
    add(cli, "E1", "--preferred-channel", "phone")
    cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    [row] = due(cli)
    result = cli("followup", "log", str(row["id"]), "--outcome", "no_answer")
    assert f"retry from {day(7)}" in result.stderr
    assert due(cli, "--within", "6") == []
    [retry] = due(cli, "--within", "7")
    assert (retry["id"], retry["attempts"]) == (row["id"], 1)
    cli("followup", "log", "E1", "--outcome", "no answer")
    last = cli("followup", "log", f"#{row['id']}", "--outcome", "no_answer")
    assert "is unreachable" in last.stderr
    contacts = [e for e in timeline(cli, "E1") if e["kind"] == "contact"]
    assert [c["status"] for c in contacts] == ["no_answer"] * 3
    assert {c["channel"] for c in contacts} == {"phone"}


def test_a_conclusion_is_shown_with_the_next_contact(cli: Run) -> None:
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    cli(
        "followup",
        "log",
        "E1",
        "--outcome",
        "reached",
        "--channel",
        "email",
        "--note",
        "Long talk about the new team",
        "--conclusion",
        "Happy; open to coming back",
        "--rehire-interest",
        "maybe",
    )
    [first] = [e for e in timeline(cli, "E1") if e["kind"] == "contact"]
    assert (first["status"], first["channel"], first["rehire_interest"]) == (
        "reached",
        "email",
        "maybe",
    )
    mid = next(r for r in due(cli, "--within", "400") if r["kind"] == "mid follow-up")
    assert mid["last_conclusion"] == "Happy; open to coming back"


def test_log_rejects_bad_input_and_changes_nothing(cli: Run) -> None:
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    [row] = due(cli)
    for args, expected in (
        (["--outcome", "maybe"], "--outcome: 'maybe' is not one of"),
        (["--outcome", "reached", "--channel", "fax"], "--channel: 'fax' is not one of"),
        (["--outcome", "reached", "--rehire-interest", "sure"], "--rehire-interest"),
    ):
        assert expected in cli("followup", "log", "E1", *args, expect=2).stderr
    assert "no person" in cli("followup", "log", "E404", "--outcome", "reached", expect=2).stderr
    assert (
        "no planned contact 999"
        in cli("followup", "log", "#999", "--outcome", "reached", expect=2).stderr
    )
    assert due(cli) == [row]
    cli("followup", "log", str(row["id"]), "--outcome", "reached")
    again = cli("followup", "log", f"#{row['id']}", "--outcome", "reached", expect=2)
    assert "is done, not planned" in again.stderr


def test_yearly_care_done_plans_the_next_anniversary(cli: Run) -> None:
    add(cli, "E1")
    last_day = TODAY - timedelta(days=365 * 2)
    cli("depart", "E1", "--last-day", last_day.isoformat(), "--kind", "voluntary")
    care = next(e for e in timeline(cli, "E1") if e["kind"] == "yearly care")
    result = cli("followup", "log", f"#{care['id']}", "--outcome", "reached")
    assert "planned next:" in result.stderr and "yearly care" in result.stderr
    following = [
        e for e in timeline(cli, "E1") if e["kind"] == "yearly care" and e["status"] == "planned"
    ]
    assert len(following) == 1
    assert following[0]["date"] > TODAY.isoformat()


def test_skip_and_reschedule(cli: Run) -> None:
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(-35), "--kind", "voluntary")
    [row] = due(cli)
    cli("followup", "reschedule", str(row["id"]), "--to", day(3))
    assert due(cli, "--within", "2") == []
    [moved] = due(cli, "--within", "3")
    assert (moved["due_from"], moved["due_to"]) == (day(3), day(33))
    assert (
        "--to must be today or later"
        in cli("followup", "reschedule", str(row["id"]), "--to", day(-1), expect=2).stderr
    )
    cli("followup", "skip", str(row["id"]), "--why", "Spoke at the farewell party")
    assert due(cli, "--within", "30") == []
    skipped = next(e for e in timeline(cli, "E1") if e["id"] == row["id"])
    assert (skipped["status"], skipped["conclusion"]) == ("skipped", "Spoke at the farewell party")
    assert (
        "is skipped, not planned"
        in cli("followup", "skip", str(row["id"]), "--why", "x", expect=2).stderr
    )
    assert "not a contact number" in cli("followup", "skip", "abc", "--why", "x", expect=2).stderr


def test_interviews_settle_their_planned_contacts(cli: Run, typed: Any) -> None:
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(5), "--kind", "voluntary")
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    assert "exit interview" not in planned(cli, "E1")
    add(cli, "E2")
    cli("depart", "E2", "--last-day", day(5), "--kind", "voluntary")
    cli("interview", "exit", "E2", "--decline")
    exit_row = next(e for e in timeline(cli, "E2") if e["kind"] == "exit interview")
    assert exit_row["status"] == "declined"
    add(cli, "E3")
    cli("depart", "E3", "--last-day", day(-40), "--kind", "voluntary")
    typed(cli, "\x03", "interview", "followup", "E3", expect=130)
    # reasons, view changed (skipped), handover went smoothly, plans (skipped), eNPS 8,
    # would return: yes, stay in touch: yes, then save at the review
    keys = "1\r\r" + "\r" + "1\r" + "\r" + "8\r" + "1\r" + "y\r" + "s\r"
    typed(cli, keys, "interview", "followup", "E3", "--resume", "--mode", "phone")
    events = timeline(cli, "E3")
    contact = next(e for e in events if e["kind"] == "contact")
    assert (contact["status"], contact["channel"], contact["rehire_interest"]) == (
        "reached",
        "phone",
        "yes",
    )
    assert "first follow-up" not in planned(cli, "E3")


def test_stay_interviews_are_planned_for_high_performers_and_core(cli: Run, tmp_path: Path) -> None:
    add(cli, "HP", "--high-performer")
    add(cli, "CORE", "--level", "core")
    add(cli, "PLAIN")
    rows = json.loads(cli("stay", "due", "--format", "json").stdout)
    assert sorted(r["employee_no"] for r in rows) == ["CORE", "HP"]
    assert {r["kind"] for r in rows} == {"stay interview"}
    cli("people", "edit", "HP", "--not-high-performer")
    assert [r["employee_no"] for r in json.loads(cli("stay", "due", "-f", "json").stdout)] == [
        "CORE"
    ]
    stay_answers = {
        "like_most": "x",
        "frustrations": "x",
        "leave_trigger": "x",
        "keep_you": "x",
        "manager_support": 4,
        "growth": 4,
        "workload_heavy": 2,
        "pay_fair": 4,
        "flexibility": 4,
        "belonging": 4,
        "enps": 9,
        "retention_risk": "green",
    }
    path = tmp_path / "stay.json"
    path.write_text(json.dumps(stay_answers))
    cli("interview", "stay", "CORE", "--answers", str(path))
    assert json.loads(cli("stay", "due", "-f", "json").stdout) == []
    upcoming = json.loads(cli("stay", "due", "--within", "400", "-f", "json").stdout)
    [next_stay] = upcoming
    # A year on: the same day of the month (29 February has none next year: the 28th).
    try:
        a_year_on = TODAY.replace(year=TODAY.year + 1)
    except ValueError:
        a_year_on = date(TODAY.year + 1, 2, 28)
    assert next_stay["due_from"] == a_year_on.isoformat()
    cli("depart", "CORE", "--last-day", day(30), "--kind", "voluntary")
    assert json.loads(cli("stay", "due", "--within", "400", "-f", "json").stdout) == []


def test_cadence_settings_change_new_plans(cli: Run) -> None:
    cli("config", "set", "followup.first", "20-40")
    assert (
        "must be a range of days" in cli("config", "set", "followup.mid", "soon", expect=2).stderr
    )
    add(cli, "E1")
    cli("depart", "E1", "--last-day", day(-1), "--kind", "voluntary")
    assert planned(cli, "E1")["first follow-up"]["note"] == f"due {day(19)} to {day(39)}"


def test_alumni_tiers_pool_and_greetings(cli: Run) -> None:
    add(cli, "E1", "--notes", "Loves sailing", "--performance", "5")
    add(cli, "E2")
    add(cli, "E3")
    cli(
        "depart",
        "E1",
        "--last-day",
        (TODAY - timedelta(days=365 * 2 - 3)).isoformat(),
        "--kind",
        "voluntary",
    )
    cli("depart", "E2", "--last-day", day(-100), "--kind", "involuntary")
    alumni = {a["employee_no"]: a for a in json.loads(cli("alumni", "list", "-f", "json").stdout)}
    assert set(alumni) == {"E1", "E2"}
    assert alumni["E1"]["rehire_pool"] is True and alumni["E2"]["rehire_pool"] is False
    cli("alumni", "tier", "E1", "outstanding")
    outstanding = json.loads(cli("alumni", "list", "--tier", "outstanding", "-f", "json").stdout)
    assert [a["employee_no"] for a in outstanding] == ["E1"]
    assert "is not a former employee" in cli("alumni", "tier", "E3", "member", expect=2).stderr
    added = cli("alumni", "pool", "add", "E2")
    assert "planned: " in added.stderr and "rehire check" in added.stderr
    pool = json.loads(cli("alumni", "list", "--rehire-pool", "-f", "json").stdout)
    assert sorted(a["employee_no"] for a in pool) == ["E1", "E2"]
    cli("alumni", "pool", "remove", "E2")
    assert "rehire check" not in planned(cli, "E2")
    greetings = json.loads(cli("alumni", "greet", "-f", "json").stdout)
    assert [(g["employee_no"], g["occasion"], g["notes"]) for g in greetings] == [
        ("E1", "2 years since leaving", "Loves sailing")
    ]
    cli("config", "set", "alumni.dates", TODAY.strftime("%m-%d"))
    occasions = {
        (g["employee_no"], g["occasion"])
        for g in json.loads(cli("alumni", "greet", "-f", "json").stdout)
    }
    assert ("E2", f"company date {TODAY:%m-%d}") in occasions
    assert "not a month and day" in cli("config", "set", "alumni.dates", "13-40", expect=2).stderr


def test_config_set_stores_one_form_that_the_settings_snapshot_reads(
    sqlite_cli: Run, sqlite_db: Path
) -> None:
    from retainkit.cli.context import wall_clock
    from retainkit.core.settings import read_settings
    from retainkit.storage.database import Database

    for key, raw, stored in (
        ("followup.first", " 20 - 40 ", "20-40"),
        ("followup.retry_days", "007", "7"),
        ("smtp.starttls", "yes", "on"),
        ("alumni.dates", "6-1, 12-24", "06-01,12-24"),
        ("interview.manager", " Middle , performance>=4", "middle,performance>=4"),
        ("handover.items", "Keys ; ;Laptop", "Keys; Laptop"),
        ("cost.per_hire", "4700.0", "4700"),
    ):
        assert sqlite_cli("config", "set", key, raw).stderr.strip() == f"{key} = {stored}"
        assert sqlite_cli("config", "get", key).stdout.strip() == stored
    db = Database(str(sqlite_db), now=wall_clock)
    settings = read_settings(db)
    db.close()
    assert (settings.cadence.first, settings.cadence.retry_days) == ((20, 40), 7)
    assert (settings.cadence.mid, settings.cadence.max_tries) == ((180, 240), 3)  # defaults
    assert settings.smtp.starttls is True and settings.smtp.port == 587
    assert settings.alumni_dates == ((6, 1), (12, 24))
    assert settings.interview_manager == ("middle", "performance>=4")
    assert settings.handover_items == ("Keys", "Laptop")
    assert (settings.cost_per_hire, settings.cost_factors["senior"]) == (4700.0, 2.0)
    assert settings.report_min_group == 5


def test_a_bad_stored_setting_is_one_line_naming_the_fix(sqlite_cli: Run, sqlite_db: Path) -> None:
    import sqlite3

    add(sqlite_cli, "E1")
    sqlite_cli("config", "set", "followup.first", "30-60")
    with sqlite3.connect(sqlite_db) as connection:
        connection.execute("UPDATE setting SET value = 'soon' WHERE key = 'followup.first'")
    connection.close()
    sqlite_cli("people", "edit", "E1", "--department", "Sales")  # needs no setting
    result = sqlite_cli("depart", "E1", "--last-day", day(10), "--kind", "voluntary", expect=2)
    assert result.stderr.strip() == (
        "error: the stored setting followup.first = 'soon' must be a range of days like 30-60; "
        "fix it with: retainkit config set followup.first VALUE"
    )
