"""depart, and separation list | show | cancel."""

from __future__ import annotations

import json

from tests.conftest import Run


def setup_people(cli: Run) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E1",
        "--name",
        "Ana Ruiz",
        "--department",
        "Engineering",
        "--title",
        "Engineer",
        "--level",
        "staff",
        "--manager-no",
        "M1",
        "--hire-date",
        "2022-01-10",
        "--performance",
        "3",
    )
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
        "core",
        "--performance",
        "4",
        "--hire-date",
        "2020-05-01",
    )


def separations(cli: Run, *args: str) -> list[dict[str, object]]:
    return json.loads(cli("separation", "list", "--format", "json", *args).stdout)


def test_depart_snapshots_the_organisation_as_it_was(cli: Run) -> None:
    setup_people(cli)
    cli(
        "depart",
        "E1",
        "--last-day",
        "2026-06-30",
        "--kind",
        "voluntary",
        "--notice-date",
        "2026-05-31",
    )
    cli(
        "people",
        "edit",
        "E1",
        "--department",
        "Sales",
        "--title",
        "Account Executive",
        "--manager-no",
        "M9",
        "--level",
        "middle",
    )
    [record] = separations(cli)
    assert record["department"] == "Engineering"
    assert record["title"] == "Engineer"
    assert record["manager_no"] == "M1"
    assert record["level"] == "staff"
    assert record["hire_date"] == "2022-01-10"
    assert record["notice_date"] == "2026-05-31"
    assert record["regrettable"] is False  # performance 3, not a high performer
    assert record["rehire_eligible"] is True


def test_depart_defaults_follow_kind_and_performance(cli: Run) -> None:
    setup_people(cli)
    cli("depart", "E2", "--last-day", "2026-06-30", "--kind", "voluntary")
    cli("depart", "E1", "--last-day", "2026-06-30", "--kind", "involuntary")
    by_person = {s["employee_no"]: s for s in separations(cli)}
    assert by_person["E2"]["regrettable"] is True
    assert by_person["E1"]["rehire_eligible"] is False
    assert by_person["E1"]["regrettable"] is False


def test_depart_flags_override_the_defaults(cli: Run) -> None:
    setup_people(cli)
    cli(
        "depart",
        "E2",
        "--last-day",
        "2026-06-30",
        "--kind",
        "end of contract",
        "--not-regrettable",
        "--not-rehire-eligible",
    )
    [record] = separations(cli)
    assert (record["kind"], record["regrettable"], record["rehire_eligible"]) == (
        "end_of_contract",
        False,
        False,
    )


def test_depart_twice_is_refused(cli: Run) -> None:
    setup_people(cli)
    cli("depart", "E1", "--last-day", "2026-06-30", "--kind", "voluntary")
    result = cli("depart", "E1", "--last-day", "2026-07-31", "--kind", "layoff", expect=2)
    assert "has already left (separation 1" in result.stderr
    assert "separation cancel 1" in result.stderr
    assert len(separations(cli)) == 1


def test_depart_rejects_bad_input(cli: Run) -> None:
    setup_people(cli)
    cases = [
        (["E1", "--last-day", "2026-02-30", "--kind", "voluntary"], "--last-day:"),
        (["E1", "--last-day", "2026-06-30", "--kind", "quit"], "--kind: 'quit' is not one of"),
        (
            [
                "E1",
                "--last-day",
                "2026-06-30",
                "--kind",
                "voluntary",
                "--notice-date",
                "2026-07-01",
            ],
            "notice date must be on or before the last day",
        ),
        (["E1", "--last-day", "2021-01-01", "--kind", "voluntary"], "before the hire date"),
        (["E404", "--last-day", "2026-06-30", "--kind", "voluntary"], "no person"),
    ]
    for args, expected in cases:
        assert expected in cli("depart", *args, expect=2).stderr
    assert separations(cli) == []
    assert all(
        p["status"] == "active" for p in json.loads(cli("people", "list", "-f", "json").stdout)
    )


def test_cancel_keeps_the_separation_and_reactivates_the_person(cli: Run) -> None:
    setup_people(cli)
    cli("depart", "E1", "--last-day", "2026-06-30", "--kind", "voluntary")
    cli("separation", "cancel", "1", "--why", "Entered for the wrong person")
    [record] = separations(cli)
    assert record["status"] == "cancelled"
    assert record["cancel_reason"] == "Entered for the wrong person"
    person = json.loads(cli("people", "show", "E1", "-f", "json").stdout)
    assert person["status"] == "active"
    again = cli("separation", "cancel", "1", "--why", "again", expect=2)
    assert "is cancelled, not open" in again.stderr
    cli("depart", "E1", "--last-day", "2026-08-31", "--kind", "voluntary")


def test_separation_ids_in_the_wrong_form_or_unknown(cli: Run) -> None:
    assert "not a separation number" in cli("separation", "show", "abc", expect=2).stderr
    assert "no separation 42" in cli("separation", "show", "42", expect=2).stderr
    empty_why = cli("separation", "cancel", "42", "--why", " ", expect=2)
    assert "say why" in empty_why.stderr


def test_list_filters_and_show(cli: Run) -> None:
    setup_people(cli)
    cli("depart", "E1", "--last-day", "2026-03-31", "--kind", "voluntary")
    cli("depart", "E2", "--last-day", "2026-06-30", "--kind", "layoff")
    assert [s["employee_no"] for s in separations(cli)] == ["E2", "E1"]
    assert [s["employee_no"] for s in separations(cli, "--kind", "layoff")] == ["E2"]
    assert [s["employee_no"] for s in separations(cli, "--to", "2026-04-30")] == ["E1"]
    assert [s["employee_no"] for s in separations(cli, "--from", "2026-04-01")] == ["E2"]
    assert [s["employee_no"] for s in separations(cli, "--department", "Sales")] == ["E2"]
    assert [s["employee_no"] for s in separations(cli, "--person", "E1")] == ["E1"]
    shown = json.loads(cli("separation", "show", "2", "-f", "json").stdout)
    assert (shown["employee_no"], shown["kind"]) == ("E2", "layoff")
    assert "Separation 2" in cli("separation", "show", "2").stdout
