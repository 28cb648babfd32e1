"""The Excel workbook, reopened: sheets, real cells, no formulas, safe text, anonymity."""

from __future__ import annotations

import os
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Run, make_runner
from tests.test_reports import EMAILS, NAMES, PHONES, build

INJECTED = {
    "what_worked": '=HYPERLINK("http://example.com","click")',
    "what_did_not": "+1",
    "could_have_done": "-1",
    "decision_moment": "@SUM(1)",
    "anything_else": "#N/A",
}
SHEETS = [
    "Dashboard", "Summary", "Reasons by period", "Reasons by department", "Reasons by manager",
    "Reasons by level", "Voluntary and involuntary", "Regrettable", "Turnover", "Cost",
    "Scores", "Actions", "Follow-ups", "Interview coverage", "Comments", "Interviews",
]  # fmt: skip
RANGE = ("--from", "2026-01-01")  # to today: the interviews were held today


def set_text_answers(location: str, values: dict[str, Any], interview: int = 2) -> None:
    """Put answers straight into the database, as data from elsewhere could hold them."""
    from sqlalchemy import update

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database
    from retainkit.storage.models import Answer

    db = Database(location, now=wall_clock)
    with db.write() as session:
        for key, value in values.items():
            session.execute(
                update(Answer)
                .where(Answer.interview_id == interview, Answer.question_key == key)
                .values(value=value, skipped=False)
            )
    db.close()


def stored_answer(location: str, key: str, interview: int = 2) -> str:
    """An answer as the database gives it back, the way the export reads it."""
    import json

    from sqlalchemy import func, select

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database
    from retainkit.storage.models import Answer

    db = Database(location, now=wall_clock)
    with db.read() as session:
        raw = session.execute(
            select(func.json(Answer.value)).where(
                Answer.interview_id == interview, Answer.question_key == key
            )
        ).scalar_one()
    db.close()
    value = json.loads(raw)
    assert isinstance(value, str)
    return value


def parts(path: Path, under: str = "") -> str:
    """Every XML part of the workbook (or those under a folder), as text."""
    with zipfile.ZipFile(path) as archive:
        names = [name for name in archive.namelist() if name.startswith(under)]
        return "\n".join(archive.read(name).decode("utf-8") for name in names)


def column(sheet: Any, title: str) -> list[Any]:
    header = [cell.value for cell in sheet[1]]
    position = next(n for n, text in enumerate(header) if text and text.endswith(title))
    return [row[position] for row in sheet.iter_rows(min_row=2)]


def test_the_workbook_has_every_sheet_real_cells_and_no_formula(
    cli: Run, tmp_path: Path, db_url: str
) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles.numbers import is_date_format

    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "1")
    target = tmp_path / "out" / "attrition.xlsx"
    target.parent.mkdir()
    set_text_answers(db_url, INJECTED)
    result = cli("export", "excel", str(target), *RANGE, "--period", "quarter")
    assert "16 sheets" in result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert not list(target.parent.glob(".*tmp"))  # nothing left beside it

    book = load_workbook(target)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets[1:]:  # the Dashboard is a page, not a table
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    sheets = parts(target, "xl/worksheets/")
    assert "<f>" not in sheets and "<f " not in sheets

    interviews = book["Interviews"]
    header = [cell.value for cell in interviews[1]]
    for key, text in INJECTED.items():
        cells = [c for c in column_for_key(interviews, header, key) if c.value is not None]
        assert any(c.value == text and c.data_type in ("s", "inlineStr") for c in cells), key
    last_days = [c for c in column(interviews, "Last day") if c.value is not None]
    assert last_days and all(isinstance(c.value, datetime) for c in last_days)
    assert all(is_date_format(c.number_format) for c in last_days)

    turnover = book["Turnover"]
    rates = column(turnover, "Turnover rate %")
    # 29.7%: Q1 by the daily headcount, worked out in test_reports
    assert rates[0].value == pytest.approx(0.297) and rates[0].number_format == "0.0%"
    cost = book["Cost"]
    totals = dict(zip([c.value for c in column(cost, "Department")],
                      [c.value for c in column(cost, "Turnover cost")], strict=True))  # fmt: skip
    assert totals["All"] == 349500  # the whole range, hand-checked in test_reports
    assert totals["Sales"] == 68100 and totals["Engineering"] == 281400
    with zipfile.ZipFile(target) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    # monthly trend, kinds of separation, reasons by period, turnover rate, cost
    assert len(charts) == 5

    again = cli("export", "excel", str(target), *RANGE, expect=2)
    assert "--force" in again.stderr


def column_for_key(sheet: Any, header: list[Any], key: str) -> list[Any]:
    from retainkit.core.questionnaires.loading import load_text

    source = (Path(__file__).parent.parent / "src/retainkit/questionnaires/exit.toml").read_text()
    prompt = load_text(source).question(key).text("en")  # type: ignore[union-attr]
    position = next(n for n, text in enumerate(header) if text and text.endswith(prompt))
    return [row[position] for row in sheet.iter_rows(min_row=2)]


def test_control_characters_and_huge_text_are_made_safe(
    sqlite_cli: Run, tmp_path: Path, sqlite_db: Path
) -> None:
    from openpyxl import load_workbook

    build(sqlite_cli, tmp_path)
    set_text_answers(
        str(sqlite_db), {"what_worked": "bell\x07 and nul\x00 here", "what_did_not": "x" * 40_000}
    )
    target = tmp_path / "safe.xlsx"
    result = sqlite_cli("export", "excel", str(target), *RANGE)
    assert "2 control characters" in result.stderr
    assert "1 texts over 32,767 characters were cut" in result.stderr
    sheet = load_workbook(target)["Interviews"]
    header = [cell.value for cell in sheet[1]]
    assert "bell and nul here" in [c.value for c in column_for_key(sheet, header, "what_worked")]
    [long] = [
        c.value for c in column_for_key(sheet, header, "what_did_not") if "xxx" in str(c.value)
    ]
    assert len(long) == 32_767 and long.endswith("[…cut]")


def test_anonymized_workbook_holds_no_name_email_or_phone(cli: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    build(cli, tmp_path)
    cli("config", "set", "report.min_group", "1")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    cli("export", "excel", str(first), *RANGE, "--anonymize")
    cli("export", "excel", str(second), *RANGE, "--anonymize")
    text = parts(first)
    for value in [*NAMES, *EMAILS, *PHONES, "Ana Lee", "Ben Wu"]:
        assert value not in text, value
    sheet = load_workbook(first)["Interviews"]
    header = [cell.value for cell in sheet[1]]
    assert "Name" not in header and "Employee no." not in header and "Interviewer" not in header
    assert not any("new role" in str(h) or "describe it" in str(h) for h in header)  # sensitive
    pseudonyms = [c.value for c in column(sheet, "Person")]
    assert all(p.startswith("P-") for p in pseudonyms)
    again = [c.value for c in column(load_workbook(second)["Interviews"], "Person")]
    assert pseudonyms == again  # stable from one export to the next
    plain = tmp_path / "plain.xlsx"
    cli("export", "excel", str(plain), *RANGE)
    assert "Sara One" in parts(plain)


def test_export_tells_its_progress_up_to_the_last_interview(
    sqlite_cli: Run, tmp_path: Path, sqlite_db: Path
) -> None:
    from datetime import date

    from retainkit.cli.context import read_clock
    from retainkit.reports.excel import export
    from retainkit.reports.model import Options
    from retainkit.reports.periods import periods
    from retainkit.storage.database import Database

    build(sqlite_cli, tmp_path)
    today, now = read_clock()  # the day the CLI held the interviews on (pinned)
    start, end = date(2026, 1, 1), today
    opts = Options(start, end, periods(start, end, "quarter"), None, 5, "en", end)
    heard: list[tuple[int, int]] = []
    db = Database(str(sqlite_db), now=now)
    exported = export(
        db, tmp_path / "p.xlsx", opts, progress=lambda done, total: heard.append((done, total))
    )
    db.close()
    assert exported.interviews == 5  # four completed, S2's declined
    assert heard[0] == (0, 5) and heard[-1] == (5, 5)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert exported.sheets == len(SHEETS)


def test_bad_export_targets_are_refused(sqlite_cli: Run, tmp_path: Path) -> None:
    result = sqlite_cli("export", "excel", str(tmp_path / "report.csv"), expect=2)
    assert ".xlsx" in result.stderr
    result = sqlite_cli("export", "excel", str(tmp_path / "missing" / "r.xlsx"), expect=2)
    assert "does not exist" in result.stderr


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    folder = tmp_path_factory.mktemp("excel")
    run = make_runner(str(folder / "retainkit.db"))
    build(run, folder)
    return run, folder


def expected(text: str) -> str:
    from retainkit.reports.writer import CUT_MARKER, ESCAPE_LIKE, MAX_TEXT, UNWRITABLE

    kept = UNWRITABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(kept) > MAX_TEXT:
        kept = kept[: MAX_TEXT - len(CUT_MARKER)] + CUT_MARKER
    # openpyxl reads the escaped form back as it is; a spreadsheet shows the text itself
    return ESCAPE_LIKE.sub("_x005F_", kept)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(min_size=1, max_size=60),
        st.text(
            st.sampled_from("=+-@#!/AN \x00\x07\x1f\r\n\t\ud800\udfff\ufffe\uffff中"), min_size=1
        ),
        st.builds(str.__add__, st.sampled_from(["=", "+", "-", "@", "#N/A"]), st.text(max_size=30)),
    )
)
@example("=\ud800\udfff")  # a surrogate pair, escaped in JSON, comes back as one character
@example("see _x000D_ here")  # what a spreadsheet would decode
def test_any_text_answer_exports_and_reads_back_as_written(
    shared: tuple[Run, Path], text: str
) -> None:
    from openpyxl import load_workbook

    run, folder = shared
    set_text_answers(str(folder / "retainkit.db"), {"what_worked": text})
    stored = stored_answer(str(folder / "retainkit.db"), "what_worked")  # SQLite's JSON
    # functions join an escaped surrogate pair into the one character it stands for
    target = folder / "any.xlsx"
    run("export", "excel", str(target), *RANGE, "--force")
    sheet = load_workbook(target)["Interviews"]
    header = [cell.value for cell in sheet[1]]
    cells = column_for_key(sheet, header, "what_worked")
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert (expected(stored) or None) in values


def test_a_header_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """Interview columns are headed by question text, which a questionnaire author writes."""
    from openpyxl import load_workbook

    from retainkit.reports.writer import Writer

    writer = Writer("en")
    sheet = writer.sheet("summary", [10.0, 10.0])
    writer.header(sheet, ["=1+1", "Plain"])
    with (tmp_path / "h.xlsx").open("wb") as handle:
        writer.open(handle)
        writer.save(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    header = load_workbook(tmp_path / "h.xlsx").worksheets[0][1]
    assert [(c.value, c.data_type, c.font.b) for c in header] == [
        ("=1+1", "s", True),
        ("Plain", "s", True),
    ]


# The report sheets as the review of the 300-person demo workbook read them.


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_workbook_charts import demo_workbook

    return demo_workbook(tmp_path_factory.mktemp("sheets"), "sheets")


def rows_of(path: Path, name: str) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    return list(load_workbook(path)[name].iter_rows(values_only=True))


def test_involuntary_is_a_subtotal_of_its_parts_as_on_the_turnover_sheet(demo_book: Path) -> None:
    """Per period: resignations, retirements, involuntary (the Turnover sheet's figure)
    over dismissal, end of contract and layoff, all; the stored kind "involuntary" reads
    "Dismissal", and every row has its annualised rate."""
    kinds = rows_of(demo_book, "Voluntary and involuntary")
    header = kinds[0]
    assert header[:6] == ("Period", "Kind", "Separations", "Average headcount",
                          "Turnover rate %", "Annualised turnover %")  # fmt: skip
    turnover = rows_of(demo_book, "Turnover")
    t_head = turnover[0]
    by_period = {row[0]: row for row in turnover[1:] if row[0] and row[1] is not None}
    table = [row for row in kinds[1:] if row[1] is not None]
    labels = [row[1].strip() for row in table[:7]]
    assert labels == ["Resignations (voluntary)", "Retirements", "Involuntary, all", "Dismissal",
                      "End of contract", "Layoff", "All"]  # fmt: skip
    assert "involuntary" not in {row[1] for row in table}
    periods = {row[0] for row in table}
    assert periods == set(by_period) and len(periods) > 2
    for period in periods:
        found = {row[1].strip(): row for row in table if row[0] == period}
        sheet = by_period[period]
        figure: dict[Any, Any] = {}
        for title, value in zip(t_head, sheet, strict=False):
            figure.setdefault(title, value)  # not the chart's hidden copies at the right
        involuntary = found["Involuntary, all"]
        parts = [found[k][2] for k in ("Dismissal", "End of contract", "Layoff")]
        assert involuntary[2] == sum(parts) == figure["Involuntary"], period
        assert involuntary[4] == pytest.approx(figure["Involuntary rate %"]), period
        assert found["Resignations (voluntary)"][2] == figure["Voluntary (resignations)"]
        assert found["Retirements"][2] == figure["Retirements"]
        assert found["All"][2] == figure["Separations"]
        assert found["All"][5] == pytest.approx(figure["Annualised turnover %"]), period
        assert all(row[5] is not None for row in found.values()), period


def test_a_single_period_prints_no_total_block_repeating_it(demo_book: Path) -> None:
    for name in ("Actions", "Cost"):
        periods = {row[0] for row in rows_of(demo_book, name)[1:] if row[1] is not None}
        assert "Total" not in periods, name


def test_scores_read_as_words_with_one_enps_row_and_hidden_periods_as_one_line(
    demo_book: Path,
) -> None:
    rows = [row for row in rows_of(demo_book, "Scores")[1:] if row[2] is not None]
    items = {row[2] for row in rows}
    assert {"Pay and benefits", "Working conditions"} <= items
    assert not {"pay", "conditions", "appraisal"} & items
    assert {row[1] for row in rows} <= {"Dimension", "Question", "eNPS", None}
    for period in {row[0] for row in rows}:
        of_period = [row for row in rows if row[0] == period]
        assert sum(row[2] == "eNPS" for row in of_period) <= 1, period
        assert sum(row[3] == "*" for row in of_period) <= 2, period  # not a page of *
    assert any("items, each hidden" in str(row[2]) for row in rows)


def test_owners_are_names_with_their_employee_number(demo_book: Path) -> None:
    owners = {row[2] for row in rows_of(demo_book, "Actions")[1:] if row[2]}
    assert owners and not any(o.startswith("E1") for o in owners), owners
    assert "Tara Schmidt" not in owners and "Tara Schmidt (E1286)" in owners
    assert "Head of People" in owners  # not a person: as recorded
