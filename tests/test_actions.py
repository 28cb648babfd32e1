"""Closing the loop through the CLI: action items, verified reasons, handover, who interviews."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Run

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2026, 12, 31)  # a year end


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def actions(cli: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("actions", "list", "--format", "json", *args).stdout)


def add_action(cli: Run, title: str, *extra: str) -> None:
    cli("actions", "add", "--title", title, "--kind", "preventive", *extra)


def test_action_workflow_from_add_to_informed(cli: Run) -> None:
    add_action(
        cli,
        "Train new managers in feedback",
        "--kind",
        "strategic",
        "--reason",
        "manager",
        "--scope",
        "company",
        "--owner",
        "Head of People",
        "--due",
        day(30),
    )
    [action] = actions(cli)
    assert (
        action["title"],
        action["kind"],
        action["status"],
        action["reason_code"],
        action["scope"],
        action["source"],
    ) == ("Train new managers in feedback", "strategic", "open", "manager", "company", "none")
    cli("actions", "update", "1", "--status", "in_progress", "--owner", "L&D lead")
    assert actions(cli)[0]["status"] == "in_progress"
    cli("actions", "done", "1", "--outcome", "Two sessions held")
    shown = json.loads(cli("actions", "show", "1", "-f", "json").stdout)
    assert (shown["status"], shown["done_on"], shown["outcome"], shown["informed_at"]) == (
        "done",
        TODAY.isoformat(),
        "Two sessions held",
        None,
    )
    cli("actions", "update", "1", "--informed")
    assert json.loads(cli("actions", "show", "1", "-f", "json").stdout)["informed_at"]


def test_done_with_informed_at_once_and_drop(cli: Run) -> None:
    add_action(cli, "A")
    add_action(cli, "B")
    cli("actions", "done", "1", "--informed")
    cli("actions", "drop", "2", "--why", "Overtaken by the reorganisation")
    by_id = {a["id"]: a for a in actions(cli)}
    assert by_id[1]["informed_at"] is not None
    assert (by_id[2]["status"], by_id[2]["drop_reason"]) == (
        "dropped",
        "Overtaken by the reorganisation",
    )


def test_list_filters(cli: Run) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", "--department", "Sales")
    cli("depart", "E1", "--last-day", day(-10), "--kind", "voluntary")
    add_action(cli, "Late one", "--owner", "M1", "--due", day(-3))
    add_action(cli, "Urgent one", "--owner", "M2", "--urgent")
    add_action(cli, "Sales one", "--separation", "1", "--kind", "remedial")
    add_action(cli, "Scoped", "--scope", "Sales", "--kind", "strategic")
    titles = lambda *a: sorted(x["title"] for x in actions(cli, *a))  # noqa: E731
    assert titles("--overdue") == ["Late one"]
    assert titles("--urgent") == ["Urgent one"]
    assert titles("--owner", "M1") == ["Late one"]
    assert titles("--kind", "strategic") == ["Scoped"]
    assert titles("--department", "Sales") == ["Sales one", "Scoped"]
    cli("actions", "done", "1")
    assert titles("--status", "done") == ["Late one"]
    assert titles("--overdue") == []
    assert actions(cli)[0]["title"] == "Urgent one"  # urgent first
    lines = cli("actions", "list", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("id,title,kind,status,urgent,overdue,owner,due_date")


def test_urgent_and_overdue_actions_show_in_followup_due(cli: Run) -> None:
    add_action(cli, "Late one", "--owner", "M1", "--due", day(-3))
    add_action(cli, "Urgent one", "--owner", "M2", "--urgent", "--due", day(10))
    add_action(cli, "Later one", "--due", day(20))
    rows = json.loads(cli("followup", "due", "-f", "json").stdout)
    assert [(r["source"], r["id"], r["kind"], r["owner"]) for r in rows] == [
        ("action", 2, "urgent action", "M2"),
        ("action", 1, "overdue action", "M1"),
    ]
    assert rows[1]["overdue_days"] == 3
    assert cli("followup", "due", "--quiet").stdout.split() == ["A2", "A1"]
    cli("actions", "done", "2")
    rows = json.loads(cli("followup", "due", "-f", "json").stdout)
    assert [(r["source"], r["id"]) for r in rows] == [("action", 1)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["actions", "show", "9"], "no action item 9"),
        (["actions", "done", "x9"], "not an action item number"),
        (["actions", "add", "--title", "T", "--kind", "nice"], "--kind: 'nice' is not one of"),
        (["actions", "add", "--title", "T"], "--kind is needed"),
        (["actions", "add", "--kind", "remedial"], "--title needs some text"),
        (
            ["actions", "add", "--title", "T", "--kind", "remedial", "--reason", "boredom"],
            "unknown reason 'boredom'",
        ),
        (
            ["actions", "add", "--title", "T", "--kind", "remedial", "--interview", "5"],
            "no interview 5",
        ),
        (["actions", "drop", "1", "--why", " "], "say why the action is dropped"),
        (["actions", "drop", "1", "--why", "x"], "no action item 1"),
    ],
)
def test_bad_action_input_is_exit_2_and_changes_nothing(
    cli: Run, args: list[str], expected: str
) -> None:
    assert expected in cli(*args, expect=2).stderr
    assert actions(cli) == []


def test_a_done_action_cannot_be_done_dropped_or_changed_again(cli: Run) -> None:
    add_action(cli, "A")
    cli("actions", "done", "1", "--outcome", "first")
    assert "is done already" in cli("actions", "done", "1", expect=2).stderr
    assert "is done already" in cli("actions", "drop", "1", "--why", "x", expect=2).stderr
    assert "cannot change" in cli("actions", "update", "1", "--owner", "X", expect=2).stderr
    assert "nothing to change" in cli("actions", "update", "1", expect=2).stderr
    add_action(cli, "B")
    assert (
        "--informed records that a done action"
        in cli("actions", "update", "2", "--informed", expect=2).stderr
    )
    shown = json.loads(cli("actions", "show", "1", "-f", "json").stdout)
    assert (shown["outcome"], shown["owner"]) == ("first", None)


def leaver_with_exit_interview(cli: Run) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", "--level", "staff")
    cli("depart", "E1", "--last-day", day(-5), "--kind", "voluntary")
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))


def verifications(cli: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("verify", "list", "--format", "json", *args).stdout)


def test_verified_reason_is_kept_beside_the_stated_one(cli: Run) -> None:
    leaver_with_exit_interview(cli)
    [pending] = verifications(cli, "--pending")
    assert (pending["separation"], pending["stated"], pending["verified"]) == (
        1,
        "career_growth",
        None,
    )
    assert verifications(cli, "--pending", "--older-than", "1") == []
    result = cli(
        "verify",
        "add",
        "1",
        "--reason",
        "manager",
        "--contributing",
        "career_growth",
        "--evidence",
        "Two peers describe the same conflict",
        "--source",
        "peers",
    )
    assert "verified separation 1: manager, career_growth" in result.stderr
    assert verifications(cli, "--pending") == []
    [done] = verifications(cli)
    assert (done["stated"], done["verified"], done["source"], done["differs"]) == (
        "career_growth",
        "manager",
        "peers",
        True,
    )
    cli(
        "verify",
        "add",
        "1",
        "--reason",
        "career_growth",
        "--evidence",
        "Records agree",
        "--source",
        "records",
    )
    assert verifications(cli)[0]["differs"] is False


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--reason", "boredom"], "unknown reason 'boredom'"),
        (["--reason", "manager", "--source", "gossip"], "--source: 'gossip' is not one of"),
        (["--reason", "manager", "--evidence", " "], "say what the verification rests on"),
    ],
)
def test_bad_verification_changes_nothing(cli: Run, args: list[str], expected: str) -> None:
    leaver_with_exit_interview(cli)
    base = {"--evidence": "x", "--source": "records"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    flat = [part for pair in (base | given).items() for part in pair]
    assert expected in cli("verify", "add", "1", *flat, expect=2).stderr
    assert verifications(cli)[0]["verified"] is None
    assert (
        "no separation 9"
        in cli(
            "verify",
            "add",
            "9",
            "--reason",
            "manager",
            "--evidence",
            "x",
            "--source",
            "records",
            expect=2,
        ).stderr
    )


def handover_items(cli: Run, separation: str = "1", *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("handover", separation, "--format", "json", *args).stdout)


def test_handover_checklist(cli: Run) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    cli("people", "add", "--employee-no", "E2", "--name", "Ben Okafor")
    cli("depart", "E1", "--last-day", day(-3), "--kind", "voluntary")
    items = handover_items(cli)
    assert [i["label"] for i in items] == [
        "Documents and equipment returned",
        "Customer and partner contacts handed over",
        "Successor named",
        "Knowledge sessions held",
        "Access removed",
    ]
    assert not any(i["done"] for i in items)
    rows = json.loads(cli("followup", "due", "-f", "json").stdout)
    assert ("handover", 1, "5 handover items open") in [
        (r["source"], r["id"], r["last_conclusion"]) for r in rows
    ]
    items = handover_items(
        cli,
        "1",
        "--done",
        "access",
        "--done",
        "1",
        "--successor",
        "E2",
        "--note",
        "Laptop returned to IT",
    )
    assert [i["done"] for i in items] == [True, False, True, False, True]
    assert items[0]["note"] == "Laptop returned to IT"
    handover_items(cli, "1", "--done", "customer", "--done", "4")
    rows = json.loads(cli("followup", "due", "-f", "json").stdout)
    assert "handover" not in [r["source"] for r in rows]
    assert "names no item" in cli("handover", "1", "--done", "parking", expect=2).stderr
    assert "more than one" in cli("handover", "1", "--done", "e", expect=2).stderr
    assert (
        "someone other than the person leaving"
        in cli("handover", "1", "--successor", "E1", expect=2).stderr
    )
    assert "no person" in cli("handover", "1", "--successor", "E9", expect=2).stderr


def test_the_checklist_follows_the_setting(cli: Run) -> None:
    cli("config", "set", "handover.items", "Keys returned; Client list handed over")
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    cli("depart", "E1", "--last-day", day(10), "--kind", "voluntary")
    assert [i["label"] for i in handover_items(cli)] == ["Keys returned", "Client list handed over"]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (["--level", "core"], "leadership (core level)"),
        (["--level", "staff", "--high-performer"], "leadership (a high performer)"),
        (["--level", "middle"], "hr (the default)"),
    ],
)
def test_who_should_hold_the_exit_interview(cli: Run, person: list[str], expected: str) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", *person)
    result = cli("depart", "E1", "--last-day", day(10), "--kind", "voluntary")
    assert f"suggested exit interviewer: {expected}" in result.stderr


def test_the_interviewer_rule_is_a_setting_and_the_interview_records_who_held_it(
    cli: Run,
) -> None:
    cli("config", "set", "interview.manager", "middle,performance>=4")
    assert "not a level" in cli("config", "set", "interview.manager", "interns", expect=2).stderr
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", "--level", "middle")
    result = cli("depart", "E1", "--last-day", day(-1), "--kind", "voluntary")
    assert "suggested exit interviewer: manager (middle level)" in result.stderr
    cli(
        "interview",
        "exit",
        "E1",
        "--held-by",
        "hr",
        "--interviewer",
        "Maria Lopez",
        "--answers",
        str(EXAMPLES / "answers" / "written-exit.toml"),
    )
    shown = json.loads(cli("interview", "show", "1", "-f", "json").stdout)
    assert (shown["held_by"], shown["interviewer"]) == ("hr", "Maria Lopez")
    assert (
        "--held-by: 'boss' is not one of"
        in cli("interview", "exit", "E1", "--held-by", "boss", "--decline", expect=2).stderr
    )


def test_the_exit_interview_header_suggests_who_should_hold_it(cli: Run, typed: Any) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", "--level", "core")
    cli("depart", "E1", "--last-day", day(5), "--kind", "voluntary")
    result = typed(cli, "\x03", "interview", "exit", "E1", expect=130)
    assert "Suggested interviewer: leadership (core level)" in result.stdout
