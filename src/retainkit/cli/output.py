"""One output object for every command: a table for people, json or csv for programs.

`Output(fmt, quiet=...)` is made once from `--format` (and `--quiet` where a command has
it). Data goes to stdout; messages and hints go to stderr, so `--format json` stays
parseable. A json listing is always an array (`[]` when empty); a csv listing has the same
columns whether or not there are rows. Tables fit the terminal: columns are chosen by the
width available (the least important are left out, and the output says which), long text
wraps, and no column is ever squeezed to nothing.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from retainkit.core.erasure import Erasure


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="table for people; json or csv for programs."),
]

PIPE_WIDTH = 250
"""Tables written to a pipe or a file are not cut to a terminal's width."""
SHORT = 12
"""Values this long or shorter (ids, dates, levels) never wrap."""
NARROWEST = 10
"""Text columns wrap, but never narrower than this (or their longest value if shorter)."""


@dataclass(frozen=True)
class Col:
    """A table column: which key it shows, its heading, and how much it matters.

    When the terminal is too narrow for every column, those with the lowest `keep` are
    left out first (ties: the rightmost first). A column with `keep=None` is never left out.
    """

    key: str
    header: str | None = None
    numeric: bool = False
    keep: int | None = 0

    @property
    def heading(self) -> str:
        return self.header if self.header is not None else self.key.replace("_", " ")


def as_mapping(row: Any) -> Mapping[str, Any]:
    """A row as a mapping: a dict as it is, a dataclass by its fields."""
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    assert isinstance(row, Mapping)
    return row


def keys_of(kind: type) -> list[str]:
    """The columns of a dataclass row type, for a listing that may be empty."""
    return [f.name for f in dataclasses.fields(kind)]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return as_mapping(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def cell(value: Any) -> str:
    """A value as people read it in a table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):  # stored in UTC; people read their own time
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return cell(value)


def console() -> Console:
    """A terminal wraps tables to its width; a pipe or a file gets them whole."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)


class Output:
    """Where a command's results and messages go, in the format asked for."""

    def __init__(self, fmt: Format = Format.table, *, quiet: bool = False) -> None:
        self.fmt = fmt
        self.quiet = quiet

    # -- messages ----------------------------------------------------------------------

    def message(self, text: str) -> None:
        """A note for the person at the terminal, on stderr; nothing with --quiet."""
        if not self.quiet:
            typer.echo(text, err=True)

    # -- data ----------------------------------------------------------------------------

    def rows(
        self,
        rows: Sequence[Any],
        *,
        keys: Sequence[str] | None = None,
        table: Sequence[str | Col] | None = None,
        title: str | None = None,
        empty: str = "nothing to show",
        notes: Sequence[str] = (),
    ) -> None:
        """A listing. json and csv carry every key (`keys`, else the first row's); the table
        shows the `table` columns (all keys by default), as many as the width allows."""
        mappings = [as_mapping(row) for row in rows]
        columns = [c if isinstance(c, Col) else Col(c) for c in table or ()]
        every = list(keys or (mappings[0].keys() if mappings else [c.key for c in columns]))
        if self.fmt is Format.json:
            self._json_rows(mappings)
        elif self.fmt is Format.csv:
            self._csv_rows(mappings, every)
        elif not mappings:
            self.message(empty)
            return
        else:
            self._table(mappings, columns or [Col(k) for k in every], title)
        for note in notes:
            self.message(note)

    def record(self, record: Any, *, title: str | None = None) -> None:
        """One thing: field/value lines for people, an object for json, a row for csv."""
        mapping = as_mapping(record)
        if self.fmt is Format.json:
            import json

            json.dump(mapping, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
            sys.stdout.write("\n")
            return
        if self.fmt is Format.csv:
            self._csv_rows([mapping], list(mapping))
            return
        from rich.table import Table

        grid = Table(title=title, title_justify="left", show_header=False, box=None)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in mapping.items():
            grid.add_row(key.replace("_", " "), cell(value))
        console().print(grid)

    # -- writers ---------------------------------------------------------------------------

    def _json_rows(self, rows: list[Mapping[str, Any]]) -> None:
        # One object per line: readable, and json's C encoder (indent= forces the slow one).
        import json

        lines = [json.dumps(row, ensure_ascii=False, default=_json_default) for row in rows]
        sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")

    def _csv_rows(self, rows: list[Mapping[str, Any]], keys: list[str]) -> None:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow(_csv_cell(row.get(k)) for k in keys)

    def _table(self, rows: list[Mapping[str, Any]], columns: list[Col], title: str | None) -> None:
        from rich.table import Table

        out = console()
        texts = [[cell(row.get(c.key)) for c in columns] for row in rows]
        shown = fit_columns(columns, texts, out.width)
        table = Table(title=title, title_justify="left", header_style="bold")
        for position in shown:
            column = columns[position]
            longest = max(len(line[position]) for line in texts)
            short = longest <= SHORT
            table.add_column(
                column.heading,
                justify="right" if column.numeric else "left",
                no_wrap=short,
                overflow="fold",
                min_width=_least_width(column, longest),
            )
        for line in texts:
            table.add_row(*(line[position] for position in shown))
        out.print(table)
        left_out = [columns[p].heading for p in range(len(columns)) if p not in shown]
        if left_out:
            self.message(
                f"({', '.join(left_out)} left out at this width; "
                "a wider terminal or --format csv shows every column)"
            )


def _least_width(column: Col, longest: int) -> int:
    """The narrowest a column may get: short values and their heading whole (they never
    wrap), text wrapped to NARROWEST but never splitting a heading's word."""
    if longest <= SHORT:
        return max(longest, len(column.heading))
    heading = max((len(word) for word in column.heading.split()), default=1)
    return max(min(longest, NARROWEST), heading)


def fit_columns(columns: Sequence[Col], texts: Sequence[Sequence[str]], width: int) -> list[int]:
    """The positions of the columns that fit in `width`, in their order: each at its least
    width plus Rich's borders and padding (3 per column, 1 more for the table)."""
    least = [
        _least_width(column, max((len(line[p]) for line in texts), default=0))
        for p, column in enumerate(columns)
    ]
    shown = list(range(len(columns)))

    def needed() -> int:
        return sum(least[p] + 3 for p in shown) + 1

    while needed() > width:
        droppable = [p for p in shown if columns[p].keep is not None]
        if not droppable:
            break
        lowest = min(columns[p].keep or 0 for p in droppable)
        shown.remove(max(p for p in droppable if (columns[p].keep or 0) == lowest))
    return shown


# -- the functions every command used before the Output object; kept while commands move --


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
) -> None:
    Output(fmt).rows(rows, table=columns, title=title, empty=empty)


def emit_record(record: Mapping[str, Any], fmt: Format, *, title: str | None = None) -> None:
    Output(fmt).record(record, title=title)


def message(text: str) -> None:
    """A note for the person at the terminal, on stderr."""
    Output().message(text)


def erasure_notes(erasure: Erasure) -> None:
    """What is left to do by hand after an erasure: a busy log, copies made earlier."""
    if not erasure.wal_cleared:
        message(
            "warning: another retainkit process kept the write-ahead log busy; old values "
            "stay in it until the next checkpoint: run the same command again later"
        )
    if erasure.files:
        message("copies made earlier may still hold the erased data; erase or destroy them:")
        for path in erasure.files:
            message(f"  {path}")
