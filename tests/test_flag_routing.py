"""Flags that can be acted on, through the real command: an urgent item carries the
leaver's own words and the separation, always has an owner shown by name, and never goes
to the manager the leaver complains about."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, Run

TODAY = date(2026, 11, 30)
WRITTEN = (EXAMPLES / "answers" / "written-exit.toml").read_text()


def organisation(cli: Run) -> None:
    """Ana (E1) leaves; her manager is Wang Lei (M7); Zhou Min (H1) is in HR."""
    cli("people", "add", "--employee-no", "M7", "--name", "Wang Lei")
    cli("people", "add", "--employee-no", "H1", "--name", "Zhou Min")
    cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz", "--manager-no", "M7")
    cli("depart", "E1", "--last-day", "2026-12-15", "--kind", "voluntary")


def answers_file(tmp_path: Path, **changes: str) -> Path:
    """The example written exit interview with some answers changed (TOML values)."""
    lines = []
    for line in WRITTEN.splitlines():
        key = line.split(" = ")[0]
        lines.append(f"{key} = {changes.pop(key)}" if key in changes else line)
    lines += [f"{key} = {value}" for key, value in changes.items()]
    path = tmp_path / "answers.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def actions(cli: Run) -> dict[str, dict[str, Any]]:
    found = json.loads(cli("actions", "list", "--format", "json").stdout)
    return {a["escalation"]: a for a in found}


NOT_ABOUT_MANAGER = 'reasons = { primary = "career_growth", contributing = ["compensation"] }'


def test_items_carry_the_leavers_words_link_the_separation_and_name_their_owner(
    cli: Run, tmp_path: Path
) -> None:
    organisation(cli)
    path = answers_file(
        tmp_path,
        reasons=NOT_ABOUT_MANAGER.split(" = ", 1)[1],
        safety_concern="true",
        concern_about='"workplace"',
        concern_detail='"The forklift brakes fail; I reported it twice."',
        could_have_done='"A team lead role in spring."',
        would_stay="true",
    )
    cli("interview", "exit", "E1", "--answers", str(path), "--interviewer", "Zhou Min")
    found = actions(cli)
    safety, retention = found["safety"], found["retention"]
    assert "The forklift brakes fail; I reported it twice." in safety["detail"]
    assert "Who or what is the concern about? -> The workplace" in safety["detail"]
    assert (
        'What could we have done to keep you? -> "A team lead role in spring."'
        in (retention["detail"])
    )
    assert safety["separation_id"] == retention["separation_id"] == 1
    # The interviewer, named as a person on file, is stored by number and shown by name.
    assert (safety["owner"], safety["owner_name"]) == ("H1", "Zhou Min")
    assert (retention["owner"], retention["owner_name"]) == ("M7", "Wang Lei")
    shown = json.loads(cli("actions", "show", str(safety["id"]), "--format", "json").stdout)
    assert shown["owner_name"] == "Zhou Min" and shown["separation_id"] == 1
    table = cli("actions", "list").stdout
    assert "Zhou Min" in table and "Wang Lei" in table
    interview = cli("interview", "show", "1").stdout
    assert "Wang Lei" in interview


def test_an_item_never_has_an_empty_owner(cli: Run, tmp_path: Path) -> None:
    organisation(cli)
    path = answers_file(
        tmp_path, reasons=NOT_ABOUT_MANAGER.split(" = ", 1)[1], safety_concern="true"
    )
    result = cli("interview", "exit", "E1", "--answers", str(path), expect=2)
    assert result.stderr.startswith("error: no one to own the action items this interview raises")
    assert "retainkit config set actions.default_owner" in result.stderr
    assert json.loads(cli("interview", "list", "-f", "json").stdout) == []  # nothing recorded
    said = cli("interview", "exit", "E1", "--answers", str(path), "--lang", "zh", expect=2)
    assert said.stderr.startswith(
        "error: 本次访谈产生的行动项无人负责"
    )  # in the interview's language
    cli("config", "set", "actions.default_owner", "Zhou Min")  # a name: resolved to H1
    cli("interview", "exit", "E1", "--answers", str(path))
    safety = actions(cli)["safety"]
    assert (safety["owner"], safety["owner_name"]) == ("H1", "Zhou Min")


def test_a_complaint_about_the_manager_goes_to_hr_never_to_that_manager(
    cli: Run, tmp_path: Path
) -> None:
    organisation(cli)
    cli("config", "set", "actions.hr_owner", "H1")
    path = answers_file(
        tmp_path,
        reasons=NOT_ABOUT_MANAGER.split(" = ", 1)[1],
        legal_concern="true",
        concern_about='"manager"',
        concern_detail='"My supervisor harassed me."',
        would_stay="true",
    )
    cli("interview", "exit", "E1", "--answers", str(path), "--interviewer", "M7")
    found = actions(cli)
    for kind in ("legal", "retention"):
        assert (found[kind]["owner"], found[kind]["owner_name"]) == ("H1", "Zhou Min"), kind
        assert "routed to HR or leadership, not to the manager" in found[kind]["detail"]
    assert "My supervisor harassed me." in found["legal"]["detail"]


def test_a_manager_reason_keeps_the_retention_item_from_that_manager(
    cli: Run, tmp_path: Path
) -> None:
    organisation(cli)
    path = answers_file(tmp_path, would_stay="true")  # the example names the manager
    cli("interview", "exit", "E1", "--answers", str(path), "--interviewer", "Maria Lopez")
    retention = actions(cli)["retention"]
    assert retention["owner"] == "Maria Lopez"  # no HR owner set: the interviewer, not M7


def test_a_manager_who_held_the_interview_cannot_own_the_complaint(
    cli: Run, tmp_path: Path
) -> None:
    organisation(cli)
    path = answers_file(tmp_path, would_stay="true")
    result = cli(
        "interview", "exit", "E1", "--answers", str(path), "--interviewer", "Wang Lei",
        "--held-by", "manager", expect=2,
    )  # fmt: skip
    assert "complains about their manager" in result.stderr
    assert "retainkit config set actions.hr_owner" in result.stderr
    cli("config", "set", "actions.hr_owner", "Head of People")
    cli(
        "interview", "exit", "E1", "--answers", str(path), "--interviewer", "Wang Lei",
        "--held-by", "manager",
    )  # fmt: skip
    retention = actions(cli)["retention"]
    assert (retention["owner"], retention["owner_name"]) == ("Head of People", "Head of People")


def test_a_live_interview_no_one_can_own_stays_a_draft_until_someone_can(
    sqlite_db: Path, sqlite_cli: Run, private_home: Path
) -> None:
    import pexpect

    from tests.test_terminal import EXIT_ANSWERS, a_leaver, answer, spawn

    a_leaver(sqlite_cli)  # no interviewer named, no owner set; "manager" is the reason
    steps = [(s, "y\r" if s == "would you consider staying" else k) for s, k in EXIT_ANSWERS]
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024"], private_home)
    child.expect_exact("has no one to own it yet")  # said before the first question
    answer(child, steps)
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("complains about their manager")
    child.expect_exact("every answer is kept in the draft")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    [draft] = json.loads(sqlite_cli("interview", "list", "-f", "json").stdout)
    assert draft["status"] == "draft" and draft["answered"] == len(steps) - 1  # reasons: 2 steps
    sqlite_cli("config", "set", "actions.hr_owner", "Head of People")
    child = spawn(["--db", str(sqlite_db), "interview", "exit", "E1024", "--resume"], private_home)
    child.expect_exact("Review the answers")
    child.send("s\r")
    child.expect_exact("interview 1 completed")
    child.expect(pexpect.EOF)
    child.close()
    retention = actions(sqlite_cli)["retention"]
    assert retention["owner"] == "Head of People"
