"""Reports against numbers worked out by hand on a small fixed organisation.

Twelve people: Sales S1-S6 and Engineering G1-G6, all hired 2020-01-01 except S6
(2025-09-01) and G6 (2026-03-01). Five leave in the first half of 2026:

    S1  2026-02-15  voluntary    regrettable  staff   50,000   said: compensation (+ manager)
    S2  2026-03-20  involuntary               staff   unknown  declined the interview
    S6  2026-02-01  voluntary    first year   staff   40,000   said: career growth (+ compensation)
    G1  2026-05-10  voluntary    regrettable  senior 100,000   said: compensation
    G2  2026-06-30  retirement                core    90,000   said: retirement

HR verified S1's reason as "manager" and S2's as "involuntary_performance".
Every expected figure below is computed in the comments next to it, not by retainkit.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Run

PEOPLE = """employee_no,name,email,phone,department,level,manager_no,hire_date,salary
S1,Sara One,s1@example.com,+1 555 0101,Sales,staff,S5,2020-01-01,50000
S2,Sam Two,s2@example.com,+1 555 0102,Sales,staff,S5,2020-01-01,
S3,Sue Three,s3@example.com,+1 555 0103,Sales,staff,S5,2020-01-01,50000
S4,Sid Four,s4@example.com,+1 555 0104,Sales,staff,S5,2020-01-01,50000
S5,Sol Five,s5@example.com,+1 555 0105,Sales,middle,,2020-01-01,80000
S6,Sia Six,s6@example.com,+1 555 0106,Sales,staff,S5,2025-09-01,40000
G1,Gus One,g1@example.com,+1 555 0201,Engineering,senior,,2020-01-01,100000
G2,Gia Two,g2@example.com,+1 555 0202,Engineering,core,G1,2020-01-01,90000
G3,Gil Three,g3@example.com,+1 555 0203,Engineering,core,G1,2020-01-01,90000
G4,Gwen Four,g4@example.com,+1 555 0204,Engineering,core,G1,2020-01-01,90000
G5,Gabe Five,g5@example.com,+1 555 0205,Engineering,core,G1,2020-01-01,90000
G6,Gina Six,g6@example.com,+1 555 0206,Engineering,core,G1,2026-03-01,90000
"""
NAMES = [line.split(",")[1] for line in PEOPLE.splitlines()[1:]]
EMAILS = [line.split(",")[2] for line in PEOPLE.splitlines()[1:]]
PHONES = [line.split(",")[3] for line in PEOPLE.splitlines()[1:]]
RANGE = ("--from", "2026-01-01", "--to", "2026-06-30", "--period", "quarter")


def answers(tmp_path: Path, who: str, **values: Any) -> Path:
    """The written exit questionnaire example with some answers changed."""
    text = (EXAMPLES / "answers" / "written-exit.toml").read_text("utf-8")
    for key, value in values.items():
        line = f"{key} = {value}" if key == "reasons" else f"{key} = {json.dumps(value)}"
        text, found = re.subn(rf"^{key} = .*$", line.replace("\\", "\\\\"), text, flags=re.M)
        assert found == 1, key
    path = tmp_path / f"{who}.toml"
    path.write_text(text, "utf-8")
    return path


def build(cli: Run, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, "utf-8")
    cli("people", "import", str(people))
    cli("depart", "S1", "--last-day", "2026-02-15", "--kind", "voluntary", "--regrettable")
    cli("depart", "S2", "--last-day", "2026-03-20", "--kind", "involuntary")
    cli("depart", "S6", "--last-day", "2026-02-01", "--kind", "voluntary")
    cli("depart", "G1", "--last-day", "2026-05-10", "--kind", "voluntary", "--regrettable")
    cli("depart", "G2", "--last-day", "2026-06-30", "--kind", "retirement")
    said = {
        "S1": ('{ primary = "compensation", contributing = ["manager"] }', 2, 9, 1, "yes"),
        "S6": ('{ primary = "career_growth", contributing = ["compensation"] }', 4, 10, 2, "maybe"),
        "G1": ('{ primary = "compensation", contributing = [] }', 1, 3, 4, "no"),
        "G2": ('{ primary = "retirement", contributing = [] }', 5, 7, 5, "yes"),
    }
    for who, (reasons, pay, enps, manager, back) in said.items():
        path = answers(
            tmp_path, who, reasons=reasons, pay_fair=pay, enps=enps, manager_support=manager,
            would_return=back,
        )  # fmt: skip
        cli("interview", "exit", who, "--answers", str(path))
    cli("interview", "exit", "S2", "--decline", "--why", "No time")
    cli("verify", "add", "1", "--reason", "manager", "--evidence", "Peers", "--source", "peers")
    cli("verify", "add", "2", "--reason", "involuntary_performance", "--evidence", "Records",
        "--source", "records")  # fmt: skip
    cli("followup", "log", "S1", "--outcome", "reached")  # S1's first follow-up, done late
    cli("actions", "add", "--title", "Pay review", "--kind", "remedial", "--owner", "Ana Lee",
        "--due", "2026-01-10")  # fmt: skip
    cli("actions", "add", "--title", "Career paths", "--kind", "remedial", "--owner", "Ana Lee")
    cli("actions", "add", "--title", "Exit survey", "--kind", "preventive", "--owner", "Ben Wu")
    cli("actions", "done", "2", "--informed")
    cli("actions", "drop", "3", "--why", "Replaced")


def rows(cli: Run, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(cli("report", *args, "--format", "csv").stdout)))


def by(found: list[dict[str, str]], *keys: str) -> dict[tuple[str, ...], dict[str, str]]:
    return {tuple(row[k] for k in keys): row for row in found}


@pytest.fixture
def org(cli: Run, tmp_path: Path) -> Run:
    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "1")
    return cli


def test_reasons_match_hand_counts(org: Run) -> None:
    table = by(rows(org, "reasons", *RANGE), "type", "reason")
    figures = {key: (r["2026-Q1"], r["2026-Q2"], r["total"]) for key, r in table.items()}
    assert figures[("primary", "Compensation and benefits")] == ("1", "1", "2")  # S1 | G1
    assert figures[("primary", "Career growth and promotion")] == ("1", "0", "1")  # S6
    assert figures[("primary", "Retirement")] == ("0", "1", "1")  # G2
    assert figures[("primary", "Company-controlled")] == ("2", "1", "3")
    assert figures[("primary", "Personal")] == ("0", "1", "1")
    assert figures[("primary", "Not recorded")] == ("1", "0", "1")  # S2 declined
    assert figures[("primary", "All separations")] == ("3", "2", "5")
    assert figures[("contributing", "Compensation and benefits")] == ("1", "0", "1")  # S6
    assert figures[("contributing", "Relationship with the manager")] == ("1", "0", "1")  # S1
    assert figures[("contributing", "All mentions")] == ("2", "0", "2")
    assert ("primary", "Workload and overtime") not in table  # nobody gave it: no row


def test_verified_reasons_replace_stated_ones_where_they_exist(org: Run) -> None:
    table = by(rows(org, "reasons", *RANGE, "--verified"), "type", "reason")
    figures = {key: (r["2026-Q1"], r["2026-Q2"], r["total"]) for key, r in table.items()}
    assert figures[("primary", "Compensation and benefits")] == ("0", "1", "1")  # G1 only
    assert figures[("primary", "Relationship with the manager")] == ("1", "0", "1")  # S1
    assert figures[("primary", "Involuntary: performance or conduct")] == ("1", "0", "1")
    assert figures[("primary", "Not recorded")] == ("0", "0", "0")
    assert figures[("primary", "Personal")] == ("1", "1", "2")  # S2 and G2
    # S1's verified reasons had no contributing ones: only S6's compensation is left
    assert figures[("contributing", "All mentions")] == ("1", "0", "1")

    compare = {row["reason"]: row for row in rows(org, "reasons", *RANGE, "--compare")}
    assert (compare["Compensation and benefits"]["stated"],
            compare["Compensation and benefits"]["verified"]) == ("1", "0")  # fmt: skip
    assert compare["Relationship with the manager"]["verified"] == "1"
    assert compare["Not recorded"]["stated"] == "1"  # S2 stated nothing
    assert (compare["Total"]["stated"], compare["Total"]["verified"]) == ("2", "2")
    assert compare["Relationship with the manager"]["agree"] == "0"


def test_turnover_matches_hand_computed_rates(org: Run) -> None:
    table = {row["period"]: row for row in rows(org, "turnover", *RANGE)}
    # Q1 (90 days) in person-days: S3 S4 S5 G1-G5 all quarter 8 x 90 = 720; S1 to Feb 15
    # 46; S2 to Mar 20 79; S6 to Feb 1 32; G6 from Mar 1 31: 908 / 90 = 10.089
    q1 = table["2026-Q1"]
    assert (q1["separations"], q1["headcount"], q1["turnover_rate"]) == ("3", "10.09", "29.7")
    # annualised: 3 / (908 / 90) x 100 x 365 / 90 = 109,500 / 908 = 120.59
    assert q1["annualised_rate"] == "120.6"
    assert (q1["voluntary_count"], q1["voluntary_rate"]) == ("2", "19.8")  # S1, S6
    assert (q1["involuntary_count"], q1["involuntary_rate"]) == ("1", "9.9")  # S2
    assert (q1["retirements"], q1["retirement_rate"]) == ("0", "0.0")
    assert (q1["regrettable"], q1["regrettable_rate"]) == ("1", "9.9")  # S1
    assert (q1["first_year"], q1["first_year_rate"]) == ("1", "33.3")  # S6: 1 of 3
    # Trailing 12 months to Mar 31 (Apr 1 2025 on, 365 days): 8 x 365 = 2,920; S1 275 +
    # 46 = 321; S2 275 + 79 = 354; S6 from Sep 1 122 + 32 = 154; G6 31: 3,780 / 365 =
    # 10.356; 3 left: 28.97
    assert q1["ttm_rate"] == "29.0"
    # Employed on Mar 31 2025: all but S6 and G6, 10; of them still on Mar 31 2026: 8
    assert q1["retention_rate"] == "80.0"
    assert (q1["hires"], q1["new_hire_turnover"]) == ("1", "")  # G6; a year not yet passed
    # Q2 (91 days): S3 S4 S5 G3-G6 and G2 (last day Jun 30) 8 x 91 = 728; G1 to May 10
    # 40: 768 / 91 = 8.44
    q2 = table["2026-Q2"]
    assert (q2["separations"], q2["headcount"], q2["turnover_rate"]) == ("2", "8.44", "23.7")
    assert q2["annualised_rate"] == "95.1"  # 2 x 36,500 / 768 = 95.05
    # Voluntary is resignations only: G1; G2's retirement is counted apart
    assert (q2["voluntary_count"], q2["voluntary_rate"]) == ("1", "11.8")  # 1 / 8.44
    assert (q2["retirements"], q2["retirement_rate"]) == ("1", "11.8")
    assert (q2["regrettable"], q2["regrettable_rate"]) == ("1", "11.8")  # G1
    # Employed on Jun 30 2025: 10; still on Jun 30 2026: less S1, S2, G1 = 7
    assert q2["retention_rate"] == "70.0"
    # The range (181 days): 1,676 / 181 = 9.26; 5 / 9.26 = 54.0%; annualised x 365 / 181
    total = table["Total"]
    assert (total["separations"], total["headcount"], total["turnover_rate"]) == (
        "5", "9.26", "54.0"
    )  # fmt: skip
    assert total["annualised_rate"] == "108.9"  # 5 x 36,500 / 1,676 = 108.89
    assert total["voluntary_count"] == "3" and total["retirements"] == "1"

    sales = by(rows(org, "turnover", *RANGE, "--by", "department"), "period", "department")
    # Sales Q1: S3 S4 S5 all quarter 3 x 90 = 270 + S1 46 + S2 79 + S6 32 = 427 / 90 =
    # 4.74; 3 left -> 63.2%
    assert (sales[("2026-Q1", "Sales")]["headcount"],
            sales[("2026-Q1", "Sales")]["turnover_rate"]) == ("4.74", "63.2")  # fmt: skip
    # Engineering Q1: G1-G5 5 x 90 = 450 + G6 31 = 481 / 90 = 5.34; nobody left
    assert (sales[("2026-Q1", "Engineering")]["headcount"],
            sales[("2026-Q1", "Engineering")]["separations"]) == ("5.34", "0")  # fmt: skip

    tenure = by(rows(org, "turnover", *RANGE, "--by", "tenure"), "period", "tenure")
    assert tenure[("2026-Q1", "under 1 year")]["separations"] == "1"  # S6
    assert tenure[("2026-Q1", "5+ years")]["separations"] == "2"  # S1, S2 (6 years)
    # Under a year in Q1: S6 Jan 1 - Feb 1 32 days, G6 31: 63 / 90 = 0.7
    assert tenure[("2026-Q1", "under 1 year")]["headcount"] == "0.7"


def test_cost_matches_the_formula_by_hand(org: Run) -> None:
    result = org("report", "cost", *RANGE, "--format", "csv")
    table = {row["period"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    # S1 50,000 x 0.4 + 4,700 = 24,700; S2 (salary unknown: staff default 45,000) 22,700;
    # S6 40,000 x 0.4 + 4,700 = 20,700. Q1: 68,100, 22,700 each.
    assert (table["2026-Q1"]["total_cost"], table["2026-Q1"]["estimated"]) == ("68100.0", "1")
    assert table["2026-Q1"]["cost_per_separation"] == "22700.0"
    # G1 senior 100,000 x 2 + 4,700 = 204,700; G2 core 90,000 x 0.8 + 4,700 = 76,700
    assert table["2026-Q2"]["total_cost"] == "281400.0"
    assert table["Total"]["total_cost"] == "349500.0"
    assert "salary × replacement factor" in result.stderr
    assert "1 of 5 salaries were not known" in result.stderr

    org("config", "set", "cost.factor.senior", "1.5")
    table = {row["period"]: row for row in rows(org, "cost", *RANGE)}
    assert table["2026-Q2"]["total_cost"] == "231400.0"  # 100,000 x 1.5 + 4,700 + 76,700


def test_scores_and_enps_by_hand(org: Run) -> None:
    table = by(rows(org, "scores", "--from", "2020-01-01", "--period", "year"), "period", "item")
    # pay_fair 2, 4, 1, 5 -> 25, 75, 0, 100 -> 50; manager_support 1, 2, 4, 5 -> 50
    assert (table[("Total", "pay")]["responses"], table[("Total", "pay")]["mean"]) == (
        "4", "50.0"
    )  # fmt: skip
    assert table[("Total", "manager_support")]["mean"] == "50.0"
    # enps 9 and 10 promote, 3 detracts, 7 is passive: (2 - 1) / 4 = 25
    assert table[("Total", "eNPS")]["mean"] == "25.0"
    assert table[("Total", "overall")]["mean"] == "72.5"  # (90 + 100 + 30 + 70) / 4


def test_interviews_followups_and_actions_by_hand(org: Run) -> None:
    table = {row["period"]: row for row in rows(org, "interviews", *RANGE)}
    q1 = table["2026-Q1"]
    assert (q1["separations"], q1["completed"], q1["declined"], q1["coverage"]) == (
        "3", "2", "1", "66.7"
    )  # fmt: skip
    assert (q1["rehire_yes"], q1["rehire_maybe"]) == ("1", "1")  # S1 yes, S6 maybe
    total = table["Total"]
    assert (total["completed"], total["coverage"], total["rehire_yes"]) == ("4", "80.0", "2")
    # First follow-ups close Apr 2 (S6), Apr 16 (S1), May 19 (S2): all in Q2; S1's was
    # logged after its window, the other two never.
    follow = by(rows(org, "followups", *RANGE), "period", "kind")
    first = follow[("2026-Q2", "first")]
    assert (first["planned"], first["done_on_time"], first["done_late"], first["not_done"]) == (
        "3", "0", "1", "2"
    )  # fmt: skip

    acts = by(rows(org, "actions", "--from", "2020-01-01", "--period", "year"), "period", "kind",
              "owner")  # fmt: skip
    ana = acts[("Total", "remedial", "Ana Lee")]
    assert (ana["total"], ana["open"], ana["overdue"], ana["done"], ana["informed"]) == (
        "2", "1", "1", "1", "1"
    )  # fmt: skip
    assert acts[("Total", "Total", "")]["dropped"] == "1"


def test_facts_stay_shown_and_what_is_personal_is_hidden(cli: Run, tmp_path: Path) -> None:
    build(cli, tmp_path)  # report.min_group stays at its default, 5
    # How many left, of which kind, and the rates are facts: shown for 3 and 2 leavers.
    table = {row["period"]: row for row in rows(cli, "turnover", *RANGE)}
    assert (table["2026-Q1"]["separations"], table["2026-Q1"]["turnover_rate"]) == ("3", "29.7")
    assert (table["2026-Q2"]["separations"], table["2026-Q2"]["retirements"]) == ("2", "1")
    assert table["Total"]["separations"] == "5"
    # Regrettable is a judgement about one person: 1, 1 and 2 are all under 5.
    for period in ("2026-Q1", "2026-Q2", "Total"):
        assert table[period]["regrettable"] == "suppressed"
        assert table[period]["regrettable_rate"] == "suppressed"
    # The whole company's year is never hidden, however small (issue 16: 2026 was `*`).
    found = rows(cli, "turnover", "--from", "2026-01-01", "--to", "2026-06-30", "--period", "year")
    year = {row["period"]: row for row in found}
    assert year["2026 to 30 Jun"]["separations"] == "5"
    # In a breakdown too: who left Sales is known to everyone in Sales.
    dept = by(rows(cli, "turnover", *RANGE, "--by", "department"), "period", "department")
    assert dept[("2026-Q1", "Sales")]["separations"] == "3"
    assert dept[("2026-Q2", "Engineering")]["voluntary_count"] == "1"  # G1
    # Reasons are personal: every count under 5 is hidden, the separations they add up
    # to are not.
    reasons = by(rows(cli, "reasons", *RANGE), "type", "reason")
    for (kind, reason), row in reasons.items():
        for period in ("2026-Q1", "2026-Q2"):
            if (kind, reason) == ("primary", "All separations"):
                assert row[period] == {"2026-Q1": "3", "2026-Q2": "2"}[period]
            else:
                assert row[period] in ("0", "suppressed"), row
    # Cost: 2 known salaries a quarter would give them away; the count stays shown.
    cost = {row["period"]: row for row in rows(cli, "cost", *RANGE)}
    assert (cost["2026-Q1"]["separations"], cost["2026-Q1"]["estimated"]) == ("3", "1")
    assert cost["2026-Q1"]["total_cost"] == "suppressed"  # S1, S6
    assert cost["Total"]["total_cost"] == "suppressed"  # 4 known salaries
    # Interview coverage: the leavers are a fact, who completed or declined is not.
    held = {row["period"]: row for row in rows(cli, "interviews", *RANGE)}
    assert (held["2026-Q1"]["separations"], held["2026-Q1"]["declined"]) == ("3", "suppressed")
    result = cli("report", "turnover", *RANGE)
    assert "*" in result.stdout and "fewer than 5 people" in result.stderr  # notes are messages


def test_cost_is_hidden_only_where_it_would_give_a_salary_away(cli: Run, tmp_path: Path) -> None:
    build(cli, tmp_path)  # report.min_group 5
    # March in Sales: S2 alone, whose salary is unknown: the cost is the staff default
    # 45,000 x 0.4 + 4,700 = 22,700 from the settings, and reveals nobody's pay.
    months = by(rows(cli, "cost", "--from", "2026-01-01", "--to", "2026-03-31", "--period",
                     "month", "--by", "department"), "period", "department")  # fmt: skip
    assert months[("2026-03", "Sales")]["total_cost"] == "22700.0"
    assert months[("2026-02", "Sales")]["total_cost"] == "suppressed"  # S1 and S6
    cli("config", "set", "report.min_group", "2")
    cost = by(rows(cli, "cost", *RANGE, "--by", "level"), "period", "level")
    # Q2: G1 senior (one known salary: hidden), G2 core (one: hidden); together 2: shown
    assert cost[("2026-Q2", "senior")]["total_cost"] == "suppressed"
    assert cost[("2026-Q2", "core")]["total_cost"] == "suppressed"
    # Q1 staff: S1 and S6 known, 2: shown = 24,700 + 22,700 (S2 estimated) + 20,700
    assert cost[("2026-Q1", "staff")]["total_cost"] == "68100.0"


def test_a_group_of_four_is_hidden_and_cannot_be_worked_out(cli: Run, tmp_path: Path) -> None:
    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "2")
    # Primary reasons for the half year: compensation 2, career growth 1, retirement 1,
    # not recorded 1. Career growth (1) is hidden, and so is something beside it in its
    # column, so 5 - the rest never gives it.
    found = by(rows(cli, "reasons", "--from", "2026-01-01", "--to", "2026-06-30",
                    "--period", "year"), "type", "reason")  # fmt: skip
    half = "2026 to 30 Jun"  # the year, cut short by the range, says so
    column = {reason: row[half] for (kind, reason), row in found.items() if kind == "primary"}
    assert column["Career growth and promotion"] == "suppressed"
    hidden = [r for r, v in column.items() if v == "suppressed"]
    assert len(hidden) >= 2


def half_year(period: str) -> Any:
    """The options of the hand-counted half year, nothing hidden."""
    from datetime import date

    from retainkit.reports.model import Options
    from retainkit.reports.periods import periods

    start, end = date(2026, 1, 1), date(2026, 6, 30)
    return Options(start, end, periods(start, end, period), None, 1, "en", end)


def test_summary_figures_set_the_last_period_beside_the_one_before(org: Run, db_url: str) -> None:
    from retainkit.cli.context import wall_clock
    from retainkit.reports import build
    from retainkit.reports.summary import figures
    from retainkit.storage.database import Database

    db = Database(db_url, now=wall_clock)
    found = {}
    with db.read() as session:
        for period in ("quarter", "year"):
            opts = half_year(period)
            made = {
                name: build.report(session, name, opts)
                for name in ("turnover", "cost", "interviews", "scores")
            }
            found[period] = figures(session, opts, **made)
    db.close()
    quarters = found["quarter"]
    assert (quarters.this_period, quarters.previous_period) == ("2026-Q2", "2026-Q1")
    measures = {m.key: (m.this_period, m.previous_period, m.change) for m in quarters.measures}
    # daily headcounts and rates as test_turnover_matches_hand_computed_rates works out:
    # Q1 908 person-days / 90 days = 10.09, Q2 768 / 91 = 8.44
    assert measures["headcount"] == (8.44, 10.09, -1.7)  # 8.44 - 10.09 in floating point
    assert measures["total_separations"] == (2, 3, -1)
    # Rates are compared annualised (each quarter's own year: 365 days from its first day):
    # Q2 2 / 8.44 × 365/91 = 200 × 365 / 768 = 95.05; Q1 3 / 10.09 × 365/90 = 300 × 365 / 908
    # = 120.59; the change in percentage points 95.1 - 120.6
    assert measures["annualised_rate"] == (95.1, 120.6, -25.5)
    # resignations G1 | S1, S6: 100 × 365 / 768 = 47.53; 200 × 365 / 908 = 80.40
    assert measures["voluntary_annualised"] == (47.5, 80.4, -32.9)
    # regrettable G1 | S1: 47.53; 100 × 365 / 908 = 40.20
    assert measures["regrettable_annualised"] == (47.5, 40.2, 7.3)
    # first year: nobody in Q2 (G1, G2 hired 2020) | S6 of S1, S2, S6 = 33.3
    assert measures["first_year_rate"] == (0.0, 33.3, -33.3)
    # retention: of the 10 hired in 2020, employed 2025-06-30, 7 still on 2026-06-30 (G2's
    # last day: still employed) | employed 2025-03-31, 8 still on 2026-03-31 (S1, S2 gone)
    assert measures["retention_rate"] == (70.0, 80.0, -10.0)
    assert measures["total_cost"] == (281400.0, 68100.0, 213300.0)
    assert measures["interview_coverage"] == (100.0, 66.7, 33.3)  # S2 declined in Q1
    assert measures["enps"] == (None, None, None)  # the interviews were finished today
    # raised today, after the range: no action item existed in it, so no figure ("–")
    assert measures["open_actions"] == (None, None, None)
    assert measures["overdue_actions"] == (None, None, None)
    assert [m.kind for m in quarters.measures] == [
        "number", "count", "rate", "rate", "rate", "rate", "rate", "money", "score", "rate",
        "count", "count",
    ]  # fmt: skip
    year = found["year"]
    assert (year.this_period, year.previous_period) == ("2026 to 30 Jun", None)
    assert all(m.previous_period is None and m.change is None for m in year.measures)
    assert {m.key: m.this_period for m in year.measures}["total_separations"] == 5


def test_bad_report_options_are_clear_errors(cli: Run) -> None:
    result = cli("report", "turnover", "--period", "week", expect=2)
    assert "--period" in result.stderr
    result = cli("report", "reasons", "--by", "colour", expect=2)
    assert "--by must be one of" in result.stderr
    result = cli("report", "cost", "--from", "2026-05-01", "--to", "2026-01-01", expect=2)
    assert "before --from" in result.stderr
    result = cli("report", "scores", "--from", "2026-02-30", expect=2)
    assert "--from" in result.stderr
    assert cli("report", "turnover", "--format", "json").stdout.strip().startswith("[")


def test_json_output_carries_every_column(org: Run) -> None:
    data = json.loads(org("report", "turnover", *RANGE, "--format", "json").stdout)
    assert data[0]["period"] == "2026-Q1" and data[0]["separations"] == 3
    assert data[0]["turnover_rate"] == 29.7


def test_a_narrow_table_leaves_out_the_oldest_periods_and_keeps_labels_and_total() -> None:
    from retainkit.cli.output import fit_columns
    from retainkit.cli.reports import table_columns
    from retainkit.reports.model import Column, Report

    periods = ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    report = Report(
        "reasons",
        [Column("department", "text"), Column("reason", "text")]
        + [Column(p, "count", p) for p in periods]
        + [Column("total")],
        rows=[],
    )
    columns = table_columns(report, "en")
    assert [c.heading for c in columns][-1] == "Total"
    assert [c.numeric for c in columns] == [False, False, True, True, True, True, True]
    texts = [["Customer Support", "Compensation and benefits", "0", "*", "3", "12", "15"]]
    every = fit_columns(columns, texts, 200)
    assert every == list(range(7))
    narrow = [columns[p].key for p in fit_columns(columns, texts, 64)]
    assert narrow == ["department", "reason", "2026-Q1", "2026-Q2", "total"]
    narrowest = [columns[p].key for p in fit_columns(columns, texts, 20)]
    assert narrowest == ["department", "reason"]  # the labels of a row are never left out


def test_small_groups_show_only_on_the_specialists_own_terminal(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(cli, tmp_path)  # report.min_group 5: the regrettable 1 and 1 are hidden
    # Not for a pipe, a file or a program: one line, exit 2, nothing shown, nothing logged.
    for extra in ((), ("--format", "csv"), ("--format", "json")):
        result = cli("report", "turnover", *RANGE, "--show-small-groups", *extra, expect=2)
        assert "your own terminal only" in result.stderr and result.stdout == ""
    assert "terminal" not in cli("audit", "list", "--format", "csv").stdout
    monkeypatch.setattr("retainkit.cli.reports.on_terminal", lambda: True)
    result = cli("report", "turnover", *RANGE, "--by", "department", "--show-small-groups")
    assert "*" not in result.stdout and "Small groups are shown" in result.stderr
    log = list(csv.DictReader(io.StringIO(cli("audit", "list", "--format", "csv").stdout)))
    (entry,) = [row for row in log if row["target"] == "terminal"]
    assert entry["action"] == "export"
    assert "report turnover by department" in entry["detail"]
    # Without the option the same terminal still hides them.
    assert "*" in cli("report", "turnover", *RANGE).stdout
