"""Confidentiality for tables of counts: small groups are hidden, and so is whatever would
let a hidden cell be worked out from the totals.

A table is rows of counts; each row's total and each column's total are published with
it. Primary suppression hides every cell, and every total, counting at least one but
fewer than `min_group` people. Complementary suppression then hides more cells until no
hidden cell can be recovered by arithmetic: every row and every column (the totals row
and column included) holding a hidden cell holds at least two, and the second is never a
zero (a hidden zero next to a hidden cell gives the other away, counts being never
negative). Where a line has no other non-zero cell to hide, its total is hidden instead.

`report.min_group` 1 turns suppression off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suppressed:
    """A table with its totals, and which cells are hidden (row, column); the totals are
    row `len(counts)` and column `len(counts[0])`."""

    counts: tuple[tuple[int, ...], ...]
    hidden: frozenset[tuple[int, int]]

    @property
    def rows(self) -> int:
        return len(self.counts) - 1

    @property
    def columns(self) -> int:
        return len(self.counts[0]) - 1 if self.counts else 0

    def shown(self, row: int, column: int) -> int | None:
        """The published value of a cell or total, or None where it is hidden."""
        return None if (row, column) in self.hidden else self.counts[row][column]


def with_totals(counts: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The table with a total column on the right and a total row at the bottom."""
    body = [(*tuple(row), sum(row)) for row in counts]
    width = len(body[0]) if body else 1
    totals = tuple(sum(row[c] for row in body) for c in range(width))
    return (*body, totals)


def suppress(counts: Sequence[Sequence[int]], min_group: int) -> Suppressed:
    """Hide small groups and their complements; see the module's description."""
    if any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("every row of a table needs the same number of cells")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts are never negative")
    table = with_totals(counts)
    if min_group <= 1 or not counts or not counts[0]:
        return Suppressed(table, frozenset())
    hidden = {
        (r, c)
        for r, row in enumerate(table)
        for c, value in enumerate(row)
        if 0 < value < min_group
    }
    height, width = len(table), len(table[0])
    lines = [[(r, c) for c in range(width)] for r in range(height)] + [
        [(r, c) for r in range(height)] for c in range(width)
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if len(inside) != 1:
                continue
            choice = _complement(table, line, hidden)
            if choice not in hidden:
                hidden.add(choice)
                changed = True
    return Suppressed(table, frozenset(hidden))


def _complement(
    table: tuple[tuple[int, ...], ...], line: list[tuple[int, int]], hidden: set[tuple[int, int]]
) -> tuple[int, int]:
    """The cell of a line to hide beside its one hidden cell: the smallest non-zero one,
    preferring a body cell to the line's total (the last cell of the line)."""
    open_cells = [cell for cell in line if cell not in hidden and table[cell[0]][cell[1]] > 0]
    body = [cell for cell in open_cells if cell != line[-1]]
    candidates = body or open_cells
    if candidates:
        return min(candidates, key=lambda cell: (table[cell[0]][cell[1]], cell))
    # Only zeros are left: hiding one would not protect anything, hide the total.
    return line[-1]
