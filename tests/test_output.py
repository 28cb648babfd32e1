"""Output as people and programs read it: the due list's tables in a real terminal at 80
and 120 columns, listings with the same csv columns whether or not there are rows, `[]`
for an empty json listing, and how tables share the terminal's width."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from rich.cells import cell_len

from retainkit.cli.output import Col, fit_columns, measure, share_width
from tests.conftest import Run, make_runner

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]")
BORDERS = "┏┃┡│└"
# The columns each section of the due list always shows, with a value in every row.
ALWAYS = {
    "Contacts": ("id", "name", "contact", "due by"),
    "Action items": ("id", "title", "kind", "due"),
    "Handovers": ("separation", "leaver", "last day", "open items"),
    "Forms not returned": ("form", "name", "remind on"),
}
SOURCES = {
    "Contacts": "contact",
    "Action items": "action",
    "Handovers": "handover",
    "Forms not returned": "form",
}
LISTINGS = [
    ("people", "list"),
    ("separation", "list"),
    ("actions", "list"),
    ("followup", "due"),
    ("stay", "due"),
    ("alumni", "list"),
    ("alumni", "greet"),
    ("verify", "list"),
    ("audit", "list"),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A demo organisation, made once for the module the way a person makes one."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(folder))
        make_runner(str(folder / "demo.db"))("demo")
    yield folder / "demo.db"


def in_terminal(args: list[str], home: Path, width: int) -> list[str]:
    """What a command shows in a real terminal `width` columns wide, line by line, without
    colours and styles."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env |= {"HOME": str(home), "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "retainkit", *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, width),
    )
    shown = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    return ANSI.sub("", shown).replace("\r\n", "\n").split("\n")


def cells(line: str) -> list[str]:
    return [text.strip() for text in re.split("[┃│]", line)[1:-1]]


def tables(lines: list[str]) -> dict[str, list[dict[str, str]]]:
    """Each table by its title: one dict a row, heading -> the row's text (its wrapped
    lines joined), so a row is found whole or not at all."""
    found: dict[str, list[dict[str, str]]] = {}
    headings: list[list[str]] = []
    rows: list[list[str]] = []
    title = ""
    for number, line in enumerate(lines):
        if line.startswith("┏"):
            title, headings, rows = lines[number - 1].strip(), [], []
        elif line.startswith("┃"):
            headings.append(cells(line))
        elif line.startswith("│"):
            row = cells(line)
            if row[0] or not rows:
                rows.append(row)
            else:  # a wrapped row goes on
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row, strict=True)]
        elif line.startswith("└"):
            names = [
                " ".join(part for part in parts if part) for parts in zip(*headings, strict=True)
            ]
            found[title] = [dict(zip(names, row, strict=True)) for row in rows]
    return found


def squeezed(text: Any) -> str:
    """Text without its spaces: wrapping may split a long word where it had none."""
    return re.sub(r"\s+", "", str(text or ""))


@pytest.mark.parametrize("width", [80, 120])
def test_followup_due_reads_section_by_section_in_a_terminal(
    demo_db: Path, private_home: Path, width: int
) -> None:
    lines = in_terminal(["--db", str(demo_db), "followup", "due"], private_home, width)
    for line in lines:
        assert cell_len(line) <= width, line
        if line and line[0] in BORDERS:
            assert line[-1] in "┓┃┩│┘", f"cut at the right edge: {line}"
    due = json.loads(make_runner(str(demo_db))("followup", "due", "-f", "json").stdout)
    sections = tables(lines)
    assert list(sections) == ["Contacts", "Action items", "Handovers", "Forms not returned"]
    for title, rows in sections.items():
        items = [item for item in due if item["source"] == SOURCES[title]]
        assert items, title
        assert [row[ALWAYS[title][0]] for row in rows] == [str(item["id"]) for item in items]
        for row, item in zip(rows, items, strict=True):
            assert all(row[heading] for heading in ALWAYS[title]), row
            assert squeezed(row[ALWAYS[title][1]]) == squeezed(item["name"])
    if width == 120:
        contacts = sections["Contacts"]
        items = [item for item in due if item["source"] == "contact"]
        assert [squeezed(row["last conclusion"]) for row in contacts] == [
            squeezed(item["last_conclusion"]) for item in items
        ]


def test_followup_due_shows_owners_by_name(demo_db: Path, private_home: Path) -> None:
    run = make_runner(str(demo_db))
    names = {
        p["employee_no"]: p["name"] for p in json.loads(run("people", "list", "-f", "json").stdout)
    }
    actions = [
        i
        for i in json.loads(run("followup", "due", "-f", "json").stdout)
        if i["source"] == "action"
    ]
    assert any(action["owner"] in names for action in actions)  # the demo has some
    lines = in_terminal(["--db", str(demo_db), "followup", "due"], private_home, 120)
    shown = tables(lines)["Action items"]
    assert [row["owner"] for row in shown] == [
        names.get(action["owner"], action["owner"] or "") for action in actions
    ]


def test_stay_due_is_the_contacts_section_alone(demo_db: Path, private_home: Path) -> None:
    lines = in_terminal(["--db", str(demo_db), "stay", "due"], private_home, 80)
    sections = tables(lines)
    assert list(sections) == ["Contacts"]
    assert {row["contact"] for row in sections["Contacts"]} == {"stay interview"}


def csv_header(run: Run, *command: str) -> str:
    return run(*command, "--format", "csv").stdout.splitlines()[0]


def test_people_list_csv_has_the_same_columns_with_no_rows_and_with_rows(
    sqlite_cli: Run,
) -> None:
    empty = sqlite_cli("people", "list", "-f", "csv").stdout.splitlines()
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Ruiz")
    full = sqlite_cli("people", "list", "-f", "csv").stdout.splitlines()
    assert len(empty) == 1 and len(full) == 2
    assert empty[0] == full[0]
    assert len(full[0].split(",")) == 18


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_listing_csv_columns_do_not_depend_on_rows(
    command: tuple[str, str], sqlite_cli: Run, demo_db: Path
) -> None:
    assert csv_header(sqlite_cli, *command) == csv_header(make_runner(str(demo_db)), *command)


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_an_empty_json_listing_is_an_empty_array(command: tuple[str, str], sqlite_cli: Run) -> None:
    assert sqlite_cli(*command, "-f", "json").stdout == "[]\n"


def test_config_list_csv_names_its_columns(sqlite_cli: Run) -> None:
    assert csv_header(sqlite_cli, "config", "list") == "key,value,default,set,help"


# -- how a table shares the width ---------------------------------------------------------


def test_width_is_counted_in_terminal_columns() -> None:
    least, natural = measure([Col("name")], [["王伟"], ["Ana"]])
    assert least == natural == [4]


def test_a_narrow_column_comes_back_when_a_wide_one_is_left_out() -> None:
    columns = [Col("id", keep=None), Col("text", keep=2, min_width=40), Col("n", keep=1)]
    texts = [["1", "x" * 60, "7"]]
    assert fit_columns(columns, texts, 40) == [0, 2]


def test_short_text_stays_whole_and_long_text_shares_the_rest() -> None:
    least, natural = measure(
        [Col("name"), Col("kind"), Col("note")],
        [["Ximena Kowalski", "first follow-up", "a long conclusion " * 4]],
    )
    assert least[:2] == natural[:2] == [15, 15]
    widths = share_width(least, natural, 60)
    assert widths == [15, 15, 30]
    assert share_width([3, 10, 10], [3, 50, 12], 40) == [3, 25, 12]
