"""The lines a suppressed cube is checked along (reports.suppression): each in a fixed
order (the same every run), with how many of its cells are hidden, so that a line holding
exactly one hidden cell is found without going over every line's cells again; a line's
cells are made only when something looks at them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import Any, Protocol, overload

Key = tuple[Hashable, ...]
LineId = tuple[int, Hashable, Key]
"""A line: (axis position, its parent along that axis, the other coordinates)."""


class Axis(Protocol):
    """What a line needs of an axis (reports.suppression.Axis)."""

    def coordinates(self) -> list[Hashable]: ...

    def parents(self) -> list[tuple[Hashable, list[Hashable]]]: ...


def parents_by_coordinate(axis: Axis) -> dict[Hashable, list[Hashable]]:
    """For each coordinate of an axis, the parents of the lines it lies on."""
    result: dict[Hashable, list[Hashable]] = {c: [] for c in axis.coordinates()}
    for parent, members in axis.parents():
        for member in members:
            result[member].append(parent)
        result[parent].append(parent)
    return result


class Lines:
    """The lines of a cube looked at so far. `hidden` is the cube's set of hidden cells,
    which only grows (tell `hidden_now` which cells were added); `published` None means
    every cell is published, so a line's hidden cells are exactly those in `hidden`."""

    def __init__(
        self,
        axes: tuple[Axis, ...],
        hidden: set[Key],
        published: Callable[[Key], bool] | None,
        is_hidden: Callable[[Key], bool],
    ) -> None:
        self.hidden = hidden
        self.published = published
        self.is_hidden = is_hidden
        self.lines_at = [parents_by_coordinate(axis) for axis in axes]
        self.members = [dict(axis.parents()) for axis in axes]
        self.ids: list[LineId] = []
        self.index_of: dict[LineId, int] = {}
        self._cells: list[list[Key] | None] = []
        self.hidden_count: list[int] = []
        """How many cells of each line are hidden (or not published)."""
        self.hidden_in: list[list[Key]] = []
        """Where every cell is published: each line's hidden cells, in no order."""
        self._at: dict[Key, list[int]] = {}
        self.dead: set[int] = set()
        """Lines with one hidden cell and nothing left to hide beside it: hiding only
        grows, so they never will have."""

    def through_cell(self, key: Key) -> list[LineId]:
        """The lines through a cell: the line it is a member of along each axis, and the
        line it is the total of."""
        found = []
        for position, parents in enumerate(self.lines_at):
            rest = key[:position] + key[position + 1 :]
            for parent in parents[key[position]]:
                found.append((position, parent, rest))
        return found

    def through_all(self, keys: Iterable[Key]) -> set[LineId]:
        """The lines through any of `keys`."""
        keys = list(keys)
        found: set[LineId] = set()
        for position, parents in enumerate(self.lines_at):
            found.update(
                (position, parent, key[:position] + key[position + 1 :])
                for key in keys
                for parent in parents[key[position]]
            )
        return found

    def line(self, line: LineId) -> list[Key]:
        """A line's cells: its members, then its parent."""
        position, parent, rest = line
        head, tail = rest[:position], rest[position:]
        members = self.members[position][parent]
        return [(*head, member, *tail) for member in members] + [(*head, parent, *tail)]

    def cells(self, index: int) -> list[Key]:
        found = self._cells[index]
        if found is None:
            found = self._cells[index] = self.line(self.ids[index])
        return found

    def all_cells(self) -> list[list[Key]]:
        return [self.cells(index) for index in range(len(self.ids))]

    def at(self, key: Key) -> list[int]:
        """The lines through a cell that are looked at, by index."""
        found = self._at.get(key)
        if found is None:
            index_of = self.index_of
            found = [index_of[line] for line in self.through_cell(key) if line in index_of]
            self._at[key] = found
        return found

    def parent(self, index: int) -> Key:
        """A line's parent cell (its last), without making the others."""
        position, parent, rest = self.ids[index]
        return (*rest[:position], parent, *rest[position:])

    def add(self, found: set[LineId], fresh: Collection[Key] | None = None) -> None:
        """Lines not yet looked at, after the others, in a fixed order. `fresh`: the cells
        hidden since the last lines were added, when every other hidden cell's lines have
        been (so a new line's hidden cells are among them)."""
        first = len(self.ids)
        self._at.clear()  # a cell may lie on the new lines too
        for line in sorted(found - self.index_of.keys(), key=repr):
            self.index_of[line] = len(self.ids)
            self.ids.append(line)
            self._cells.append(None)
            self.hidden_count.append(0)
            self.hidden_in.append([])
        if self.published is None:  # count the hidden cells, fewer than the lines' cells
            for key in self.hidden if fresh is None else fresh:
                for index in self.at(key):
                    if index >= first:
                        self.hidden_count[index] += 1
                        self.hidden_in[index].append(key)
            return
        for index in range(first, len(self.ids)):
            self.hidden_count[index] = sum(1 for key in self.cells(index) if self.is_hidden(key))

    def hide(self, cells: Collection[Key]) -> list[int]:
        """Hide `cells` too; the lines that now hold exactly one hidden cell."""
        fresh = [key for key in cells if not self.is_hidden(key)]
        self.hidden.update(cells)
        counts = self.hidden_count
        return [index for index in self.hidden_now(fresh) if counts[index] == 1]

    def hidden_now(self, cells: Collection[Key]) -> list[int]:
        """Count cells just hidden on the lines they lie on; those lines."""
        counts, hidden_in = self.hidden_count, self.hidden_in
        every = self.published is None
        touched = []
        for key in cells:
            for index in self.at(key):
                counts[index] += 1
                touched.append(index)
                if every:
                    hidden_in[index].append(key)
        return touched

    def zero_totals(self, values: dict[Key, int], can_hide: Callable[[Key], bool]) -> set[Key]:
        """The totals of 0 that may be hidden, of lines with a hidden member."""
        found = set()
        hidden = self.hidden
        for index, inside in enumerate(self.hidden_count):
            if not inside:
                continue
            parent = self.parent(index)
            if values.get(parent, 0) != 0 or not can_hide(parent):
                continue
            if self.published is None:
                if inside > (parent in hidden):
                    found.add(parent)
            elif any(key in hidden for key in self.cells(index)[:-1]):
                found.add(parent)
        return found

    def holding_hidden(self) -> tuple[Sequence[list[Key]], list[list[Key]] | None]:
        """The lines holding a hidden (or unpublished) cell, in order (made only when
        looked at), and where every cell is published, the hidden cells of each."""
        held = [index for index, n in enumerate(self.hidden_count) if n]
        if self.published is not None:
            return [self.cells(index) for index in held], None
        return _Made(self, held), [self.hidden_in[index] for index in held]


class _Made(Sequence[list[Key]]):
    """Some lines' cells, each made when first looked at."""

    def __init__(self, lines: Lines, indexes: list[int]) -> None:
        self.lines = lines
        self.indexes = indexes

    def __len__(self) -> int:
        return len(self.indexes)

    @overload
    def __getitem__(self, index: int) -> list[Key]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[list[Key]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.lines.cells(i) for i in self.indexes[index]]
        return self.lines.cells(self.indexes[index])
