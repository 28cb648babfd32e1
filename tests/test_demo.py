"""retainkit demo: a realistic, deterministic organisation."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

from retainkit.base.vocab import LEVELS, SEPARATION_KINDS
from retainkit.demo.organisation import generate
from tests.conftest import Run

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2028, 2, 29)  # a leap day


def test_demo_fills_a_realistic_organisation(cli: Run) -> None:
    result = cli("demo")
    assert "300 people" in result.stderr
    everyone = json.loads(cli("people", "list", "--format", "json").stdout)
    separations = json.loads(cli("separation", "list", "--format", "json").stdout)
    assert len(everyone) == 300
    assert set(p["level"] for p in everyone) == set(LEVELS)
    assert len({p["department"] for p in everyone}) >= 8
    numbers = {p["employee_no"] for p in everyone}
    assert all(p["manager_no"] in numbers for p in everyone if p["manager_no"])
    departed = [p for p in everyone if p["status"] == "departed"]
    assert 50 <= len(departed) <= 100
    kinds = Counter(s["kind"] for s in separations)
    assert kinds["voluntary"] > sum(kinds.values()) / 2
    today = TODAY
    last_days = [date.fromisoformat(s["last_day"]) for s in separations]
    assert min(last_days) >= today - timedelta(days=3 * 366)
    assert all(s["hire_date"] < s["last_day"] for s in separations)
    assert any(s["status"] == "rehired" for s in separations) or len(separations) < 60


def test_every_kind_of_separation_appears_in_a_larger_demo() -> None:
    organisation = generate(1000, seed=7, today=date(2026, 11, 23))
    assert {s["kind"] for s in organisation.separations} == set(SEPARATION_KINDS)


def test_the_same_seed_gives_the_same_organisation() -> None:
    today = date(2026, 11, 23)
    assert generate(300, seed=3, today=today) == generate(300, seed=3, today=today)
    assert generate(300, seed=3, today=today) != generate(300, seed=4, today=today)


def test_demo_refuses_a_database_with_people_unless_forced(cli: Run) -> None:
    cli("people", "add", "--employee-no", "X1", "--name", "Real Person")
    result = cli("demo", "--people", "50", expect=2)
    assert "already holds people; use --force" in result.stderr
    assert [p["employee_no"] for p in json.loads(cli("people", "list", "-f", "json").stdout)] == [
        "X1"
    ]
    cli("demo", "--people", "50", "--force")
    numbers = [p["employee_no"] for p in json.loads(cli("people", "list", "-f", "json").stdout)]
    assert len(numbers) == 50 and "X1" not in numbers


def test_demo_interviews_follow_each_story(cli: Run) -> None:
    cli("demo")
    interviews = json.loads(cli("interview", "list", "--format", "json").stdout)
    statuses = Counter((i["kind"], i["status"]) for i in interviews)
    assert statuses[("exit", "completed")] > statuses[("exit", "declined")] > 0
    assert statuses[("stay", "completed")] > 0
    separations = {
        s["employee_no"]: s
        for s in json.loads(cli("separation", "list", "--format", "json").stdout)
    }
    people = {p["employee_no"]: p for p in json.loads(cli("people", "list", "-f", "json").stdout)}
    expected = {
        "layoff": "involuntary_restructuring",
        "retirement": "retirement",
        "involuntary": "involuntary_performance",
        "end_of_contract": "end_of_contract",
    }
    by_id = {s["id"]: s for s in json.loads(cli("separation", "list", "-f", "json").stdout)}
    checked = 0
    for row in interviews:  # never before the person was hired (for that employment)
        if row["kind"] == "stay":
            hired = people[row["employee_no"]]["hire_date"]
        else:
            shown = json.loads(cli("interview", "show", str(row["id"]), "-f", "json").stdout)
            hired = by_id[shown["separation_id"]]["hire_date"]
        assert hired is None or row["started_at"][:10] >= hired, row
        if row["kind"] == "stay":
            person = people[row["employee_no"]]
            assert person["status"] == "active"
            assert person["high_performer"] or person["level"] == "core"
            continue
        if row["status"] != "completed":
            continue
        shown = json.loads(cli("interview", "show", str(row["id"]), "-f", "json").stdout)
        primary = next(r["code"] for r in shown["reasons"] if r["primary"])
        kind = separations[row["employee_no"]]["kind"]
        assert primary == expected.get(kind, primary)
        if kind == "voluntary":
            assert primary not in expected.values()
        assert shown["scores"]
        checked += 1
    assert checked >= 20
