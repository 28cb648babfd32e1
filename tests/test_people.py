"""people add | list | show | edit | rehire, through the real CLI."""

from __future__ import annotations

import json

from tests.conftest import Run

FIELDS = [
    "employee_no",
    "name",
    "email",
    "phone",
    "department",
    "title",
    "level",
    "manager_no",
    "location",
    "hire_date",
    "performance",
    "high_performer",
    "salary",
    "preferred_channel",
    "contact_hours",
    "do_not_contact",
    "notes",
    "status",
]


def add_ana(cli: Run) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E1024",
        "--name",
        "Ana Ruiz",
        "--email",
        "ana.ruiz@example.com",
        "--phone",
        "+49 30 1234567",
        "--department",
        "Engineering",
        "--title",
        "Software Engineer",
        "--level",
        "Senior",
        "--manager-no",
        "E1001",
        "--location",
        "Berlin",
        "--hire-date",
        "2021-03-01",
        "--performance",
        "5",
        "--high-performer",
        "--salary",
        "82000",
        "--preferred-channel",
        "in person",
        "--contact-hours",
        "9:30-17:00",
        "--notes",
        "Mentors new joiners.",
    )


def people_json(cli: Run, *args: str) -> list[dict[str, object]]:
    return json.loads(cli("people", "list", "--format", "json", *args).stdout)


def test_add_stores_every_field_and_list_json_uses_field_names(cli: Run) -> None:
    add_ana(cli)
    [ana] = people_json(cli)
    assert list(ana) == FIELDS
    assert ana == {
        "employee_no": "E1024",
        "name": "Ana Ruiz",
        "email": "ana.ruiz@example.com",
        "phone": "+49 30 1234567",
        "department": "Engineering",
        "title": "Software Engineer",
        "level": "senior",
        "manager_no": "E1001",
        "location": "Berlin",
        "hire_date": "2021-03-01",
        "performance": 5,
        "high_performer": True,
        "salary": 82000,
        "preferred_channel": "in_person",
        "contact_hours": "09:30-17:00",
        "do_not_contact": False,
        "notes": "Mentors new joiners.",
        "status": "active",
    }


def test_list_json_of_nobody_is_an_empty_array(cli: Run) -> None:
    assert cli("people", "list", "--format", "json").stdout.strip() == "[]"


def test_list_filters_by_department_status_and_level(cli: Run) -> None:
    add_ana(cli)
    cli(
        "people",
        "add",
        "--employee-no",
        "E2",
        "--name",
        "Ben Okafor",
        "--department",
        "Sales",
        "--level",
        "staff",
    )
    cli(
        "people",
        "add",
        "--employee-no",
        "E3",
        "--name",
        "Carla Novak",
        "--department",
        "Sales",
        "--level",
        "middle",
    )
    cli("depart", "E3", "--last-day", "2026-10-31", "--kind", "voluntary")
    numbers = lambda *a: [p["employee_no"] for p in people_json(cli, *a)]  # noqa: E731
    assert numbers("--department", "Sales") == ["E2", "E3"]
    assert numbers("--status", "departed") == ["E3"]
    assert numbers("--status", "active", "--department", "Sales") == ["E2"]
    assert numbers("--level", "senior") == ["E1024"]
    bad = cli("people", "list", "--status", "gone", expect=2)
    assert "not one of active, departed" in bad.stderr


def test_list_csv_has_a_header_and_one_line_per_person(cli: Run) -> None:
    add_ana(cli)
    lines = cli("people", "list", "--format", "csv").stdout.splitlines()
    assert lines[0].split(",") == FIELDS
    assert lines[1].startswith("E1024,Ana Ruiz,ana.ruiz@example.com,")


def test_add_refuses_a_taken_employee_number(cli: Run) -> None:
    add_ana(cli)
    result = cli("people", "add", "--employee-no", "E1024", "--name", "Someone Else", expect=2)
    assert "exists already" in result.stderr
    assert [p["name"] for p in people_json(cli)] == ["Ana Ruiz"]


def test_add_without_required_fields_and_no_terminal_says_what_is_missing(cli: Run) -> None:
    result = cli("people", "add", "--department", "Sales", expect=2)
    assert result.stderr.strip() == (
        "error: missing --employee-no and --name: give them as options"
    )
    assert people_json(cli) == []


def test_add_rejects_bad_values_and_changes_nothing(cli: Run) -> None:
    cases = {
        ("--level", "boss"): "--level: 'boss' is not one of staff, middle, senior, core",
        ("--hire-date", "2024-02-30"): "--hire-date: the value is not a date; use YYYY-MM-DD",
        ("--performance", "7"): "--performance: the value is out of range",
        (
            "--email",
            "ana.example.com",
        ): "--email: the value is not an email address (like name@example.org)",
        ("--preferred-channel", "fax"): "--preferred-channel: 'fax' is not one of",
        ("--contact-hours", "17:00-09:00"): "--contact-hours: '17:00-09:00' is not a time range",
        ("--employee-no", "E 1"): "--employee-no: 'E 1' is not an employee number",
        ("--name", "=HYPERLINK(1)"): "--name: looks like a spreadsheet formula",
    }
    for (option, value), expected in cases.items():
        args = {"--employee-no": "E1", "--name": "Ana"} | {option: value}
        flat = [part for pair in args.items() for part in pair]
        result = cli("people", "add", *flat, expect=2)
        assert expected in result.stderr, (option, result.stderr)
    assert people_json(cli) == []


def test_show_lists_fields_and_separations(cli: Run) -> None:
    add_ana(cli)
    cli("depart", "E1024", "--last-day", "2026-09-30", "--kind", "voluntary")
    shown = json.loads(cli("people", "show", "E1024", "--format", "json").stdout)
    assert shown["name"] == "Ana Ruiz"
    assert shown["status"] == "departed"
    assert [(s["kind"], s["last_day"], s["regrettable"]) for s in shown["separations"]] == [
        ("voluntary", "2026-09-30", True)
    ]
    table = cli("people", "show", "E1024").stdout
    assert "Ana Ruiz" in table and "Separations" in table


def test_show_and_edit_of_an_unknown_person_fail_cleanly(cli: Run) -> None:
    assert "no person with employee number E9" in cli("people", "show", "E9", expect=2).stderr
    assert "no person" in cli("people", "edit", "E9", "--title", "X", expect=2).stderr


def test_edit_changes_only_named_fields_clears_and_appends_notes(cli: Run) -> None:
    add_ana(cli)
    cli(
        "people",
        "edit",
        "E1024",
        "--title",
        "Staff Engineer",
        "--not-high-performer",
        "--clear",
        "phone",
    )
    cli("people", "edit", "E1024", "--add-note", "Asked about part-time work.")
    [ana] = people_json(cli)
    assert ana["title"] == "Staff Engineer"
    assert ana["high_performer"] is False
    assert ana["phone"] is None
    assert ana["email"] == "ana.ruiz@example.com"
    first, second = str(ana["notes"]).splitlines()
    assert first == "Mentors new joiners."
    assert second.endswith(": Asked about part-time work.")


def test_edit_refuses_nothing_to_do_and_contradictions(cli: Run) -> None:
    add_ana(cli)
    assert "nothing to change" in cli("people", "edit", "E1024", expect=2).stderr
    result = cli("people", "edit", "E1024", "--clear", "phone", "--phone", "123456", expect=2)
    assert "contradict" in result.stderr
    assert (
        "not a field that can be emptied"
        in cli("people", "edit", "E1024", "--clear", "name", expect=2).stderr
    )


def test_rehire_reactivates_and_keeps_the_separation(cli: Run) -> None:
    add_ana(cli)
    cli("depart", "E1024", "--last-day", "2025-06-30", "--kind", "voluntary")
    early = cli("people", "rehire", "E1024", "--date", "2025-06-30", expect=2)
    assert "after the last day" in early.stderr
    cli("people", "rehire", "E1024", "--date", "2026-02-01")
    shown = json.loads(cli("people", "show", "E1024", "--format", "json").stdout)
    assert shown["status"] == "active"
    assert shown["hire_date"] == "2026-02-01"
    [separation] = shown["separations"]
    assert separation["status"] == "rehired"
    assert separation["rehired_on"] == "2026-02-01"
    assert separation["hire_date"] == "2021-03-01"
    again = cli("people", "rehire", "E1024", "--date", "2026-03-01", expect=2)
    assert "has not left" in again.stderr


def test_the_person_record_has_every_person_field_in_order() -> None:
    from dataclasses import fields

    from retainkit.core.fields import PERSON_FIELDS
    from retainkit.core.people import PersonRecord

    names = [f.name for f in fields(PersonRecord)]
    assert names == [f.name for f in PERSON_FIELDS] + ["status"] == FIELDS
