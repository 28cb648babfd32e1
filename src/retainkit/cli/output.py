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

from retainkit.cli.terminal import json_safe, plain, visible

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
SHORT = 20
"""Values this wide or narrower (ids, dates, names, a kind of contact) never wrap."""
NARROWEST = 10
"""Text columns wrap, but never narrower than this (or their longest value if shorter)."""


@dataclass(frozen=True)
class Col:
    """A table column: which key it shows, its heading, and how much it matters.

    When the terminal is too narrow for every column, those with the lowest `keep` are
    left out first (ties: the rightmost first). A column with `keep=None` is never left out.
    Long text wraps, but not narrower than `min_width` (default NARROWEST): a column worth
    reading only when it is wide enough says so here.
    """

    key: str
    header: str | None = None
    numeric: bool = False
    keep: int | None = 0
    min_width: int | None = None

    @property
    def heading(self) -> str:
        return self.header if self.header is not None else self.key.replace("_", " ")


def as_mapping(row: Any) -> Mapping[str, Any]:
    """A row as a mapping: a dict as it is, a dataclass by its fields."""
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    assert isinstance(row, Mapping)
    return row


def as_mappings(rows: Sequence[Any]) -> list[Mapping[str, Any]]:
    """Rows as mappings; records of one kind have their field names read once, which a
    listing of tens of thousands of people notices."""
    first = rows[0] if rows else None
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        names = keys_of(type(first))
        if all(type(row) is type(first) for row in rows):
            return [{name: getattr(row, name) for name in names} for row in rows]
    return [as_mapping(row) for row in rows]


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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP's list)."""


def csv_cell(value: Any) -> str:
    """A value as a CSV cell that a spreadsheet shows as it is stored: text that starts
    like a formula gets a leading apostrophe (OWASP's advice), so `=HYPERLINK(...)` from a
    note or an interviewer's name is shown, never run. Numbers and dates are left alone.
    Line breaks and tabs stay (the cell is quoted); other control characters are shown as
    escapes, as in a table."""
    if isinstance(value, bool):
        return str(value).lower()
    text = visible(cell(value), keep="\t\r\n")
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def console() -> Console:
    """A terminal wraps tables to its width; a pipe or a file gets them whole."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=PIPE_WIDTH)


class Output:
    """Where a command's results and messages go, in the format asked for."""

    def __init__(self, fmt: Format = Format.table, *, quiet: bool = False) -> None:
        self.fmt = fmt
        self.quiet = quiet
        self._tables = 0  # tables printed so far: the next one keeps a line's distance

    # -- messages ----------------------------------------------------------------------

    def message(self, text: str) -> None:
        """A note for the person at the terminal, on stderr; nothing with --quiet."""
        if not self.quiet:
            typer.echo(visible(text), err=True)

    # -- data ----------------------------------------------------------------------------

    def value(self, text: str) -> None:
        """One bare value on stdout whatever the format, for a script or cron to read: an
        id (one a line under --quiet), a setting, a path."""
        typer.echo(visible(text))

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
        mappings = as_mappings(rows)
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

            # Built whole before a byte is written: a value that cannot be written never
            # leaves half a document behind.
            document = json.dumps(mapping, ensure_ascii=False, indent=2, default=_json_default)
            sys.stdout.write(json_safe(document) + "\n")
            return
        if self.fmt is Format.csv:
            self._csv_rows([mapping], list(mapping))
            return
        from rich.table import Table

        grid = Table(
            title=plain(title) if title else None,
            title_justify="left",
            show_header=False,
            box=None,
        )
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in mapping.items():
            grid.add_row(plain(key.replace("_", " ")), plain(cell(value)))
        console().print(grid)

    # -- writers ---------------------------------------------------------------------------

    def _json_rows(self, rows: list[Mapping[str, Any]]) -> None:
        # One object per line: readable, and json's C encoder (indent= forces the slow one).
        import json

        lines = [json.dumps(row, ensure_ascii=False, default=_json_default) for row in rows]
        sys.stdout.write(json_safe("[\n" + ",\n".join(lines) + "\n]\n") if lines else "[]\n")

    def _csv_rows(self, rows: list[Mapping[str, Any]], keys: list[str]) -> None:
        import csv
        import io

        # Rows end in CRLF (RFC 4180), so a field holding a bare CR or LF is quoted and a
        # spreadsheet keeps it in its cell instead of starting a new row. The listing is
        # built whole before it is written, like json.
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(csv_cell(k) for k in keys)
        for row in rows:
            writer.writerow(csv_cell(row.get(k)) for k in keys)
        sys.stdout.write(buffer.getvalue())

    def _table(self, rows: list[Mapping[str, Any]], columns: list[Col], title: str | None) -> None:
        from rich.table import Table
        from rich.text import Text

        out = console()
        texts = [[visible(cell(row.get(c.key))) for c in columns] for row in rows]
        least, natural = measure(columns, texts)
        shown = fit_columns(columns, texts, out.width)
        widths = share_width(
            [least[p] for p in shown], [natural[p] for p in shown], out.width - border(shown)
        )
        fits = sum(widths) + border(shown) <= out.width
        table = Table(
            title=plain(title) if title else None, title_justify="left", header_style="bold"
        )
        for position, width in zip(shown, widths, strict=True):
            column = columns[position]
            table.add_column(
                plain(column.heading),
                justify="right" if column.numeric else "left",
                no_wrap=least[position] == natural[position],
                overflow="fold",
                width=width if fits else None,
                min_width=least[position],
            )
        for line in texts:
            table.add_row(*(Text(line[position]) for position in shown))
        if self._tables:
            out.print()
        out.print(table)
        self._tables += 1
        left_out = [columns[p].heading for p in range(len(columns)) if p not in shown]
        if left_out:
            import textwrap

            note = f"(left out at this width: {', '.join(left_out)}; --format csv has them all)"
            self.message(textwrap.fill(note, width=out.width))


def cell_len(text: str) -> int:
    """The columns `text` takes on a terminal: 王伟 takes four."""
    from rich.cells import cell_len as columns_taken

    return columns_taken(text)


def border(shown: Sequence[int]) -> int:
    """Rich's borders and padding around `shown` columns: 3 a column, 1 more for the table."""
    return 3 * len(shown) + 1


def measure(columns: Sequence[Col], texts: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
    """Each column's least width and its natural one (the widest value or its heading).

    The least: short values and their heading whole (they never wrap), text wrapped to
    its min_width (NARROWEST) but never splitting a heading's word."""
    least, natural = [], []
    for p, column in enumerate(columns):
        longest = max((cell_len(line[p]) for line in texts), default=0)
        natural.append(max(longest, cell_len(column.heading)))
        if longest <= SHORT:
            least.append(natural[-1])
            continue
        heading = max((cell_len(word) for word in column.heading.split()), default=1)
        least.append(max(min(longest, column.min_width or NARROWEST), heading))
    return least, natural


def fit_columns(columns: Sequence[Col], texts: Sequence[Sequence[str]], width: int) -> list[int]:
    """The positions of the columns that fit in `width` at their least width, in order.

    The least important are left out until the rest fit; then any of those left out that
    still fits comes back, the most important first (a narrow column may fit where a wide
    one did not)."""
    least, _ = measure(columns, texts)
    shown = list(range(len(columns)))

    def fits() -> bool:
        return sum(least[p] for p in shown) + border(shown) <= width

    def keep(p: int) -> int:
        return columns[p].keep or 0

    left_out = []
    while not fits():
        droppable = [p for p in shown if columns[p].keep is not None]
        if not droppable:
            break
        lowest = min(keep(p) for p in droppable)
        left_out.append(max(p for p in droppable if keep(p) == lowest))
        shown.remove(left_out[-1])
    for p in sorted(left_out, key=lambda p: (-keep(p), p)):
        shown.append(p)
        if not fits():
            shown.remove(p)
    return sorted(shown)


def share_width(least: Sequence[int], natural: Sequence[int], room: int) -> list[int]:
    """Widths for columns sharing `room`: each at least its least width; what is left goes
    to the narrowest column still short of its natural width, one at a time, so long
    text shares it evenly."""
    widths = list(least)
    spare = room - sum(widths)
    while spare > 0:
        wanting = [p for p, width in enumerate(widths) if width < natural[p]]
        if not wanting:
            break
        narrowest = min(wanting, key=lambda p: widths[p])
        widths[narrowest] += 1
        spare -= 1
    return widths


def erasure_notes(out: Output, erasure: Erasure) -> None:
    """What is left to do by hand after an erasure: a busy log, copies made earlier."""
    if not erasure.wal_cleared:
        out.message(
            "warning: another retainkit process kept the write-ahead log busy; old values "
            "stay in it until the next checkpoint: run the same command again later"
        )
    if erasure.files:
        out.message("copies made earlier may still hold the erased data; erase or destroy them:")
        for path in erasure.files:
            out.message(f"  {path}")
