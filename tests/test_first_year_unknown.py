"""Leavers whose hire date is not known (an anonymised extract, a file that lacks it) do not
count as leaving after more than a year: the first-year figures leave them out, and are
blank, not 0, where nobody's hire date is known."""

from __future__ import annotations

import csv
import io

from tests.conftest import Run

TODAY = __import__("datetime").date(2026, 12, 31)


def turnover(cli: Run) -> dict[str, dict[str, str]]:
    result = cli(
        "report", "turnover", "--from", "2026-01-01", "--to", "2026-12-31", "--period", "year",
        "--format", "csv",
    )  # fmt: skip
    return {row["period"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_first_year_figures_over_unknown_hire_dates_are_unknown(cli: Run) -> None:
    cli("config", "set", "report.min_group", "1")
    for number in ("E1", "E2"):
        cli("people", "add", "--employee-no", number, "--name", f"Person {number}")
        cli("depart", number, "--last-day", "2026-06-30", "--kind", "voluntary")
    row = turnover(cli)["2026"]
    assert row["separations"] == "2"
    assert (row["first_year"], row["first_year_rate"]) == ("", "")
    result = cli("report", "turnover", "--from", "2026-01-01", "--to", "2026-12-31")
    assert "2 leavers have no hire date: first-year figures leave them out" in result.stderr

    cli("people", "add", "--employee-no", "E3", "--name", "New", "--hire-date", "2026-03-01")
    cli("depart", "E3", "--last-day", "2026-09-30", "--kind", "voluntary")
    row = turnover(cli)["2026"]
    assert (row["separations"], row["first_year"], row["first_year_rate"]) == ("3", "1", "100.0")
