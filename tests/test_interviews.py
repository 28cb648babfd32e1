"""Interviews through the real command, answered with real keystrokes (prompt_toolkit pipe)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CTRL_C, CTRL_D, DOWN, ENTER, EXAMPLES, Run

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2026, 11, 30)  # a month end
CUSTOM = EXAMPLES / "questionnaires" / "custom-exit.toml"
# Keystrokes for the warehouse-exit questionnaire, one question per line.
WAREHOUSE_KEYS = [
    "1" + ENTER + " " + DOWN + DOWN + " " + ENTER,  # reasons: compensation; + manager, workload
    "4" + ENTER,  # shift_pattern: 4
    "5" + ENTER,  # supervisor: 5 (custom labels)
    "s" + ENTER,  # heavy_lifting: skipped
    " " + DOWN + DOWN + " " + ENTER,  # missing: equipment, breaks
    "2" + ENTER,  # next_step: new_field
    "y" + ENTER,  # would_stay: yes
    "8" + ENTER,  # enps: 8
    "Shorter night shifts" + ENTER,  # one_change
]
SAVE = "s" + ENTER


def leaver(cli: Run, number: str = "E1", last_day: date | None = None) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        number,
        "--name",
        "Ana Ruiz",
        "--department",
        "Logistics",
        "--manager-no",
        "M7",
        "--hire-date",
        "2020-01-06",
    )
    day = last_day or TODAY - timedelta(days=10)
    cli("depart", number, "--last-day", day.isoformat(), "--kind", "voluntary")
    # who owns an urgent item when no interviewer is named, or the manager cannot
    cli("config", "set", "actions.hr_owner", "Head of People")


def detail(cli: Run, number: int) -> dict[str, Any]:
    return json.loads(cli("interview", "show", str(number), "--format", "json").stdout)


def answers(cli: Run, number: int) -> dict[str, Any]:
    return {
        a["key"]: ("SKIPPED" if a["skipped"] else a["value"])
        for a in detail(cli, number)["answers"]
        if a["answered"]
    }


def test_every_question_type_answered_with_keystrokes(cli: Run, typed: Any) -> None:
    leaver(cli)
    cli("questionnaire", "add", str(CUSTOM))
    result = typed(
        cli,
        "".join(WAREHOUSE_KEYS) + SAVE,
        "interview",
        "exit",
        "E1",
        "--questionnaire",
        "warehouse-exit",
        "--mode",
        "phone",
        "--interviewer",
        "Maria",
    )
    assert "interview 1 completed" in result.stderr
    assert answers(cli, 1) == {
        "reasons": {"primary": "compensation", "contributing": ["manager", "workload"]},
        "shift_pattern": 4,
        "supervisor": 5,
        "heavy_lifting": "SKIPPED",
        "missing": ["equipment", "breaks"],
        "next_step": "new_field",
        "would_stay": True,
        "enps": 8,
        "one_change": "Shorter night shifts",
    }
    shown = detail(cli, 1)
    assert shown["status"] == "completed"
    assert (shown["mode"], shown["interviewer"]) == ("phone", "Maria")
    assert shown["scores"] == {"workload": 75.0, "manager": 100.0, "overall": 80.0}
    assert shown["reasons"] == [
        {"code": "compensation", "primary": True},
        {"code": "manager", "primary": False},
        {"code": "workload", "primary": False},
    ]
    labels = {a["key"]: a["label"] for a in shown["answers"]}
    assert labels["supervisor"] == "5 Very good"
    assert labels["missing"] == "Equipment in good repair; Regular breaks"


def test_an_empty_number_is_a_skip_and_a_number_off_the_scale_is_refused(
    cli: Run, typed: Any
) -> None:
    leaver(cli)
    cli("questionnaire", "add", str(CUSTOM))
    keys = WAREHOUSE_KEYS.copy()
    keys[7] = "11" + ENTER + "\x7f\x7f" + ENTER  # 11, refused; then nothing: skipped
    typed(cli, "".join(keys) + SAVE, "interview", "exit", "E1", "--questionnaire", "warehouse-exit")
    assert answers(cli, 1)["enps"] == "SKIPPED"


def test_a_question_marked_required_cannot_be_skipped(cli: Run, typed: Any, tmp_path: Path) -> None:
    leaver(cli)
    required = tmp_path / "required.toml"
    required.write_text(
        CUSTOM.read_text(encoding="utf-8")
        .replace('key = "enps"\n', 'key = "enps"\nrequired = true\n')
        .replace(" You may skip any question.", "")  # no longer true
        .replace("您可以跳过任何问题。", ""),
        encoding="utf-8",
    )
    cli("questionnaire", "add", str(required))
    keys = WAREHOUSE_KEYS.copy()
    keys[7] = ENTER + "9" + ENTER  # empty: refused ("An answer is needed here"); then 9
    result = typed(
        cli, "".join(keys) + SAVE, "interview", "exit", "E1", "--questionnaire", "warehouse-exit"
    )
    assert "completed" in result.stderr
    assert answers(cli, 1)["enps"] == 9


def test_review_screen_changes_an_answer_before_saving(cli: Run, typed: Any) -> None:
    leaver(cli)
    cli("questionnaire", "add", str(CUSTOM))
    change_supervisor = "c" + ENTER + "3" + ENTER + "2" + ENTER  # the third answer: 2
    typed(
        cli,
        "".join(WAREHOUSE_KEYS) + change_supervisor + SAVE,
        "interview",
        "exit",
        "E1",
        "--questionnaire",
        "warehouse-exit",
    )
    assert answers(cli, 1)["supervisor"] == 2
    assert detail(cli, 1)["scores"]["manager"] == 25.0


@pytest.mark.parametrize("interrupt", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_keeps_answers_as_draft_and_resume_completes(
    cli: Run, typed: Any, interrupt: str
) -> None:
    leaver(cli)
    cli("questionnaire", "add", str(CUSTOM))
    # Keys after the interrupt must go unread: an ignored Ctrl-D would answer question 5.
    first = typed(
        cli,
        "".join(WAREHOUSE_KEYS[:4]) + interrupt + WAREHOUSE_KEYS[4],
        "interview",
        "exit",
        "E1",
        "--questionnaire",
        "warehouse-exit",
        expect=130,
    )
    assert first.stderr.strip().endswith(
        "saved as draft 1; continue with: retainkit interview exit E1 --resume"
    )
    drafted = detail(cli, 1)
    assert drafted["status"] == "draft"
    assert answers(cli, 1) == {
        "reasons": {"primary": "compensation", "contributing": ["manager", "workload"]},
        "shift_pattern": 4,
        "supervisor": 5,
        "heavy_lifting": "SKIPPED",
    }
    again = typed(cli, "", "interview", "exit", "E1", expect=2)
    assert "has a draft exit interview (1)" in again.stderr
    typed(cli, "".join(WAREHOUSE_KEYS[4:]) + SAVE, "interview", "exit", "E1", "--resume")
    assert detail(cli, 1)["status"] == "completed"
    assert len(answers(cli, 1)) == 9


def test_flags_create_urgent_action_items_at_once(cli: Run, typed: Any) -> None:
    leaver(cli)
    cli("questionnaire", "add", str(CUSTOM))
    keys = WAREHOUSE_KEYS.copy()
    keys[3] = "5" + ENTER  # heavy lifting: strongly agree -> a safety concern
    typed(
        cli,
        "".join(keys) + SAVE,
        "interview",
        "exit",
        "E1",
        "--questionnaire",
        "warehouse-exit",
        "--interviewer",
        "Maria",
    )
    actions = {a["title"]: a for a in detail(cli, 1)["actions"]}
    today = TODAY
    retention = actions["Retention chance: act on exit interview 1 with E1"]
    assert retention["urgent"] is True
    assert retention["owner"] == "Head of People"  # manager is a reason: not M7
    assert retention["due_date"] == (today + timedelta(days=2)).isoformat()
    safety = actions["Escalate a safety concern raised in exit interview 1 with E1"]
    assert safety["urgent"] is True
    assert safety["owner"] == "Head of People"  # a complaint about the manager: HR
    assert safety["due_date"] == (today + timedelta(days=1)).isoformat()


def test_stay_interview_records_risk_and_turns_the_stay_plan_into_actions(
    cli: Run, typed: Any
) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E5",
        "--name",
        "Ben Okafor",
        "--manager-no",
        "M2",
        "--high-performer",
    )
    keys = (
        "Mentoring"
        + ENTER
        + "Slow decisions"
        + ENTER
        + "An outside offer"
        + ENTER
        + "A lead role"
        + ENTER
        + "4"
        + ENTER
        + "2"
        + ENTER
        + "4"
        + ENTER
        + "3"
        + ENTER
        + "5"
        + ENTER
        + "5"
        + ENTER
        + "7"
        + ENTER
        + "3"
        + ENTER
        + "Discuss lead role by March; Pay review in Q1"
        + ENTER
        + SAVE
    )
    result = typed(cli, keys, "interview", "stay", "E5", "--lang", "en")
    assert "retention risk: red" in result.stderr
    shown = detail(cli, 1)
    assert shown["retention_risk"] == "red"
    titles = {a["title"]: a for a in shown["actions"]}
    assert titles["Discuss lead role by March"]["owner"] == "M2"
    assert titles["Pay review in Q1"]["urgent"] is False
    assert titles["Retention chance: act on stay interview 1 with E5"]["urgent"] is True
    assert shown["scores"]["workload"] == 25.0  # "too heavy": agree, reversed


def test_each_kind_checks_who_it_is_for(cli: Run, typed: Any) -> None:
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    result = typed(cli, "", "interview", "exit", "E1", expect=2)
    assert "record it first: retainkit depart E1" in result.stderr
    assert "has no separation" in typed(cli, "", "interview", "followup", "E1", expect=2).stderr
    cli("depart", "E1", "--last-day", "2026-01-31", "--kind", "voluntary")
    assert (
        "stay interviews are for active people"
        in typed(cli, "", "interview", "stay", "E1", expect=2).stderr
    )
    assert "no person" in typed(cli, "", "interview", "exit", "E404", expect=2).stderr
    assert list_interviews(cli) == []


def list_interviews(cli: Run, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("interview", "list", "--format", "json", *args).stdout)


@pytest.mark.parametrize(("days", "questionnaire"), [(45, "followup-first"), (200, "followup-mid")])
def test_followup_picks_its_questionnaire_from_the_time_since_leaving(
    cli: Run, typed: Any, days: int, questionnaire: str
) -> None:
    leaver(cli, last_day=TODAY - timedelta(days=days))
    typed(cli, CTRL_C, "interview", "followup", "E1", expect=130)
    [row] = list_interviews(cli)
    assert (row["kind"], row["questionnaire"], row["status"]) == (
        "followup",
        questionnaire,
        "draft",
    )


def test_discard_removes_only_drafts(cli: Run, typed: Any) -> None:
    leaver(cli)
    typed(cli, "3" + ENTER + ENTER + CTRL_C, "interview", "exit", "E1", expect=130)
    asked = typed(cli, "n" + ENTER, "interview", "discard", "1", expect=2)
    assert "not confirmed; nothing was changed" in asked.stderr
    assert len(list_interviews(cli)) == 1
    assert "only drafts" not in cli("interview", "discard", "1", "--yes").stderr
    assert list_interviews(cli) == []
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    [row] = list_interviews(cli)
    assert row["id"] == 2  # a discarded draft's number is never given again
    result = cli("interview", "discard", str(row["id"]), expect=2)
    assert "only drafts can be discarded" in result.stderr
    assert "not an interview number" in cli("interview", "discard", "x1", expect=2).stderr
    assert "no interview 99" in cli("interview", "discard", "99", expect=2).stderr


@pytest.mark.parametrize(
    ("months_ago", "setting", "warned"),
    [(17, None, True), (3, None, False), (4, None, True), (17, "0", False), (17, "18", False)],
)
def test_an_exit_interview_held_long_after_the_last_day_is_flagged(
    cli: Run, months_ago: int, setting: str | None, warned: bool
) -> None:
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - months_ago, 12)
    leaver(cli, last_day=date(year, month + 1, TODAY.day if TODAY.day <= 28 else 28))
    if setting is not None:
        cli("config", "set", "interview.late_exit_months", setting)
    result = cli(
        "interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml")
    )
    late = f"warning: this exit interview is held {months_ago} months after the last day"
    assert (late in result.stderr) is warned
    assert "completed" in result.stderr


def test_written_questionnaire_is_recorded_without_prompts(cli: Run) -> None:
    leaver(cli)
    result = cli(
        "interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml")
    )
    assert "completed" in result.stderr
    shown = detail(cli, 1)
    assert (shown["mode"], shown["status"]) == ("written", "completed")
    assert shown["reasons"][0] == {"code": "career_growth", "primary": True}
    got = answers(cli, 1)
    assert "concern_detail" not in got  # two No answers: not asked
    assert {a["key"]: a["not_asked"] for a in shown["answers"]}["concern_detail"] is True
    assert got["enps"] == 6
    again = cli(
        "interview",
        "exit",
        "E1",
        "--answers",
        str(EXAMPLES / "answers" / "written-exit.toml"),
        expect=2,
    )
    assert "is done already" in again.stderr


def test_written_answers_as_json(cli: Run, tmp_path: Path) -> None:
    cli("people", "add", "--employee-no", "E5", "--name", "Ben Okafor")
    answers_file = tmp_path / "stay.json"
    answers_file.write_text(
        json.dumps(
            {
                "like_most": "The team",
                "frustrations": "Tools",
                "leave_trigger": "Nothing now",
                "keep_you": "More ownership",
                "manager_support": 5,
                "growth": 4,
                "workload_heavy": 2,
                "pay_fair": 4,
                "flexibility": 5,
                "belonging": 5,
                "enps": 9,
                "retention_risk": "green",
                "stay_plan": None,
            }
        )
    )
    cli("interview", "stay", "E5", "--answers", str(answers_file))
    assert detail(cli, 1)["retention_risk"] == "green"
    assert detail(cli, 1)["actions"] == []


def test_a_bad_answers_file_names_every_bad_key_and_records_nothing(
    cli: Run, tmp_path: Path
) -> None:
    leaver(cli)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'reasons = { primary = "boredom" }\n'
        "manager_support = 7\n"
        'pay_fair = "high"\n'
        'would_stay = "yes"\n'
        'way_of_working = "moon"\n'
        'colour = "blue"\n'
    )
    result = cli("interview", "exit", "E1", "--answers", str(bad), expect=2)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: 6 problem(s) in the answers; nothing was recorded"
    details = "\n".join(lines[1:])
    for expected in (
        "colour: not a question of exit version 2",
        "reasons: primary reason 'boredom' is not a reason code",
        "manager_support: give a whole number from 1 to 5",
        "pay_fair: give a whole number from 1 to 5",
        "would_stay: give true or false",
        "way_of_working: give one of office, hybrid, remote",
    ):
        assert expected in details
    assert list_interviews(cli) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [("reasons = [", "is not valid TOML"), ("", "holds no answers")],
    ids=["broken-toml", "empty"],
)
def test_unreadable_or_empty_answers_files(
    cli: Run, tmp_path: Path, content: str, expected: str
) -> None:
    leaver(cli)
    path = tmp_path / "answers.toml"
    path.write_text(content)
    assert expected in cli("interview", "exit", "E1", "--answers", str(path), expect=2).stderr
    assert list_interviews(cli) == []


def test_decline_is_recorded_and_a_written_questionnaire_offered(cli: Run) -> None:
    leaver(cli)
    result = cli("interview", "exit", "E1", "--decline", "--why", "Prefers not to talk")
    assert "declined the exit interview (1)" in result.stderr
    assert "questionnaire template exit" in result.stderr
    shown = detail(cli, 1)
    assert (shown["status"], shown["decline_reason"], shown["written_offered"]) == (
        "declined",
        "Prefers not to talk",
        True,
    )
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    assert [r["status"] for r in list_interviews(cli)] == ["declined", "completed"]


def test_option_mistakes_are_caught_before_anything_is_written(cli: Run) -> None:
    leaver(cli)
    assert (
        "--why goes with --decline" in cli("interview", "exit", "E1", "--why", "x", expect=2).stderr
    )
    assert (
        "choose one of" in cli("interview", "exit", "E1", "--decline", "--resume", expect=2).stderr
    )
    assert (
        "--mode: 'carrier pigeon' is not one of"
        in cli("interview", "exit", "E1", "--decline", "--mode", "carrier pigeon", expect=2).stderr
    )
    assert list_interviews(cli) == []


def test_without_a_terminal_the_interview_fails_at_once_naming_answers(cli: Run) -> None:
    leaver(cli)
    result = cli("interview", "exit", "E1", expect=2)
    assert "--answers FILE" in result.stderr
    assert "questionnaire template exit" in result.stderr
    assert list_interviews(cli) == []


def test_list_filters_and_show_in_chinese(cli: Run, typed: Any) -> None:
    leaver(cli)
    cli("people", "add", "--employee-no", "E5", "--name", "Ben Okafor")
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    typed(cli, CTRL_C, "interview", "stay", "E5", expect=130)
    assert [r["employee_no"] for r in list_interviews(cli, "--kind", "stay")] == ["E5"]
    assert [r["id"] for r in list_interviews(cli, "--status", "completed")] == [1]
    assert [r["id"] for r in list_interviews(cli, "--person", "E5")] == [2]
    cli("config", "set", "lang", "zh")
    shown = detail(cli, 1)
    labels = {a["key"]: a["label"] for a in shown["answers"]}
    assert labels["would_return"] == "也许"
    assert labels["manager_support"] == "2 不同意"
    table = cli("interview", "show", "1").stdout
    assert "您决定离职的主要原因是什么？" in table


def test_an_interview_list_keeps_its_columns_when_nothing_matches(cli: Run) -> None:
    leaver(cli)
    cli("interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml"))
    full = cli("interview", "list", "-f", "csv").stdout.splitlines()
    empty = cli("interview", "list", "--kind", "stay", "-f", "csv").stdout.splitlines()
    assert len(full) == 2 and empty == full[:1]
    assert {"version", "mode", "retention_risk"} <= set(full[0].split(","))
    assert cli("interview", "list", "--kind", "stay", "-f", "json").stdout == "[]\n"
    nothing = cli("interview", "list", "--kind", "stay")
    assert nothing.stdout == "" and "no interviews match" in nothing.stderr
