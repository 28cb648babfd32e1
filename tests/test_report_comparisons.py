"""The Summary's and the Dashboard's comparisons, against figures worked out by hand on the
small organisation of tests/test_reports.py: a partial period stands beside a whole one
only annualised, and every measure is set against the same period a year before.

The daily headcount of that organisation (hand-counted in tests/test_reports.py): ten
people hired 2020-01-01 (S1-S5, G1-G5), S6 hired 2025-09-01, G6 hired 2026-03-01; last
days S6 2026-02-01, S1 2026-02-15, S2 2026-03-20, G1 2026-05-10, G2 2026-06-30.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.test_reports import build


@pytest.fixture
def org(cli: Run, tmp_path: Path) -> Run:
    """The small organisation, nothing hidden."""
    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "1")
    return cli


def figures_of(db_url: str, start: date, end: date, *, year_ago: bool = False) -> Any:
    from retainkit.cli.context import wall_clock
    from retainkit.reports import build
    from retainkit.reports.model import Options
    from retainkit.reports.periods import periods, year_before
    from retainkit.reports.summary import REPORTS, figures
    from retainkit.storage.database import Database

    opts = Options(start, end, periods(start, end, "quarter"), None, 1, "en", date(2027, 1, 31))
    db = Database(db_url, now=wall_clock)
    with db.read() as session:
        made = {name: build.report(session, name, opts) for name in REPORTS}
        earlier = None
        if year_ago:
            span = year_before(opts.spans[-1])
            ago = Options(span.start, span.end, [span], None, 1, "en", opts.today)
            earlier = {name: build.report(session, name, ago) for name in REPORTS}
        found = figures(session, opts, **made, year_ago=earlier)
    db.close()
    return found


def test_a_partial_quarter_is_compared_only_annualised(org: Run, db_url: str) -> None:
    found = figures_of(db_url, date(2026, 1, 1), date(2026, 5, 10))
    assert (found.this_period, found.previous_period) == ("2026-Q2 to 10 May", "2026-Q1")
    measures = {m.key: (m.this_period, m.previous_period, m.change) for m in found.measures}
    # 1 April - 10 May is 40 days: S3, S4, S5, G1 (to 10 May), G2-G6 employed throughout,
    # 9 × 40 = 360 person-days, 9.0 on average; Q1 908 / 90 = 10.09.
    assert measures["headcount"] == (9.0, 10.09, -1.1)
    # G1 left: 1 / 9 × 365 / 40 = 101.39 a year, against Q1's 300 × 365 / 908 = 120.59
    # (the per-period rates, 11.1 against 29.7, would have read as a fall of 18.6 points).
    assert measures["annualised_rate"] == (101.4, 120.6, -19.2)
    assert measures["voluntary_annualised"] == (101.4, 80.4, 21.0)  # S1, S6: 80.40
    # Separations and cost of 40 days are not set against 90 days': no change.
    assert measures["total_separations"] == (1, 3, None)
    assert measures["total_cost"][2] is None
    # shares and stocks are compared as they are: retention of the ten employed a year
    # before, on 10 May S1 and S2 are gone (G1's last day: still employed) | on 31 March too
    assert measures["retention_rate"] == (80.0, 80.0, 0.0)


def test_every_measure_stands_against_the_same_period_a_year_before(
    org: Run,
    db_url: str,
) -> None:
    found = figures_of(db_url, date(2026, 1, 1), date(2026, 6, 30), year_ago=True)
    assert found.year_ago == "2025-Q2"
    measures = {m.key: (m.this_period, m.year_ago, m.change_year) for m in found.measures}
    # 2025-Q2: the ten hired in 2020, nobody left (S6 came in September).
    assert measures["headcount"] == (8.44, 10.0, -1.6)
    assert measures["total_separations"] == (2, 0, 2)  # whole quarters: compared
    assert measures["annualised_rate"] == (95.1, 0.0, 95.1)
    # employed 2024-06-30 and still on 2025-06-30: 10 of 10
    assert measures["retention_rate"] == (70.0, 100.0, -30.0)


def test_a_partial_period_a_year_before_covers_the_same_days(
    org: Run,
    db_url: str,
) -> None:
    """The year-before period of "2027-Q1 to 31 Jan" is "2026-Q1 to 31 Jan": same days, so
    even separations are compared; actions are counted open and overdue on its last day."""
    found = figures_of(db_url, date(2026, 10, 1), date(2027, 1, 31), year_ago=True)
    assert (found.this_period, found.year_ago) == ("2027-Q1 to 31 Jan", "2026-Q1 to 31 Jan")
    measures = {m.key: m for m in found.measures}
    # nobody left in January 2027 | nobody in January 2026 (S6 left on 1 February)
    separations = measures["total_separations"]
    assert (separations.this_period, separations.year_ago, separations.change_year) == (0, 0, 0)
    # "Pay review", raised on the test's day (31 January 2027), due 10 January 2026, open;
    # "Career paths" done, "Exit survey" dropped. No action item existed on 31 December
    # 2026: nothing to compare with, so no figure (shown "–"), not "0 (+1)".
    opened = measures["open_actions"]
    assert (opened.this_period, opened.previous_period, opened.change) == (1, None, None)
    assert measures["overdue_actions"].this_period == 1
