"""A figure about a group of fewer than report.min_group people is hidden, zeros too: on the
small organisation of tests/test_reports.py, with S3 (Sales) leaving on 2026-05-01 (not
regrettable, no interview, no reason recorded) and report.min_group 3.

Sales in 2026-Q2 is S3 alone. Before, its figures read "0 regrettable", "0 completed,
0 declined, 0 drafts" and a 0 for every reason: each a fact about S3. Engineering in Q2
(G1, G2: two leavers) likewise. The totals of the quarter (three leavers) and the
separations themselves stay shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from retainkit.reports.suppression import TOTAL, Axis
from tests.conftest import Run
from tests.test_reports import build, by, rows

QUARTERS = ("--from", "2026-01-01", "--to", "2026-06-30", "--period", "quarter")


@pytest.fixture
def org(cli: Run, tmp_path: Path) -> Run:
    build(cli, tmp_path)
    cli("depart", "S3", "--last-day", "2026-05-01", "--kind", "voluntary")
    cli("config", "set", "report.min_group", "3")
    return cli


def test_no_figure_about_one_or_two_leavers_is_shown(org: Run) -> None:
    turnover = by(rows(org, "turnover", *QUARTERS, "--by", "department"), "period", "department")
    sales, engineering = turnover[("2026-Q2", "Sales")], turnover[("2026-Q2", "Engineering")]
    assert (sales["separations"], sales["regrettable"]) == ("1", "suppressed")  # was "0"
    assert (engineering["separations"], engineering["regrettable"]) == ("2", "suppressed")
    interviews = by(
        rows(org, "interviews", *QUARTERS, "--by", "department"), "period", "department"
    )
    sales = interviews[("2026-Q2", "Sales")]
    assert sales["separations"] == "1"
    assert {sales[k] for k in ("completed", "declined", "drafts", "not_held")} == {"suppressed"}
    reasons = rows(org, "reasons", *QUARTERS, "--by", "department")
    sales_q2 = {r["reason"]: r["2026-Q2"] for r in reasons if r.get("department") == "Sales"}
    assert sales_q2.pop("All separations") == "1"  # how many left: a fact
    assert sales_q2 and set(sales_q2.values()) <= {"suppressed", ""}, sales_q2


def test_cells_about_few_are_every_figure_but_how_many_they_are() -> None:
    from retainkit.reports.small_groups import about_few

    axes = [Axis("group", ("a", "b")), Axis("state", ("x", "y")), Axis("period", (0,))]
    counts = {("a", "x", 0): 2, ("b", "x", 0): 4, ("b", "y", 0): 2}
    few = about_few(counts, axes, (0, 2), 3)
    assert ("a", "x", 0) in few and ("a", TOTAL, 0) not in few  # how many: a fact
    assert not any(key[0] == "b" for key in few)  # six people: as before
    assert about_few(counts, axes, (0, 2), 1) == set()  # min_group 1: nothing
    assert about_few({("a",): 0}, [Axis("group", ("a",))], (0,), 3) == set()  # nobody


def test_a_hidden_reason_keeps_its_row_and_a_group_of_few_is_one_line(org: Run) -> None:
    """A reason left out because its count was 0 read as a shown 0: the one leaver of a
    group was then told by the only row listed, and a hidden zero chosen as a complement
    gave the other hidden cell away. A hidden 0 now keeps its row; a group whose every
    reason is hidden (Engineering: G1 and G2, two leavers) is one line."""
    reasons = rows(org, "reasons", *QUARTERS, "--by", "department")
    engineering = [r for r in reasons if r["department"] == "Engineering"]
    primary = [r["reason"] for r in engineering if r["type"] == "primary"]
    assert primary[0].startswith("Every reason, each hidden")
    assert not any(r["code"] for r in engineering)  # no reason told apart
    assert engineering[0]["total"] == "suppressed"
    assert [r["total"] for r in engineering if r["reason"] == "All separations"] == ["2"]


def test_follow_up_outcomes_of_fewer_contacts_are_hidden_zeros_too(org: Run) -> None:
    """Of the follow-up contacts due in a period (per kind), fewer than report.min_group
    (5 here: four first follow-ups in Q2): no outcome is shown, not even a 0 ("0 done on
    time" tells of each of them)."""
    org("config", "set", "report.min_group", "1")
    raw = by(rows(org, "followups", *QUARTERS), "period", "kind")
    org("config", "set", "report.min_group", "5")
    shown = by(rows(org, "followups", *QUARTERS), "period", "kind")
    few = [key for key, row in raw.items() if 0 < int(row["planned"]) < 5]
    assert few, raw
    for key in few:
        outcomes = {shown[key][k] for k in ("done_on_time", "done_late", "not_done")}
        assert outcomes == {"suppressed"}, (key, shown[key])
