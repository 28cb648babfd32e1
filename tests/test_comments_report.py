"""What leavers' comments say: `report comments` and its threshold, said in comments beside
stated and verified reasons, `verify list --pending` order, and the workbook's Comments
sheet with pseudonymised quotes.

Eleven leavers in Q2 2026, each with a completed exit interview:
    Sales   K101-K105  5 leavers; stated compensation. K101-K103 write about pay;
                       K104 writes about their manager Nora Quist (K199) and K105 about
                       training, naming K199, nora@example.com and +1 555 0199 (the words
                       point elsewhere); K101 in Chinese.
    Support M201-M204  4 leavers, stated workload, write about overtime (M201 pay too).
    Tech    T301-T302  2 leavers, stated flexibility, write about remote work (T301 pay too).
report.min_comments is 4 here: Tech (2) is hidden, and Support (4), the smaller other
department, with it, so Tech's figures cannot be worked out from the total; Sales shows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Run

TODAY = date(2026, 11, 30)
PEOPLE = """employee_no,name,email,phone,department,level,hire_date
K199,Nora Quist,nora@example.com,+1 555 0199,Sales,middle,2019-01-01
K101,Ada Brook,ada@example.com,+1 555 0101,Sales,staff,2020-01-01
K102,Ben Cole,ben@example.com,+1 555 0102,Sales,staff,2020-01-01
K103,Cai Dunn,cai@example.com,+1 555 0103,Sales,staff,2020-01-01
K104,Dev Eady,dev@example.com,+1 555 0104,Sales,staff,2020-01-01
K105,Eli Ford,eli@example.com,+1 555 0105,Sales,staff,2020-01-01
M201,Fay Gale,fay@example.com,+1 555 0201,Support,staff,2020-01-01
M202,Gus Hale,gus@example.com,+1 555 0202,Support,staff,2020-01-01
M203,Hal Irwin,hal@example.com,+1 555 0203,Support,staff,2020-01-01
M204,Ivy Jones,ivy@example.com,+1 555 0204,Support,staff,2020-01-01
T301,Jon Kemp,jon@example.com,+1 555 0301,Tech,staff,2020-01-01
T302,Kit Lowe,kit@example.com,+1 555 0302,Tech,staff,2020-01-01
"""
ROWS = [line.split(",") for line in PEOPLE.splitlines()[1:]]
PERSONAL = [value for row in ROWS for value in row[:4]]
ELSEWHERE_MANAGER = "My manager Nora Quist (K199) ignored every complaint I raised."
ELSEWHERE_TRAINING = (
    "There was no training at all; ask K199 at nora@example.com or +1 555 0199 why."
)
WRITTEN = {
    "K101": ("compensation", "工资太低了，和市场差距很大。"),
    "K102": ("compensation", "The salary was well below the market."),
    "K103": ("compensation", "My pay had not moved in three years."),
    "K104": ("compensation", ELSEWHERE_MANAGER),
    "K105": ("compensation", ELSEWHERE_TRAINING),
    "M201": ("workload", "Overtime every weekend, and the pay did not cover it."),
    "M202": ("workload", "Too much overtime and no one hired."),
    "M203": ("workload", "The workload doubled after the reorganisation."),
    "M204": ("workload", "Weekend overtime for months."),
    "T301": ("flexibility", "Working from home was taken away; the salary stayed flat."),
    "T302": ("flexibility", "I needed remote work two days a week."),
}
RANGE = ("--from", "2026-04-01", "--to", "2026-06-30")


def answers(tmp_path: Path, who: str, reason: str, text: str, *, worked: str = "") -> Path:
    """The example exit answers with `reason` as the main reason, `text` as what did not
    work and `worked` as what worked; the other open answers empty."""
    source = (EXAMPLES / "answers" / "written-exit.toml").read_text("utf-8")
    values = {
        "reasons": f'{{ primary = "{reason}", contributing = [] }}',
        "what_did_not": json.dumps(text, ensure_ascii=False),
        "decision_moment": '""',
        "what_worked": json.dumps(worked, ensure_ascii=False),
        "could_have_done": '""',
    }
    for key, value in values.items():
        source, found = re.subn(rf"^{key} = .*$", f"{key} = {value}".replace("\\", "\\\\"),
                                source, flags=re.M)  # fmt: skip
        assert found == 1, key
    path = tmp_path / f"{who}.toml"
    path.write_text(source, "utf-8")
    return path


def people_on_file(folder: Path, sqlite_template: Path, people: str) -> Run:
    """A database in `folder` (copied from the migrated template) with `people`, a CSV,
    imported."""
    from tests.conftest import copy_sqlite_template, make_runner

    path = folder / "retainkit.db"
    copy_sqlite_template(sqlite_template, path)
    cli = make_runner(str(path))
    (folder / "people.csv").write_text(people, "utf-8")
    cli("people", "import", str(folder / "people.csv"))
    return cli


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Run:
    folder = tmp_path_factory.mktemp("comments")
    cli = people_on_file(folder, sqlite_template, PEOPLE)
    for day, (who, (reason, text)) in enumerate(WRITTEN.items(), start=1):
        cli("depart", who, "--last-day", f"2026-05-{day:02d}", "--kind", "voluntary")
        cli("interview", "exit", who, "--answers", str(answers(folder, who, reason, text)))
    cli("config", "set", "report.min_comments", "4")
    return cli


def report(cli: Run, *args: str) -> list[dict[str, str]]:
    result = cli("report", *args, "--format", "csv")
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_comment_threshold_is_ten_leavers_by_default(sqlite_cli: Run) -> None:
    assert sqlite_cli("config", "get", "report.min_comments").stdout.strip() == "10"


def test_themes_by_department_hide_a_group_under_the_threshold(org: Run) -> None:
    rows = report(org, "comments", *RANGE, "--by", "department", "--period", "quarter")
    tech = [row for row in rows if row["department"] == "Tech"]
    assert tech, "Tech's rows are listed, with nothing in them"
    assert all(row[k] == "suppressed" for row in tech for k in ("2026-Q2", "total"))
    support = [row for row in rows if row["department"] == "Support"]
    assert all(row["total"] == "suppressed" for row in support)  # the complement
    sales = {row["code"]: row["total"] for row in rows if row["department"] == "Sales"}
    assert sales[""] == "5"  # leavers who commented
    assert sales["pay"] == "3"
    # Sales's one manager comment is all the organisation's: shown, it would say nobody in
    # Support or Tech wrote about a manager; hidden with the total shown.
    assert sales["manager"] == "suppressed"
    total = {row["code"]: row["total"] for row in rows if row["department"] == "All"}
    assert total[""] == "11" and total["pay"] == "5" and total["workload"] == "4"
    org("config", "set", "report.min_comments", "1")
    try:
        rows = report(org, "comments", *RANGE, "--by", "department")
    finally:
        org("config", "set", "report.min_comments", "4")
    tech_shown = {row["code"]: row["total"] for row in rows if row["department"] == "Tech"}
    assert tech_shown == {"": "2", "pay": "1", "flexibility": "2"}


def test_the_whole_organisation_and_a_table_say_what_is_hidden(org: Run) -> None:
    rows = report(org, "comments", *RANGE, "--by", "level")
    assert {row["code"]: row["total"] for row in rows if row["level"] == "staff"}[""] == "11"
    shown = org("report", "comments", *RANGE, "--by", "department")
    assert "report.min_comments" in shown.stderr
    bad = org("report", "comments", "--by", "manager", expect=2)
    assert "--by must be one of department, level, kind" in bad.stderr


def verify_four(cli: Run) -> None:
    """K101-K104 verified as they stated (again, where a test before did it: the same)."""
    for number in range(1, 5):
        cli("verify", "add", str(number), "--reason", "compensation", "--evidence", "Pay data",
            "--source", "records")  # fmt: skip


def test_compare_says_what_the_comments_speak_to_and_where_they_point_elsewhere(
    org: Run,
) -> None:
    verify_four(org)
    result = org("report", "reasons", "--compare", *RANGE, "--format", "csv")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["compensation"]["said"] == "3"  # K101-K103; K104 wrote about the manager
    assert rows["manager"]["said"] == "1"
    assert rows[""]["said"] == "4"
    assert (
        "of all 11 separations from 2026-04-01 to 2026-06-30 with a stated reason and "
        "comments, verified or not, the words point elsewhere than the stated reason for 2"
        in " ".join(result.stderr.split())
    )


def test_verify_list_pending_shows_the_words_that_point_elsewhere_first(org: Run) -> None:
    verify_four(org)
    result = org("verify", "list", "--pending", "--format", "json")
    checks = json.loads(result.stdout)
    order = [check["employee_no"] for check in checks]
    assert order[0] == "K105"  # unverified, writes about training, stated compensation
    assert checks[0]["elsewhere"] is True and checks[0]["said"] == "training"
    assert not any(check["elsewhere"] for check in checks[1:])
    assert order[1:] == sorted(order[1:])  # then oldest first, as before


def sheet_values(path: Path, name: str) -> list[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)[name]
    return [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_the_comments_sheet_counts_themes_and_quotes_only_when_asked(
    org: Run, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.xlsx"
    org("export", "excel", str(plain), *RANGE)
    values = sheet_values(plain, "Comments")
    assert "Pay and benefits" in values and "Leavers who commented" in values
    assert not any("salary" in v.lower() for v in values)  # no quote without --quotes
    quoted = tmp_path / "quoted.xlsx"
    org("export", "excel", str(quoted), *RANGE, "--quotes")
    values = sheet_values(quoted, "Comments")
    assert "The salary was well below the market." in values
    assert "工资太低了，和市场差距很大。" in values
    assert not any("Overtime" in v or "remote work two" in v for v in values)  # hidden
    pseudonymised = [v for v in values if "ignored every complaint" in v or "no training" in v]
    assert len(pseudonymised) == 2
    for text in pseudonymised:
        assert re.search(r"P-[0-9A-F]{10}", text), text
    for value in PERSONAL:
        assert not any(value in v for v in values), value
    anonymized = tmp_path / "anonymized.xlsx"
    org("export", "excel", str(anonymized), *RANGE, "--anonymize")
    assert not any("salary" in v.lower() for v in sheet_values(anonymized, "Comments"))


def test_the_chinese_comments_sheet_has_chinese_labels(org: Run, tmp_path: Path) -> None:
    path = tmp_path / "zh.xlsx"
    org("export", "excel", str(path), *RANGE, "--lang", "zh", "--quotes")
    values = sheet_values(path, "留言")
    assert {"部门", "主题", "留言的离职者", "薪酬福利", "原话"} <= set(values)
    assert any(v.startswith("原话摘录：") for v in values)


def test_the_said_column_total_is_leavers_speaking_to_a_reason_and_the_notes_add_up(
    org: Run,
) -> None:
    verify_four(org)  # M201 writes about overtime and pay: two reasons, one leaver
    org("verify", "add", "6", "--reason", "workload", "--evidence", "Rota", "--source",
        "records")  # fmt: skip
    result = org("report", "reasons", "--compare", *RANGE, "--format", "csv")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    said = {code: int(row["said"]) for code, row in rows.items() if row["said"]}
    assert said.pop("") == 5  # K101-K104 and M201, each speaking to a reason
    assert said == {"compensation": 4, "manager": 1, "workload": 1}
    note = " ".join(result.stderr.split())
    assert "5 of the verified separations have comments, 5 of them speaking to a reason" in note
    assert "so the column adds up to 6" in note
    # The table holds the 5 verified; the note on words pointing elsewhere says it is about
    # every separation of the range.
    assert int(rows[""]["stated"]) == 5
    assert (
        "of all 11 separations from 2026-04-01 to 2026-06-30 with a stated reason and "
        "comments, verified or not, the words point elsewhere" in note
    )
