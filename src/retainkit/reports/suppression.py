"""Confidentiality for tables of counts: small groups are hidden, and so is whatever would
let a hidden cell be worked out from the totals.

A report is a cube of counts: one axis per thing it is broken down by (reason, period,
department...). Along every axis the cube carries a total, and an axis may group its
values under subtotals (company-controlled and personal reasons). Each "line" is the
cells of one parent along one axis with the others held fixed: its members and their
total. Primary suppression hides every published cell counting at least one but fewer
than `min_group` people. Complementary suppression then hides more cells until no line
holds exactly one hidden cell, so none can be recovered by arithmetic from its line; the
second cell is never a zero (a hidden zero next to a hidden cell gives the other away,
counts being never negative). Where a line has no other non-zero cell to hide, its total
is hidden instead. Lines checked one by one can still give a cell away together (a hidden
total tied to its one hidden member, summed along another line), so the whole system of
line sums is then solved over the hidden cells, and any cell it fixes to one value (or a
sum of counts it fixes at zero) gets one more complement, until none is.

Cells a report does not publish count as hidden from the start: they are unknowns to a
reader, so a line holding one of them needs no complement for it. Cells that are public
(facts the organisation knows, like how many left a department in a quarter: `public`) are
never hidden, neither as small groups nor as complements; a line whose total is public and
whose one hidden member has no non-zero neighbour to hide takes a zero member as its
complement instead, so a hidden cell may be a zero.

`report.min_group` 1 turns suppression off.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from retainkit.reports import disclosure
from retainkit.reports.cube_lines import Lines, parents_by_coordinate


class _Total:
    """The coordinate of an axis's total."""

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"  # the one TOTAL again, after a trip through pickle


TOTAL: Any = _Total()


@dataclass(frozen=True)
class Subtotal:
    """The coordinate of a subtotal along an axis, by its name."""

    name: str


@dataclass(frozen=True)
class Axis:
    """One thing a report breaks counts down by: its values in order, and optional
    subtotals (name, members); values in no subtotal add straight to the total."""

    name: str
    values: tuple[Hashable, ...]
    subtotals: tuple[tuple[str, tuple[Hashable, ...]], ...] = ()

    def coordinates(self) -> list[Hashable]:
        """Values, then subtotals, then the total."""
        return [*self.values, *(Subtotal(name) for name, _ in self.subtotals), TOTAL]

    def ancestors(self, value: Hashable) -> list[Hashable]:
        """The value itself and every subtotal or total it adds to."""
        found: list[Hashable] = [
            Subtotal(name) for name, members in self.subtotals if value in members
        ]
        return [value, *found, TOTAL]

    def parents(self) -> list[tuple[Hashable, list[Hashable]]]:
        """Each subtotal and the total, with the coordinates that add up to it."""
        grouped = {member for _, members in self.subtotals for member in members}
        result: list[tuple[Hashable, list[Hashable]]] = [
            (Subtotal(name), list[Hashable](members)) for name, members in self.subtotals
        ]
        top: list[Hashable] = [Subtotal(name) for name, _ in self.subtotals]
        top += [value for value in self.values if value not in grouped]
        result.append((TOTAL, top))
        return result


Key = tuple[Hashable, ...]


@dataclass
class Cube:
    """Counts at every coordinate (values, subtotals, totals) and which cells are hidden.
    Only non-zero counts are stored: a report's cube is mostly zeros."""

    axes: tuple[Axis, ...]
    values: dict[Key, int]
    hidden: set[Key] = field(default_factory=set)

    def count(self, *key: Hashable) -> int:
        return self.values.get(key, 0)

    def shown(self, *key: Hashable) -> int | None:
        """The published count of a cell, or None where it is hidden."""
        return None if key in self.hidden else self.values.get(key, 0)


def cube(
    counts: Mapping[Key, int],
    axes: Sequence[Axis],
    min_group: int,
    published: Callable[[Key], bool] | None = None,
    public: Callable[[Key], bool] | None = None,
    hide: Collection[Key] = (),
) -> Cube:
    """Add up `counts` (keyed by one value per axis) along every axis and hide small
    groups and their complements; see the module's description. `hide`: cells hidden
    whatever they count, zeros too (the themes of a group with few comments), with their
    complements."""
    axes = tuple(axes)
    if any(value < 0 for value in counts.values()):
        raise ValueError("counts are never negative")
    known = [set(axis.values) for axis in axes]
    ancestors = [{v: axis.ancestors(v) for v in axis.values} for axis in axes]
    values: dict[Key, int] = {}
    for key, count in counts.items():
        if len(key) != len(axes):
            raise ValueError(f"a count needs one value per axis: {key!r}")
        if any(v not in k for v, k in zip(key, known, strict=True)):
            raise ValueError(f"{key!r} has a value no axis lists")
        if count:
            for target in itertools.product(*(a[v] for a, v in zip(ancestors, key, strict=True))):
                values[target] = values.get(target, 0) + count
    result = Cube(axes, values)
    if min_group <= 1 and not hide:
        return result
    shows = published or (lambda key: True)
    fixed = public or (lambda key: False)
    hidden = {
        key for key in values if values[key] < min_group and shows(key) and not fixed(key)
    } | {key for key in hide if shows(key) and not fixed(key)}
    if published is None:
        is_hidden: Callable[[Key], bool] = hidden.__contains__
    else:

        def is_hidden(key: Key) -> bool:
            return key in hidden or not published(key)

    members_of = [{c: [p for p in ps if p != c] for c, ps in parents_by_coordinate(a).items()}
                  for a in axes]  # fmt: skip
    known_zero: dict[Key, bool] = {}

    def under_public_zero(key: Key) -> bool:
        """A cell on a line whose public total is 0 is known to be 0: hiding it protects
        nothing."""
        if key not in known_zero:
            known_zero[key] = any(
                values.get(parent, 0) == 0 and fixed(parent)
                for position, parents in enumerate(members_of)
                for above in parents[key[position]]
                if (parent := (*key[:position], above, *key[position + 1 :]))
            )
        return known_zero[key]

    def can_hide(key: Key) -> bool:
        return not is_hidden(key) and not fixed(key) and not under_public_zero(key)

    # Only lines holding a non-zero or hidden cell can hide anything: a line of shown zeros
    # gives no one away.
    lines = Lines(axes, hidden, published, is_hidden)
    lines.add(lines.through_all(values))

    expanded: set[Key] = set()
    while True:
        _complete_lines(values, lines, can_hide)
        # A hidden zero (a complement beside a public total) lies on lines of zeros too.
        fresh = hidden - expanded
        expanded |= fresh
        more = lines.through_all(fresh) - lines.index_of.keys()
        if more:
            lines.add(more, fresh)
            continue
        # Hidden counts under a shown total of 0 are all 0 (counts are never negative).
        zero_totals = lines.zero_totals(values, can_hide)
        if zero_totals:
            lines.hide(zero_totals)
            continue
        # Lines checked one by one miss what several together give away (a hidden total
        # tied to its one hidden member, summed along another line): ask the algebra.
        held, unknowns = lines.holding_hidden()
        exposed = disclosure.exposed(values, held, hidden, is_hidden, unknowns)
        if not exposed:
            break
        # One more complement beside each exposed cell, then look again.
        chosen = {
            found
            for key in sorted(exposed, key=repr)
            if (found := _complement_around(values, lines, key, can_hide))
        }
        if not chosen:
            key = min(exposed, key=repr)
            every = lines.all_cells()
            breaking = disclosure.breaking(values, every, hidden, is_hidden, key, can_hide)
            # Past the cheap tries: hide every shown count on the lines holding a hidden
            # cell; each round hides more, so this ends.
            chosen = (
                {breaking}
                if breaking is not None
                else disclosure.frontier(values, every, is_hidden, can_hide)
            )
            if not chosen:
                break
        lines.hide(chosen)
    result.hidden = hidden
    return result


def _complete_lines(
    values: dict[Key, int],
    lines: Lines,
    can_hide: Callable[[Key], bool],
) -> None:
    """Hide a complement in every line that holds exactly one hidden cell: lines in order,
    over again while any got one; only the lines with one hidden cell are visited."""
    counts = lines.hidden_count
    waiting = [index for index, n in enumerate(counts) if n == 1 and index not in lines.dead]
    while waiting:
        later: list[int] = []
        while waiting:
            index = heapq.heappop(waiting)
            if counts[index] != 1 or index in lines.dead:
                continue
            chosen = _complement(values, lines.cells(index), can_hide)
            if not chosen:
                lines.dead.add(index)
                continue
            for one in lines.hide(chosen):
                # a line further on is still to come in this pass; one before, in the next
                (heapq.heappush(waiting, one) if one > index else later.append(one))
        waiting = later
        heapq.heapify(waiting)


def _complement_around(
    values: dict[Key, int], lines: Lines, key: Key, can_hide: Callable[[Key], bool]
) -> Key | None:
    """A shown cell on a line through `key` to hide as well: the smallest non-zero one,
    else (beside public totals) a zero."""
    candidates = [
        cell for line in lines.through_cell(key) for cell in lines.line(line) if can_hide(cell)
    ]
    return min(
        candidates,
        key=lambda cell: (values.get(cell, 0) == 0, values.get(cell, 0), repr(cell)),
        default=None,
    )


def _complement(
    values: dict[Key, int], line: list[Key], can_hide: Callable[[Key], bool]
) -> list[Key]:
    """The cells of a line to hide beside its one hidden cell: the smallest non-zero one,
    preferring a member to the line's total (its last cell)."""
    open_cells = [key for key in line if values.get(key, 0) > 0 and can_hide(key)]
    members = [key for key in open_cells if key != line[-1]]
    candidates = members or open_cells
    if candidates:
        return [min(candidates, key=lambda key: (values.get(key, 0), line.index(key)))]
    # Only zeros are left: hiding one of them alone would not protect anything (a reader
    # knows the hidden cells of a line then add up to the total), so hide the total; where
    # the total is public, every zero member, so that no single one of them, bounded by
    # the others' lines, pins the hidden count down.
    if can_hide(line[-1]):
        return [line[-1]]
    return [key for key in line[:-1] if can_hide(key)]


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
    """A plain table of rows and columns: hide small groups and their complements."""
    if any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("every row of a table needs the same number of cells")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts are never negative")
    table = with_totals(counts)
    if min_group <= 1 or not counts or not counts[0]:
        return Suppressed(table, frozenset())
    height, width = len(counts), len(counts[0])
    axes = (Axis("row", tuple(range(height))), Axis("column", tuple(range(width))))
    result = cube(
        {(r, c): counts[r][c] for r in range(height) for c in range(width)}, axes, min_group
    )

    def place(key: Key) -> tuple[int, int]:
        r, c = key
        return (height if r is TOTAL else int(r), width if c is TOTAL else int(c))  # type: ignore[call-overload]

    return Suppressed(table, frozenset(place(key) for key in result.hidden))
