"""A save is counted: a retention chance ends in a recorded decision (separation withdraw:
the leaver stays; separation confirm: the exit stands), and the reports and the workbook
show saves, the save rate and the turnover cost avoided."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, Run

TODAY = date(2026, 11, 30)
RANGE = ("--from", "2026-10-01", "--to", "2026-12-31")
WOULD_STAY = (
    (EXAMPLES / "answers" / "written-exit.toml")
    .read_text()
    .replace('contributing = ["compensation", "manager"]', 'contributing = ["compensation"]')
    .replace("would_stay = false", "would_stay = true")
)


def a_retention_chance(
    cli: Run, tmp_path: Path, number: str, salary: str, last_day: str = "2026-12-15"
) -> None:
    """A leaver whose exit interview says they would stay if something changed."""
    cli(
        "people", "add", "--employee-no", number, "--name", f"Person {number}", "--manager-no",
        "M7", "--level", "middle", "--salary", salary, "--hire-date", "2020-01-06",
    )  # fmt: skip
    cli("depart", number, "--last-day", last_day, "--kind", "voluntary")
    path = tmp_path / f"{number}.toml"
    path.write_text(WOULD_STAY, encoding="utf-8")
    cli("interview", "exit", number, "--answers", str(path), "--interviewer", "Maria Lopez")


def report(cli: Run, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(cli("report", name, *RANGE, "-f", "json").stdout)
    return rows


def total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(row for row in rows if row["period"] == "Total")


def test_a_save_withdraws_the_separation_and_a_confirmed_exit_keeps_it(
    cli: Run, tmp_path: Path
) -> None:
    cli("config", "set", "report.min_group", "1")
    cli("people", "add", "--employee-no", "M7", "--name", "Wang Lei")
    a_retention_chance(cli, tmp_path, "E1", "80000")
    a_retention_chance(cli, tmp_path, "E2", "60000")
    assert total(report(cli, "turnover"))["separations"] == 2
    cost_before = {
        row["period"]: row["total_cost"] for row in report(cli, "cost")
    }  # both leavers: 80000 × 0.8 + 4700 and 60000 × 0.8 + 4700
    assert cost_before["Total"] == 68700 + 52700

    result = cli("separation", "withdraw", "1", "--note", "Moved to the platform team")
    assert "withdrew separation 1: E1 stays (a save); retention action items closed: 1" in (
        result.stderr
    )
    shown = json.loads(cli("separation", "show", "1", "-f", "json").stdout)
    assert (shown["status"], shown["retention_decision"]) == ("withdrawn", "retained")
    assert shown["decision_note"] == "Moved to the platform team"
    person = json.loads(cli("people", "show", "E1", "-f", "json").stdout)
    assert person["status"] == "active"
    plan = json.loads(cli("followup", "plan", "E1", "-f", "json").stdout)
    assert {c["status"] for c in plan if c["kind"] != "exit interview"} == {"cancelled"}
    item = json.loads(cli("actions", "show", "1", "-f", "json").stdout)
    assert (item["status"], item["outcome"]) == (
        "done",
        "Retained: the separation was withdrawn (Moved to the platform team)",  # the note kept
    )
    # a withdrawn separation is no separation in turnover figures
    assert total(report(cli, "turnover"))["separations"] == 1
    assert total(report(cli, "cost"))["total_cost"] == 52700

    cli("separation", "confirm", "2")
    assert json.loads(cli("separation", "show", "2", "-f", "json").stdout)["status"] == "open"
    assert json.loads(cli("actions", "show", "2", "-f", "json").stdout)["status"] == "done"
    cli("people", "add", "--employee-no", "E3", "--name", "No Chance", "--hire-date", "2020-01-06")
    cli("depart", "E3", "--last-day", "2026-12-15", "--kind", "voluntary")  # no retention item
    saves = total(report(cli, "saves"))
    assert saves == {
        "period": "Total",
        "chances": 2,
        "decided": 2,
        "saves": 1,
        "exits_confirmed": 1,
        "save_rate": 50.0,
        "cost_avoided": 68700,  # what separation 1 would have cost, as report cost says
    }
    assert "Save rate" in cli("report", "saves", *RANGE).stdout


def test_a_decision_is_recorded_once_and_only_on_an_open_separation(
    cli: Run, tmp_path: Path
) -> None:
    cli("people", "add", "--employee-no", "M7", "--name", "Wang Lei")
    a_retention_chance(cli, tmp_path, "E1", "80000")
    cli("separation", "confirm", "1")
    again = cli("separation", "withdraw", "1", expect=2)
    assert "separation 1 has its decision already: left on 2026-11-30" in again.stderr
    cli("people", "add", "--employee-no", "E3", "--name", "Li Na")
    cli("depart", "E3", "--last-day", "2026-12-20", "--kind", "voluntary")
    cli("separation", "cancel", "2", "--why", "Recorded for the wrong person")
    refused = cli("separation", "withdraw", "2", expect=2)
    assert "separation 2 is cancelled; only an open separation can be withdrawn" in (refused.stderr)


def test_the_workbook_shows_saves_on_the_cost_sheet_and_a_saves_tile(
    cli: Run, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    cli("config", "set", "report.min_group", "1")
    cli("people", "add", "--employee-no", "M7", "--name", "Wang Lei")
    a_retention_chance(cli, tmp_path, "E1", "80000", last_day="2026-11-20")
    cli("separation", "withdraw", "1")
    path = tmp_path / "book.xlsx"
    cli("export", "excel", str(path), "--from", "2026-01-01", "--to", "2026-11-30")
    book = load_workbook(path)
    cost = [[c.value for c in row] for row in book["Cost"].iter_rows()]
    at = next(n for n, row in enumerate(cost) if row[:2] == ["Period", "Retention chances"])
    header = cost[at]
    assert header[:7] == [
        "Period", "Retention chances", "Decided", "Saves", "Exits confirmed", "Save rate %",
        "Turnover cost avoided",
    ]  # fmt: skip
    rows = {row[0]: row for row in cost[at + 1 :] if row[0]}
    assert rows["Total"][1:7] == [1, 1, 1, 0, 1.0, 68700]  # a rate cell holds a fraction
    for letter in "ABCDEFG":  # every column of the Saves table is visible
        assert not book["Cost"].column_dimensions[letter].hidden, letter
    dashboard = [[c.value for c in row] for row in book["Dashboard"].iter_rows()]
    for number, row in enumerate(dashboard):
        if "Saves" in row:
            assert dashboard[number + 1][row.index("Saves")] == 1  # the tile's figure
            break
    else:
        raise AssertionError("no Saves tile on the Dashboard")
