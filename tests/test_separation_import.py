"""separation import: an HR system's history of leavers, all or nothing, planned only where
a contact's window is still open (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.conftest import EXAMPLES, Run

TODAY = date(2026, 11, 30)
HEADER = "employee_no,last_day,kind"


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def write(tmp_path: Path, text: str, name: str = "leavers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def add(cli: Run, number: str, *extra: str) -> None:
    cli("people", "add", "--employee-no", number, "--name", f"Person {number}", *extra)


def separations(cli: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("separation", "list", "--format", "json", *args).stdout)


def one(cli: Run, number: str) -> dict[str, Any]:
    [found] = separations(cli, "--person", number)
    return found


def people(cli: Run) -> dict[str, dict[str, Any]]:
    return {p["employee_no"]: p for p in json.loads(cli("people", "list", "-f", "json").stdout)}


def planned(cli: Run, number: str) -> dict[str, str]:
    """The planned contacts of a person: kind -> 'due FROM to TO'."""
    plan = json.loads(cli("followup", "plan", number, "--format", "json").stdout)
    return {e["kind"]: e["note"] for e in plan if e["status"] == "planned"}


def rows_in(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database

    db = Database(db_url, now=wall_clock)
    try:
        with db.read() as session:
            return [tuple(row) for row in session.execute(text(sql))]
    finally:
        db.close()


def handover_items(db_url: str) -> int:
    [(count,)] = rows_in(db_url, "SELECT count(*) FROM handover_item")
    return count


def imported(cli: Run, path: Path, *args: str, expect: int = 0) -> str:
    return cli("separation", "import", str(path), *args, expect=expect).stderr


def test_every_field_is_kept_on_the_separation(cli: Run, tmp_path: Path) -> None:
    add(cli, "E1", "--department", "Sales", "--title", "Rep", "--level", "staff")
    source = write(
        tmp_path,
        "employee_no,last_day,kind,notice_date,regrettable,rehire_eligible,primary_reason,"
        "contributing_reasons,note,department,title,level,manager_no,hire_date\n"
        "E1,2025-03-31,voluntary,2025-02-28,yes,no,compensation,workload; manager,"
        '"Left for a start-up.\nKeep in touch.",Engineering,Engineer,senior,M7,2019-04-01\n',
    )
    assert "imported 1 rows: 1 new separations" in imported(cli, source)
    found = one(cli, "E1")
    assert {k: found[k] for k in found if k not in ("id", "name")} == {
        "employee_no": "E1",
        "status": "open",
        "kind": "voluntary",
        "last_day": "2025-03-31",
        "notice_date": "2025-02-28",
        "regrettable": True,
        "rehire_eligible": False,
        "department": "Engineering",
        "title": "Engineer",
        "level": "senior",
        "manager_no": "M7",
        "hire_date": "2019-04-01",
        "cancel_reason": None,
        "rehired_on": None,
        "primary_reason": "compensation",
        "contributing_reasons": "workload; manager",
        "note": "Left for a start-up.\nKeep in touch.",
        "retention_decision": None,
        "decided_on": None,
        "decision_note": None,
    }
    person = people(cli)["E1"]
    assert (person["status"], person["department"], person["level"]) == (
        "departed",
        "Sales",  # the person's own fields are people import's business
        "staff",
    )


def test_without_those_columns_the_separation_keeps_the_person_and_depart_defaults(
    cli: Run, tmp_path: Path
) -> None:
    add(cli, "E1", "--department", "Sales", "--title", "Rep", "--level", "core")
    add(cli, "E1b", "--manager-no", "E1", "--hire-date", "2021-01-04", "--performance", "5")
    cli("people", "edit", "E1", "--manager-no", "M1", "--hire-date", "2020-02-03")
    source = write(tmp_path, f"{HEADER}\nE1,2025-06-30,involuntary\nE1b,2025-07-31,voluntary\n")
    imported(cli, source)
    first, second = one(cli, "E1"), one(cli, "E1b")
    assert (first["department"], first["title"], first["level"], first["manager_no"]) == (
        "Sales",
        "Rep",
        "core",
        "M1",
    )
    assert first["hire_date"] == "2020-02-03"
    # As depart decides: involuntary is not eligible for rehire; a good voluntary leaver is
    # a regrettable loss.
    assert (first["regrettable"], first["rehire_eligible"]) == (False, False)
    assert (second["regrettable"], second["rehire_eligible"]) == (True, True)


def test_the_systems_own_words_are_mapped_with_value(cli: Run, tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "Worker,Name,Term Date,Termination Category,Termination Reason,Other Reasons,Grade\n"
        "W1,Ana Ruiz,2025-01-31,Resignation,Better Pay,Career Move; Long Hours,IC\n"
        "W2,Ben Okafor,2025-02-28,resignation,Career Move,,IC\n"
        "W3,Chen Li,2025-03-31,Redundancy,Compensation and benefits,long hours,Lead\n",
    )
    options = [
        *("--map", "Worker=employee_no", "--map", "Termination Category=kind"),
        *("--map", "Other Reasons=contributing_reasons", "--map", "Grade=level"),
        *("--value", "kind:Resignation=voluntary", "--value", "kind:Redundancy=layoff"),
        *(
            "--value",
            "reason:Better Pay=compensation",
            "--value",
            "reason:Career Move=career_growth",
        ),
        *("--value", "contributing_reasons:Long Hours=workload"),
        *("--value", "level:IC=staff", "--value", "level:Lead=middle"),
    ]
    imported(cli, source, *options)
    found = {s["employee_no"]: s for s in separations(cli)}
    assert [(found[n]["kind"], found[n]["level"]) for n in ("W1", "W2", "W3")] == [
        ("voluntary", "staff"),
        ("voluntary", "staff"),
        ("layoff", "middle"),
    ]
    assert found["W1"]["primary_reason"] == "compensation"
    assert found["W1"]["contributing_reasons"] == "career_growth; workload"
    assert found["W2"]["primary_reason"] == "career_growth"
    # A reason's own label (as `reasons list` shows it) needs no mapping.
    assert found["W3"]["primary_reason"] == "compensation"
    assert found["W3"]["contributing_reasons"] == "workload"


def test_a_reason_given_twice_or_too_many_is_refused(cli: Run, tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,reason,other reasons\n"
        "E1,A,2025-01-31,voluntary,compensation,compensation\n"
        "E2,B,2025-01-31,voluntary,compensation,manager;workload;training;family\n"
        "E3,C,2025-01-31,voluntary,,manager\n",
    )
    message = imported(cli, source, expect=2)
    assert "3 bad rows, nothing imported" in message
    assert "row 2, column 'other reasons': compensation is the primary reason already" in message
    assert "row 3, column 'other reasons': names 4 contributing reasons; at most 3" in message
    assert "row 4, column 'other reasons': contributing reasons need a primary reason" in message
    assert separations(cli) == []


def test_dry_run_writes_nothing_at_all_and_says_what_it_understood(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "Worker,Name,Term Date,Type,Reason,Cost Center\n"
        "W1,Ana,2025-01-31,Resignation,Better Pay,C1\n"
        "W2,Ben,2025-02-28,Resignation,compensation,C1\n"
        "W3,Chen,2025-03-31,Dismissal,Performance,C2\n",
    )
    message = imported(
        cli,
        source,
        "--dry-run",
        *("--map", "Worker=employee_no", "--value", "kind:Resignation=voluntary"),
        *("--value", "kind:Dismissal=involuntary", "--value", "reason:Better Pay=compensation"),
        *("--value", "reason:Performance=involuntary_performance"),
    )
    assert "would import 3 rows: 3 new separations, 0 corrected, 0 unchanged; 3 people added" in (
        message
    )
    assert (
        "columns: 'Worker' -> employee_no, 'Name' -> name, 'Term Date' -> last_day, "
        "'Type' -> kind, 'Reason' -> primary_reason" in message
    )
    assert "kind: voluntary 2 ('Resignation' 2); involuntary 1 ('Dismissal' 1)" in message
    assert (
        "primary reason: compensation 2 ('Better Pay' 1, 'compensation' 1); "
        "involuntary_performance 1 ('Performance' 1)" in message
    )
    assert "columns not imported: Cost Center" in message
    assert "would plan: nothing" in message
    assert rows_in(db_url, "SELECT count(*) FROM person") == [(0,)]
    assert rows_in(db_url, "SELECT count(*) FROM separation") == [(0,)]


def test_a_dry_run_shows_what_it_understood_before_what_is_wrong(cli: Run, tmp_path: Path) -> None:
    """The mapping comes first, so --map and --value options can be written from it (it
    was left out when a row had a problem)."""
    source = write(tmp_path, "Worker,Term Date,Type\nW1,2025-01-31,Quit\nW2,2025-02-28,voluntary\n")
    message = imported(cli, source, "--dry-run", "--map", "Worker=employee_no", expect=2)
    lines = message.splitlines()
    assert lines[0] == "columns: 'Worker' -> employee_no, 'Term Date' -> last_day, 'Type' -> kind"
    assert lines[1] == "kind: voluntary 1"
    assert lines[2].startswith("error: leavers.csv: 2 bad rows")  # Quit; both unnamed


@pytest.mark.fresh_db
def test_dry_run_creates_no_database(cli: Run, db_url: str, tmp_path: Path) -> None:
    source = write(tmp_path, f"{HEADER},name\nE1,2025-01-31,voluntary,Ana\n")
    message = imported(cli, source, "--dry-run")
    assert "would import 1 rows" in message
    assert "created a new database" not in message
    if "://" not in db_url:
        assert not list(Path(db_url).parent.glob(f"{Path(db_url).name}*"))
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    schema = str(url.query["options"]).split("search_path=")[1]
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        found = connection.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchone()
    assert (found, tables) == ((1,), (0,))


def test_unknown_leavers_are_added_from_their_rows(cli: Run, tmp_path: Path) -> None:
    add(cli, "E1")
    source = write(
        tmp_path,
        "Employee ID,Full Name,Last Day,Kind,Department,Job Title,Level,Manager,Hire Date\n"
        "E1,,2025-01-31,voluntary,,,,,\n"
        "E9,Dana Park,2025-02-28,layoff,Support,Agent,staff,M2,2022-05-02\n",
    )
    assert "2 new separations, 0 corrected, 0 unchanged; 1 people added" in imported(cli, source)
    added = people(cli)["E9"]
    assert (added["name"], added["status"], added["department"], added["hire_date"]) == (
        "Dana Park",
        "departed",
        "Support",
        "2022-05-02",
    )
    assert one(cli, "E9")["title"] == "Agent"


def test_an_unknown_leaver_without_a_name_is_refused(cli: Run, tmp_path: Path) -> None:
    source = write(tmp_path, f"{HEADER}\nE9,2025-02-28,layoff\n")
    message = imported(cli, source, expect=2)
    assert "row 2, column 'name': E9 is not in retainkit, so the name is needed" in message
    assert people(cli) == {}


def test_known_only_refuses_the_file_and_lists_every_unknown_number(
    cli: Run, tmp_path: Path
) -> None:
    add(cli, "E1")
    lines = [f"E{n},Person {n},2025-01-31,voluntary" for n in range(1, 15)]
    source = write(tmp_path, "employee_no,name,last_day,kind\n" + "\n".join(lines) + "\n")
    message = imported(cli, source, "--known-only", expect=2)
    assert message.startswith("error: leavers.csv: 13 people not in retainkit, nothing imported")
    listed = [n.strip() for line in message.splitlines()[2:] for n in line.split(",")]
    assert listed == [f"E{n}" for n in range(2, 15)]
    assert separations(cli) == [] and set(people(cli)) == {"E1"}


def test_importing_the_same_file_again_changes_nothing(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,notice_date,primary_reason,contributing_reasons,note\n"
        f"E1,Ana,{day(20)},voluntary,{day(-10)},compensation,manager,Going abroad\n"
        f"E2,Ben,{day(-40)},voluntary,,manager,,\n"
        "E3,Chen,2023-05-31,retirement,,retirement,,\n",
    )
    imported(cli, source)
    tables = ("person", "separation", "separation_reason", "followup", "handover_item")
    before = {t: rows_in(db_url, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    message = imported(cli, source)
    assert "imported 3 rows: 0 new separations, 0 corrected, 3 unchanged; 0 people added" in (
        message
    )
    assert "planned: nothing" in message
    assert {t: rows_in(db_url, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == before


def test_a_corrected_file_updates_the_separation_of_the_same_person_and_last_day(
    cli: Run, tmp_path: Path
) -> None:
    header = "employee_no,name,last_day,kind,notice_date,regrettable,primary_reason,"
    header += "contributing_reasons,note,department\n"
    imported(
        cli,
        write(
            tmp_path,
            header + f"E1,Ana,{day(20)},involuntary,{day(-10)},no,manager,workload,First,Sales\n",
        ),
    )
    [separation] = separations(cli)
    before = planned(cli, "E1")
    assert "rehire check" not in before  # involuntary: not eligible for rehire
    corrected = write(
        tmp_path,
        header + f"E1,Ana,{day(20)},voluntary,{day(-5)},yes,compensation,,,\n",
        "corrected.csv",
    )
    message = imported(cli, corrected, "--value", "kind:Resignation=voluntary")
    assert "imported 1 rows: 0 new separations, 1 corrected, 0 unchanged" in message
    [after] = separations(cli)
    assert after["id"] == separation["id"]
    assert (after["kind"], after["notice_date"], after["regrettable"]) == (
        "voluntary",
        day(-5),
        True,
    )
    assert after["rehire_eligible"] is False  # stored, and the file does not say
    # Reasons are given together; an empty cell keeps what is stored.
    assert (after["primary_reason"], after["contributing_reasons"]) == ("compensation", None)
    assert (after["note"], after["department"]) == ("First", "Sales")
    # The plan follows: the exit interview opens on the new notice date, and takes the
    # priority of a regrettable voluntary leaver (staff level assumed: 10 + 20 + 10).
    assert planned(cli, "E1")["exit interview"] == f"due {day(-5)} to {day(20)}"
    due = json.loads(cli("followup", "due", "--format", "json").stdout)
    assert [(d["kind"], d["priority"]) for d in due] == [("exit interview", 40)]
    assert "rehire check" not in planned(cli, "E1")
    # Eligible for rehire after all: regrettable and eligible, so in the rehire pool.
    eligible = write(
        tmp_path, f"employee_no,last_day,rehire_eligible\nE1,{day(20)},yes\n", "again.csv"
    )
    assert "1 corrected" in imported(cli, eligible)
    assert planned(cli, "E1")["rehire check"] == "due 2027-06-20 to 2027-07-04"
    due = json.loads(cli("followup", "due", "--format", "json").stdout)
    assert [(d["kind"], d["priority"]) for d in due] == [("exit interview", 50)]


def test_history_is_planned_only_inside_windows_still_open(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,notice_date,regrettable,rehire_eligible\n"
        "OLD,Long Gone,2023-06-30,voluntary,2023-05-31,yes,yes\n"  # years ago
        f"RECENT,Just Left,{day(-40)},voluntary,{day(-70)},no,yes\n"  # first follow-up open
        f"SOON,Still Here,{day(20)},voluntary,{day(-10)},yes,yes\n",  # last day to come
    )
    message = imported(cli, source)
    assert planned(cli, "OLD") == {}
    assert planned(cli, "RECENT") == {
        "first follow-up": f"due {day(-10)} to {day(20)}",
        "mid follow-up": f"due {day(140)} to {day(200)}",
        "yearly care": f"due {day(318)} to {day(332)}",
    }
    # A last day to come is planned as depart plans it, handover checklist included.
    assert planned(cli, "SOON") == {
        "exit interview": f"due {day(-10)} to {day(20)}",
        "first follow-up": f"due {day(50)} to {day(80)}",
        "mid follow-up": f"due {day(200)} to {day(260)}",
        "yearly care": f"due {day(378)} to {day(392)}",
        "rehire check": "due 2027-06-20 to 2027-07-04",
    }
    assert rows_in(
        db_url,
        "SELECT p.employee_no, count(*) FROM handover_item h JOIN separation s "
        "ON s.id = h.separation_id JOIN person p ON p.id = s.person_id GROUP BY p.employee_no",
    ) == [("SOON", 5)]
    assert (
        "planned: exit interview 1, first follow-up 2, mid follow-up 2, yearly care 2, "
        "rehire check 1, handover checklist 1" in message
    )
    assert (
        "not planned, the window closed before today: exit interview 2, first follow-up 1, "
        "mid follow-up 1, yearly care 1, rehire check 1, handover checklist 2" in message
    )
    due = json.loads(cli("followup", "due", "--format", "json").stdout)
    assert {(d["employee_no"], d["kind"]) for d in due} == {
        ("RECENT", "first follow-up"),
        ("SOON", "exit interview"),
    }


def test_the_same_leaver_recorded_by_depart_is_planned_alike(cli: Run, tmp_path: Path) -> None:
    add(cli, "D1", "--level", "senior", "--performance", "4")
    add(cli, "I1", "--level", "senior", "--performance", "4")
    cli("depart", "D1", "--last-day", day(20), "--kind", "voluntary", "--notice-date", day(-10))
    imported(cli, write(tmp_path, f"{HEADER},notice_date\nI1,{day(20)},voluntary,{day(-10)}\n"))
    assert planned(cli, "I1") == planned(cli, "D1")
    due = json.loads(cli("followup", "due", "--format", "json").stdout)
    assert {(d["employee_no"], d["priority"]) for d in due} == {("D1", 86), ("I1", 86)}


def test_leavers_who_asked_not_to_be_contacted_get_no_plan(cli: Run, tmp_path: Path) -> None:
    add(cli, "E1", "--do-not-contact")
    message = imported(cli, write(tmp_path, f"{HEADER}\nE1,{day(-40)},voluntary\n"))
    assert planned(cli, "E1") == {}
    assert "1 leavers asked not to be contacted: nothing planned" in message


def test_an_active_person_who_left_stops_being_due_stay_interviews(
    cli: Run, tmp_path: Path
) -> None:
    add(cli, "E1", "--level", "core", "--hire-date", "2019-01-07")
    assert "stay interview" in planned(cli, "E1")
    imported(cli, write(tmp_path, f"{HEADER}\nE1,{day(-40)},voluntary\n"))
    assert people(cli)["E1"]["status"] == "departed"
    assert "stay interview" not in planned(cli, "E1")


def test_separations_of_people_who_came_back_are_kept_as_history(cli: Run, tmp_path: Path) -> None:
    # B1 works here again since 2024; B2 left twice, and the file says when B2 came back.
    add(cli, "B1", "--hire-date", "2024-03-04", "--level", "core")
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,hire_date\n"
        "B1,,2022-08-31,voluntary,2019-01-07\n"
        "B2,Bea,2021-04-30,voluntary,2018-01-08\n"
        f"B2,Bea,{day(-40)},voluntary,2022-09-01\n",
    )
    message = imported(cli, source)
    assert "kept as history, the person came back since: 2 from the file" in message
    first = one(cli, "B1")
    assert (first["status"], first["rehired_on"], first["hire_date"]) == (
        "rehired",
        "2024-03-04",
        "2019-01-07",
    )
    assert people(cli)["B1"]["status"] == "active"
    assert set(planned(cli, "B1")) == {"stay interview"}  # and nothing after leaving
    earlier, later = sorted(separations(cli, "--person", "B2"), key=lambda s: s["last_day"])
    assert (earlier["status"], earlier["rehired_on"]) == ("rehired", "2022-09-01")
    assert (later["status"], later["rehired_on"]) == ("open", None)
    assert people(cli)["B2"]["status"] == "departed"
    assert "first follow-up" in planned(cli, "B2")


def test_a_second_separation_beside_a_stored_one_needs_the_return_between(
    cli: Run, tmp_path: Path
) -> None:
    add(cli, "E1", "--hire-date", "2018-01-08")
    cli("depart", "E1", "--last-day", day(20), "--kind", "voluntary")
    [stored] = separations(cli)
    moved = write(tmp_path, f"{HEADER}\nE1,{day(10)},voluntary\n")
    message = imported(cli, moved, expect=2)
    assert (
        f"row 2, column 'last_day': E1 has separation {stored['id']} with last day {day(20)}; "
        "if the last day was corrected, cancel it first "
        f"(retainkit separation cancel {stored['id']} --why TEXT); if they left twice, give "
        "the hire date of their return in a hire date column" in message
    )
    assert len(separations(cli)) == 1
    # E2 left in 2020 and came back in 2021: the stored separation, hired 2021, shows it.
    add(cli, "E2", "--hire-date", "2021-02-01")
    cli("depart", "E2", "--last-day", day(20), "--kind", "voluntary")
    imported(cli, write(tmp_path, f"{HEADER}\nE2,2020-06-30,voluntary\n", "earlier.csv"))
    statuses = {
        s["last_day"]: (s["status"], s["rehired_on"]) for s in separations(cli, "--person", "E2")
    }
    assert statuses == {"2020-06-30": ("rehired", "2021-02-01"), day(20): ("open", None)}


def test_a_later_departure_in_the_file_closes_the_stored_one(cli: Run, tmp_path: Path) -> None:
    add(cli, "E1", "--hire-date", "2018-01-08")
    cli("depart", "E1", "--last-day", "2023-03-31", "--kind", "voluntary", "--regrettable")
    assert "rehire check" in planned(cli, "E1")
    source = write(tmp_path, f"{HEADER},hire_date\nE1,{day(-40)},voluntary,2024-01-08\n")
    message = imported(cli, source)
    assert "kept as history, the person came back since: 1 stored that were open" in message
    statuses = {s["last_day"]: (s["status"], s["rehired_on"]) for s in separations(cli)}
    assert statuses == {"2023-03-31": ("rehired", "2024-01-08"), day(-40): ("open", None)}
    assert planned(cli, "E1") == {  # the stored one's plan is cancelled: they came back
        "first follow-up": f"due {day(-10)} to {day(20)}",
        "mid follow-up": f"due {day(140)} to {day(200)}",
        "yearly care": f"due {day(318)} to {day(332)}",
    }


def test_a_cancelled_separation_stays_cancelled(cli: Run, tmp_path: Path) -> None:
    source = write(tmp_path, f"{HEADER},name\nE1,{day(-40)},voluntary,Ana\n")
    imported(cli, source)
    [separation] = separations(cli)
    cli("separation", "cancel", str(separation["id"]), "--why", "not a leaver")
    message = imported(cli, source)
    assert "1 rows name separations cancelled earlier: left cancelled" in message
    assert [s["status"] for s in separations(cli)] == ["cancelled"]
    # Recorded again for the same day, the one that stands is the one a row corrects.
    cli("depart", "E1", "--last-day", day(-40), "--kind", "involuntary")
    message = imported(cli, source)
    assert "0 new separations, 1 corrected, 0 unchanged" in message
    assert [(s["status"], s["kind"]) for s in separations(cli)] == [
        ("open", "voluntary"),
        ("cancelled", "voluntary"),
    ]


def test_bad_rows_are_all_named_grouped_and_nothing_is_written(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,notice_date,hire_date\n"
        "E1,Ana,2025-01-31,Resignation,,\n"
        "E2,Ben,2025-02-30,voluntary,,\n"
        "E3,Chen,2025-03-31,Resignation,,\n"
        "E4,Dana,2025-04-30,Resignation,,\n"
        "E5,Eve,2025-05-31,voluntary,2025-06-01,\n"
        "E6,Finn,2025-06-30,voluntary,,2025-07-01\n"
        "E7,Gus,,voluntary,,\n"
        "E8,Hal,2025-08-31,,,\n"
        "E9,Ida,2025-09-30,voluntary,,\n"
        "E9,Ida,2025-09-30,voluntary,,\n",
    )
    message = imported(cli, source, expect=2)
    lines = message.splitlines()
    assert lines[0] == "error: leavers.csv: 9 bad rows, nothing imported; fix them and import again"
    assert lines[1:] == [
        "  column 'kind', 3 rows (2, 4, 5): 'Resignation' is not a kind of separation (voluntary, "
        "involuntary, retirement, end_of_contract, layoff); map the word with --value "
        "'kind:Resignation=KIND'",
        "  row 3, column 'last_day': the value is not a date; use YYYY-MM-DD",
        "  row 6, column 'notice_date': the notice date is after the last day",
        "  row 7, column 'hire_date': the hire date is after the last day",
        "  row 8, column 'last_day': the last day is empty",
        "  row 9, column 'kind': the kind of separation is empty; give one",
        "  row 11, column 'last_day': E9 leaving on 2025-09-30 is also on row 10",
    ]
    assert rows_in(db_url, "SELECT count(*) FROM person") == [(0,)]
    assert rows_in(db_url, "SELECT count(*) FROM separation") == [(0,)]


def test_a_file_without_a_last_day_column_is_explained(cli: Run, tmp_path: Path) -> None:
    message = imported(cli, write(tmp_path, "employee_no,kind\nE1,voluntary\n"), expect=2)
    assert message.strip() == (
        "error: leavers.csv has no last day column; name it with --map 'Your Header=last_day'"
    )


def test_a_semicolon_latin1_export_with_its_own_date_format(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "austritte.csv"
    path.write_bytes(
        "Personalnummer;Name;Austrittsdatum;Art;Bemerkung\n"
        "P7;Jörg Müller;31.01.2025;voluntary;Zurück nach München\n".encode("latin-1")
    )
    options = ["--map", "Personalnummer=employee_no", "--map", "Austrittsdatum=last_day"]
    options += ["--map", "Art=kind", "--map", "Bemerkung=note", "--date-format", "%d.%m.%Y"]
    imported(cli, path, *options, "--encoding", "latin-1")
    found = one(cli, "P7")
    assert (found["name"], found["last_day"], found["note"]) == (
        "Jörg Müller",
        "2025-01-31",
        "Zurück nach München",
    )


def test_a_chinese_export_is_read_in_its_own_encoding_without_being_told(
    cli: Run, tmp_path: Path
) -> None:
    """A GB18030 terminations report, as Chinese HR systems write it, with their labels:
    its encoding is found as for people import (the import once assumed UTF-8)."""
    path = tmp_path / "离职.csv"
    path.write_bytes(
        "工号,姓名,离职日期,离职类型,备注\n"
        "C1,王小明,2025-01-31,voluntary,回老家发展\n"
        "C2,李华,2025-02-28,involuntary,\n".encode("gb18030")
    )
    options = ["--map", "工号=employee_no", "--map", "姓名=name", "--map", "离职日期=last_day"]
    options += ["--map", "离职类型=kind", "--map", "备注=note"]
    imported(cli, path, *options)
    found = one(cli, "C1")
    assert (found["name"], found["last_day"], found["note"]) == (
        "王小明",
        "2025-01-31",
        "回老家发展",
    )


def test_the_headers_people_import_knows_are_known_here_too(cli: Run, tmp_path: Path) -> None:
    """A German export: Personalnummer, Austrittsdatum, Austrittsart and Austrittsgrund are
    found without --map, as people import finds Personalnummer (they once needed a --map)."""
    add(cli, "1001")
    path = tmp_path / "austritte.csv"
    path.write_bytes(
        "Personalnummer;Austrittsdatum;Austrittsgrund;Austrittsart\n"
        "1001;31.01.2025;Bezahlung;Eigenkündigung\n".encode("cp1252")
    )
    options = ["--date-format", "DD.MM.YYYY", "--value", "kind:Eigenkündigung=voluntary"]
    message = imported(cli, path, *options, "--value", "reason:Bezahlung=compensation")
    assert "imported 1 rows: 1 new separations" in message
    found = one(cli, "1001")
    assert (found["last_day"], found["kind"], found["primary_reason"]) == (
        "2025-01-31",
        "voluntary",
        "compensation",
    )


def test_a_new_separation_without_a_kind_column_is_explained(cli: Run, tmp_path: Path) -> None:
    add(cli, "E1")
    message = imported(cli, write(tmp_path, "employee_no,last_day\nE1,2025-01-31\n"), expect=2)
    assert (
        "row 2, column 'kind': a new separation needs its kind: name the column with "
        "--map 'Header=kind'" in message
    )


def test_an_xlsx_export_with_date_cells(cli: Run, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Employee ID", "Name", "Termination Date", "Type", "Eligible for Rehire"])
    sheet.append([1042, "Ana Ruiz", date(2025, 1, 31), "Voluntary", "No"])
    path = tmp_path / "leavers.xlsx"
    book.save(path)
    imported(cli, path)
    found = one(cli, "1042")
    assert (found["last_day"], found["kind"], found["rehire_eligible"]) == (
        "2025-01-31",
        "voluntary",
        False,
    )


def test_imported_reasons_count_in_the_reasons_report_and_a_note_is_forgotten(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    source = write(
        tmp_path,
        "employee_no,name,last_day,kind,primary_reason,note\n"
        + "".join(
            f"E{n},P{n},2025-0{n}-15,voluntary,compensation,Call Ana back\n" for n in range(1, 7)
        ),
    )
    imported(cli, source)
    report = json.loads(
        cli(
            "report", "reasons", "--from", "2025-01-01", "--to", "2025-12-31", "--period",
            "year", "--format", "json",
        ).stdout
    )  # fmt: skip
    counts = {row["code"]: row["total"] for row in report if row["type"] == "primary"}
    assert counts["compensation"] == 6
    cli("people", "forget", "E1", "--yes")
    notes = rows_in(db_url, "SELECT note FROM separation ORDER BY last_day")
    assert notes == [(None,)] + [("Call Ana back",)] * 5


def test_the_example_in_the_docs_does_what_they_say(cli: Run) -> None:
    """docs/separation-import.md imports examples/import/separations-terminations-report.csv
    and shows what it prints on this module's day."""
    import shlex

    from tests.test_docs import ROOT

    docs = (ROOT / "docs" / "separation-import.md").read_text()
    command = docs.split("```bash\nretainkit separation import examples/")[1].split("\n```")[0]
    path, *options = shlex.split(command.replace("\\\n", " "))
    assert path == "import/separations-terminations-report.csv"
    message = imported(cli, EXAMPLES / path, *options)
    shown = docs.split("```\nimported ", 1)[1].split("\n```")[0]
    assert message.strip() == f"imported {shown}"


def test_history_plan_keeps_what_has_not_closed() -> None:
    from retainkit.core.schedule import Cadence, Leaver, history_plan, separation_plan

    def leaver(last_day: date, notice_date: date | None = None) -> Leaver:
        return Leaver(last_day, notice_date, "voluntary", "staff", 3, True, True, True)

    cadence = Cadence()
    for last in (TODAY, TODAY + timedelta(30)):
        assert history_plan(leaver(last), cadence, TODAY) == separation_plan(
            leaver(last), cadence, TODAY
        )
    assert history_plan(leaver(TODAY - timedelta(3 * 365)), cadence, TODAY) == []
    kept = history_plan(leaver(TODAY - timedelta(1)), cadence, TODAY)
    assert [p.kind for p in kept] == ["first", "mid", "yearly_care", "rehire_check"]
    kept = history_plan(leaver(TODAY - timedelta(60)), cadence, TODAY)
    assert [p.kind for p in kept] == ["first", "mid", "yearly_care", "rehire_check"]
    kept = history_plan(leaver(TODAY - timedelta(61)), cadence, TODAY)
    assert [p.kind for p in kept] == ["mid", "yearly_care", "rehire_check"]
