"""What leavers valued is no problem theme, a period nobody commented in shows zeros, and
quotes hide a first or last name written alone.

Five leavers, report.min_comments 3, months May and June 2026:
    Alpha  A101 (May) pay, and values flexible hours; A102 (May) names a colleague by first
           and by last name alone; A103 (June) nothing to say.
    Beta   B201 (June), Gamma C301 (June): nothing to say (under the threshold).
D900 Dmitri Volkov and W900 Will Grant work in Ops and never leave.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_comments_report import answers, people_on_file, sheet_values

PEOPLE = """employee_no,name,email,phone,department,level,hire_date
D900,Dmitri Volkov,dmitri@example.com,+1 555 0900,Ops,staff,2019-01-01
W900,Will Grant,will@example.com,+1 555 0901,Ops,staff,2019-01-01
A101,Ann Lee,ann@example.com,+1 555 0101,Alpha,staff,2020-01-01
A102,Bob Hart,bob@example.com,+1 555 0102,Alpha,staff,2020-01-01
A103,Cat Ng,cat@example.com,+1 555 0103,Alpha,staff,2020-01-01
B201,Dan Oh,dan@example.com,+1 555 0201,Beta,staff,2020-01-01
C301,Eve Poe,eve@example.com,+1 555 0301,Gamma,staff,2020-01-01
"""
NAMED = "Move me away from Dmitri. I will not miss Volkov, DMITRI or Will."
WRITTEN = {  # who: (last day, what did not work, what worked)
    "A101": ("2026-05-04", "The salary was too low.", "Flexible hours."),
    "A102": ("2026-05-05", NAMED, ""),
    "A103": ("2026-06-03", "Nothing more to say.", ""),
    "B201": ("2026-06-04", "Nothing more to say.", ""),
    "C301": ("2026-06-05", "Nothing more to say.", ""),
}
RANGE = ("--from", "2026-05-01", "--to", "2026-06-30")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Run:
    folder = tmp_path_factory.mktemp("counts")
    cli = people_on_file(folder, sqlite_template, PEOPLE)
    for who, (day, did_not, worked) in WRITTEN.items():
        cli("depart", who, "--last-day", day, "--kind", "voluntary")
        written = answers(folder, who, "compensation", did_not, worked=worked)
        cli("interview", "exit", who, "--answers", str(written))
    cli("config", "set", "report.min_comments", "3")
    return cli


def report(cli: Run, *args: str) -> tuple[list[dict[str, str]], str]:
    result = cli("report", *args, "--format", "csv")
    return list(csv.DictReader(io.StringIO(result.stdout))), " ".join(result.stderr.split())


def test_what_leavers_valued_is_not_counted_as_a_problem_theme(org: Run) -> None:
    rows, notes = report(org, "comments", *RANGE)
    totals = {row["code"]: row["total"] for row in rows}
    assert totals == {"": "5", "pay": "1"}  # "Flexible hours." answers what worked
    assert "every open answer but the praise questions (what leavers valued)" in notes


def test_a_group_nobody_commented_in_a_period_shows_zeros_not_hidden_cells(org: Run) -> None:
    rows, _ = report(org, "comments", *RANGE, "--by", "department", "--period", "month")
    by = {(row["department"], row["code"]): row for row in rows}
    for department in ("Beta", "Gamma"):
        assert by[(department, "")]["2026-05"] == "0"
        assert by[(department, "pay")]["2026-05"] == "0", by[(department, "pay")]
        assert by[(department, "")]["total"] == "suppressed"  # under the threshold
    assert by[("Alpha", "")]["total"] == "3"


def test_quotes_hide_a_first_or_last_name_written_alone(org: Run, tmp_path: Path) -> None:
    path = tmp_path / "quoted.xlsx"
    org("export", "excel", str(path), *RANGE, "--quotes")
    values = sheet_values(path, "Comments")
    named = [v for v in values if v.startswith("Move me away from")]
    assert len(named) == 1, values
    quote = named[0]
    assert not re.search(r"Dmitri|DMITRI|Volkov", quote), quote
    aliases = re.findall(r"P-[0-9A-F]{10}", quote)
    assert len(aliases) == 4 and len(set(aliases[:3])) == 1  # Dmitri Volkov each time
    assert aliases[3] != aliases[0]  # "Will", capitalised: Will Grant
    assert "I will not miss" in quote  # a common word in lower case stays


def test_name_words_are_whole_capitalised_words_and_a_shared_one_names_nobody() -> None:
    from retainkit.core.scrub import NameWords

    words = NameWords([("Sam Park", "P-1"), ("Sam Lee", "P-2"), ("Rose Long", "P-3")], "[name]")
    assert words.replace("Sam said Park's rose garden was Long gone, Rose.") == (
        "[name] said P-1's rose garden was P-3 gone, P-3."
    )
    assert words.replace("Samuel and Parker, samples") == "Samuel and Parker, samples"
