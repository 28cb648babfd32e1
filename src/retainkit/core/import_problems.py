"""What is wrong with an import file, said so that a person can act on it: the same problem
in many rows is one line with its count and the first rows, hints say which option fixes
it, and nothing grows with the file (a header list is cut, the lines are counted)."""

from __future__ import annotations

from dataclasses import dataclass

from retainkit.base.errors import InputError

MAX_LINES = 20
"""Kinds of problem listed; the rest are counted."""
MAX_ROWS_SHOWN = 5
MAX_LINE = 300
MAX_HINTS = 5


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or a whole row) of an import file."""

    row: int
    column: str
    message: str
    kind: str = ""
    """The message without what is particular to the row, for grouping many rows under
    one line; the message itself when empty."""
    hint: str = ""
    """What to do about it, like "translate values with --value 'level:Lead=middle'"."""

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


def cut(text: str, limit: int = MAX_LINE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(names: list[str], limit: int = 10, *, quoted: bool = True) -> str:
    """Some names, quoted, with how many there are when they are more than `limit`."""
    shown = ", ".join(repr(cut(n, 40)) if quoted else cut(n, 40) for n in names[:limit])
    if len(names) > limit:
        shown += f", … ({len(names):,} in all)"
    return shown


def rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_SHOWN])
    return shown + (", …" if len(rows) > MAX_ROWS_SHOWN else "")


def problem_lines(problems: list[Problem]) -> list[str]:
    """The problems as lines: one per kind of problem in a column, with its rows."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in sorted(problems, key=lambda p: p.row):
        groups.setdefault((problem.column, problem.kind or problem.message), []).append(problem)
    lines = []
    for (column, kind), members in groups.items():
        if len(members) == 1:
            lines.append(cut(str(members[0])))
            continue
        rows = sorted({p.row for p in members})
        what = f"column {column!r}" if column != "-" else "the row"
        lines.append(cut(f"{what}, {len(rows):,} rows ({rows_text(rows)}): {kind}"))
    if len(lines) > MAX_LINES:
        rest = sum(len(members) for members in list(groups.values())[MAX_LINES:])
        kinds = len(lines) - MAX_LINES
        lines = lines[:MAX_LINES]
        lines.append(f"… and {rest:,} more problems of {kinds:,} other kinds")
    hints = list(dict.fromkeys(p.hint for p in sorted(problems, key=lambda p: p.row) if p.hint))
    lines += [cut(f"hint: {hint}") for hint in hints[:MAX_HINTS]]
    return lines


def problems_error(name: str, problems: list[Problem], what: str = "imported") -> InputError:
    rows = len({p.row for p in problems})
    return InputError(
        f"{name}: {rows:,} bad row{'s' if rows != 1 else ''}, nothing {what}; "
        "fix them and import again",
        details=problem_lines(problems),
    )
