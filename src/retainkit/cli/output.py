"""One way to print rows: a Rich table for people, json or csv for programs.

Data goes to stdout; messages and hints go to stderr, so `--format json` stays parseable.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from retainkit.core.erasure import Erasure


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="table for people; json or csv for programs."),
]


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dump_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):  # stored in UTC; people read their own time
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    empty: str = "nothing to show",
) -> None:
    """Print rows. json and csv carry every key; the table shows `columns` (all by default)."""
    if fmt is Format.json:
        # One object per line: readable, and json's C encoder (indent= forces the slow one).
        import json

        lines = [json.dumps(row, ensure_ascii=False, default=_json_default) for row in rows]
        sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")
        return
    if fmt is Format.csv:
        import csv

        keys = list(rows[0].keys()) if rows else list(columns or [])
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow(
                _cell(row.get(k)) if not isinstance(row.get(k), bool) else str(row.get(k)).lower()
                for k in keys
            )
        return
    if not rows:
        message(empty)
        return
    from rich.table import Table

    keys = list(columns or rows[0].keys())
    cells = [[_cell(row.get(k)) for k in keys] for row in rows]
    table = Table(title=title, title_justify="left", header_style="bold")
    for position, key in enumerate(keys):
        # Short values (ids, dates, levels) never wrap; long text folds to fit the width.
        short = max(len(line[position]) for line in cells) <= 12
        table.add_column(key.replace("_", " "), no_wrap=short, overflow="fold")
    for line in cells:
        table.add_row(*line)
    console().print(table)


def emit_record(record: Mapping[str, Any], fmt: Format, *, title: str | None = None) -> None:
    """Print one thing: field/value lines for people, an object for json."""
    if fmt is Format.json:
        _dump_json(dict(record))
        return
    if fmt is Format.csv:
        emit_rows([record], fmt)
        return
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in record.items():
        table.add_row(key.replace("_", " "), _cell(value))
    console().print(table)


def console() -> Any:
    """A terminal wraps tables to its width; a pipe or a file gets them whole."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=250)


def message(text: str) -> None:
    """A note for the person at the terminal, on stderr."""
    typer.echo(text, err=True)


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
