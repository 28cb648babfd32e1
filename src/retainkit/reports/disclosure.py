"""Which hidden cells of a suppressed cube a reader could still work out.

Each line of a cube says: its members add up to its parent. Over the hidden cells that is a
system of linear equations; solving it exactly shows every cell it fixes to one value.
reports.suppression asks this after its line-by-line rule, and hides more until no hidden
cell is fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

Key = tuple[Hashable, ...]

_PRIME = (1 << 61) - 1
_RHS: Any = object()


SOLVED = 300
"""The most hidden cells one connected group may hold to be solved. A larger group (a
breakdown by manager of a large organisation) would cost seconds and hundreds of MiB; it
keeps the line-by-line protection only (docs/reports.md says so)."""


def exposed(
    values: dict[Key, int],
    lines: Sequence[list[Key]],
    hidden: set[Key],
    is_hidden: Callable[[Key], bool],
    unknowns: list[list[Key]] | None = None,
) -> set[Key]:
    """The hidden cells a reader can work out from what is shown: those the lines' sums fix
    to one value, those a sum of counts fixes at zero, and those the bounds of the lines
    pin (counts are never negative). `unknowns`: each line's hidden cells, in any order,
    where the caller knows them (else each line is gone over; with them, only the lines of
    the groups solved are).

    Lines sharing hidden cells form groups, each solved and bounded on its own (up to
    SOLVED cells).
    """
    number: dict[Key, int] = {}  # each unknown cell of a line holding a hidden one
    leader: list[int] = []

    def find(one: int) -> int:
        while leader[one] != one:
            leader[one] = leader[leader[one]]
            one = leader[one]
        return one

    holding_hidden = []
    if unknowns is None:
        unknowns = [[key for key in line if is_hidden(key)] for line in lines]
    for index, unknown in enumerate(unknowns):
        if not any(key in hidden for key in unknown):
            continue  # a line with no hidden cell, or only unpublished ones, says nothing new
        numbers = []
        for key in unknown:
            found_number = number.get(key)
            if found_number is None:
                found_number = number[key] = len(leader)
                leader.append(found_number)
            numbers.append(found_number)
        holding_hidden.append((index, numbers[0]))
        first = find(numbers[0])
        for one in numbers[1:]:
            root = find(one)
            if root != first:
                leader[root] = first
    groups: dict[int, list[int]] = {}
    for index, one in holding_hidden:
        groups.setdefault(find(one), []).append(index)
    sizes: dict[int, int] = {}
    for one in range(len(leader)):
        root = find(one)
        sizes[root] = sizes.get(root, 0) + 1
    found: set[Key] = set()
    for root, group in groups.items():
        if sizes[root] <= SOLVED:
            chosen = [lines[index] for index in group]
            found |= _solve(values, chosen, is_hidden)
            found |= pinned(values, chosen, is_hidden)
    return found & hidden


_PASSES = 30
"""How many times pinned() goes over the lines at most."""


def pinned(
    values: dict[Key, int], lines: list[list[Key]], is_hidden: Callable[[Key], bool]
) -> set[Key]:
    """The unknown cells that the bounds of the lines pin to one value: counts are never
    negative and a member never exceeds its line's total, so x + y = 2 with x, y ≤ 1 gives
    x = y = 1, which the equations alone do not. Each line narrows its cells' ranges
    (interval propagation), until nothing changes."""
    low: dict[Key, int] = {}
    high: dict[Key, float] = {}
    for line in lines:
        for key in line:
            if is_hidden(key):
                low.setdefault(key, 0)
                high.setdefault(key, float("inf"))

    def bounds(key: Key) -> tuple[float, float]:
        if key in low:
            return low[key], high[key]
        value = values.get(key, 0)
        return value, value

    for _ in range(_PASSES):
        changed = False
        for line in lines:
            members, parent = line[:-1], line[-1]
            ranges = [bounds(key) for key in members]
            least = sum(r[0] for r in ranges)
            most = sum(r[1] for r in ranges)
            top_low, top_high = bounds(parent)
            if parent in low:
                if least > top_low:
                    low[parent], top_low, changed = int(least), least, True
                if most < top_high:
                    high[parent], top_high, changed = most, most, True
            for key, (lo, hi) in zip(members, ranges, strict=True):
                if key not in low:
                    continue
                new_lo = top_low - (most - hi)
                new_hi = top_high - (least - lo)
                if new_lo > lo:
                    low[key], changed = int(new_lo), True
                if new_hi < hi:
                    high[key], changed = new_hi, True
        if not changed:
            break
    return {key for key in low if low[key] == high[key]}


def _solve(
    values: dict[Key, int], lines: list[list[Key]], is_hidden: Callable[[Key], bool]
) -> set[Key]:
    """Each line says: its members add up to its parent. Over the unknown cells that is a
    system of linear equations; Gauss-Jordan elimination (modulo a large prime, exact for
    these small integer systems) leaves a row with a single unknown for each determined one.
    """
    pivots: dict[Key, dict[Key, int]] = {}
    holding: dict[Key, set[Key]] = {}  # unknown -> the pivots whose rows hold it
    for line in lines:
        row: dict[Key, int] = {_RHS: 0}
        for position, key in enumerate(line):
            sign = -1 if position == len(line) - 1 else 1
            if is_hidden(key):
                row[key] = (row.get(key, 0) + sign) % _PRIME
            else:
                row[_RHS] = (row[_RHS] - sign * values.get(key, 0)) % _PRIME
        for key in [k for k in row if k in pivots]:
            factor = row.get(key, 0)
            if factor:
                _subtract(row, pivots[key], factor)
        unknowns = [k for k in row if k is not _RHS and row[k]]
        if not unknowns:
            continue
        pivot = unknowns[0]
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items() if v or k is _RHS}
        for other in list(holding.get(pivot, ())):
            _subtract(pivots[other], row, pivots[other][pivot])
            for key in row:
                if key is not _RHS and pivots[other].get(key):
                    holding.setdefault(key, set()).add(other)
                elif key is not _RHS:
                    holding.get(key, set()).discard(other)
        pivots[pivot] = row
        for key in row:
            if key is not _RHS and key != pivot:
                holding.setdefault(key, set()).add(pivot)
    exposed: set[Key] = set()
    for pivot, row in pivots.items():
        rest = [k for k in row if k is not _RHS and k != pivot and row[k]]
        if not rest:
            exposed.add(pivot)
        elif row[_RHS] == 0 and all(row[k] == 1 for k in rest):
            exposed.update([pivot, *rest])  # counts adding up to nothing are all zero
    return exposed


def _subtract(row: dict[Key, int], pivot_row: dict[Key, int], factor: int) -> None:
    """row -= factor × pivot_row, modulo the prime; entries that become zero are dropped."""
    for key, value in pivot_row.items():
        updated = (row.get(key, 0) - factor * value) % _PRIME
        if updated or key is _RHS:
            row[key] = updated
        else:
            row.pop(key, None)


_TRIES = 12
"""How many cells breaking() tries, smallest first, each with a new solve."""


def frontier(
    values: dict[Key, int],
    lines: list[list[Key]],
    is_hidden: Callable[[Key], bool],
    can_hide: Callable[[Key], bool],
) -> set[Key]:
    """The cells that may be hidden on lines that hold a hidden cell: the non-zero ones,
    or where there are none (beside public cells), the zeros."""
    found = {
        cell
        for line in lines
        if any(is_hidden(cell) for cell in line)
        for cell in line
        if can_hide(cell)
    }
    non_zero = {cell for cell in found if values.get(cell, 0) > 0}
    return non_zero or found


def breaking(
    values: dict[Key, int],
    lines: list[list[Key]],
    hidden: set[Key],
    is_hidden: Callable[[Key], bool],
    key: Key,
    can_hide: Callable[[Key], bool],
) -> Key | None:
    """A cell that may be hidden, on a line with a hidden cell, whose hiding leaves `key`
    with more than one possible value: the smallest that does."""
    candidates = frontier(values, lines, is_hidden, can_hide)
    tried = sorted(candidates, key=lambda cell: (values.get(cell, 0), repr(cell)))[:_TRIES]
    for cell in tried:
        hidden.add(cell)
        still = key in exposed(values, lines, hidden, is_hidden)
        hidden.discard(cell)
        if not still:
            return cell
    return None
